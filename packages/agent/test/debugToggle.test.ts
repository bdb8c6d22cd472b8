import { afterEach, describe, expect, it, vi } from 'vitest'
import { BRIDGE_CHANNEL, BRIDGE_VERSION, PluginError } from '../src'
import { CONFIG, DESK, createBridge, flush } from './bridgeHarness'

const CTRL_ALT_0 = { key: '0', code: 'Digit0', ctrlKey: true, altKey: true }
const TOGGLE = { channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'debug', action: 'toggle' }

let bridge: ReturnType<typeof createBridge> | undefined
afterEach(() => {
  bridge?.cleanup()
  bridge = undefined
})

const debugPosts = (b: NonNullable<typeof bridge>) => b.toHost.filter((post) => (post.message as { type: string }).type === 'debug')

describe('Ctrl+Alt+0 in the plugin page (SDK side)', () => {
  it('asks the workbench to toggle its debug log, posting only to the workbench origin', async () => {
    const onDebugToggle = vi.fn()
    bridge = createBridge({ onDebugToggle })
    bridge.plugin.config(CONFIG)
    await flush()
    const pressed = bridge.pressInPlugin(CTRL_ALT_0)
    // Handled: the page does not also act on it.
    expect(pressed).toBe(false)
    expect(debugPosts(bridge)).toEqual([{ targetOrigin: DESK, message: TOGGLE }])
    await flush()
    expect(onDebugToggle).toHaveBeenCalledTimes(1)
    bridge.pressInPlugin({ key: '0', code: 'Numpad0', ctrlKey: true, altKey: true })
    await flush()
    expect(onDebugToggle).toHaveBeenCalledTimes(2)
    expect(bridge.log.filter((entry) => entry.name === 'debug')).toHaveLength(2)
  })

  it('ignores other keys, a held key’s repeats, and keys before config or after destroy', async () => {
    bridge = createBridge()
    bridge.pressInPlugin(CTRL_ALT_0)
    bridge.plugin.config(CONFIG)
    await flush()
    bridge.pressInPlugin({ key: '0', code: 'Digit0', ctrlKey: true })
    bridge.pressInPlugin({ key: '0', code: 'Digit0', altKey: true })
    bridge.pressInPlugin({ key: '1', code: 'Digit1', ctrlKey: true, altKey: true })
    bridge.pressInPlugin({ ...CTRL_ALT_0, repeat: true })
    expect(debugPosts(bridge)).toEqual([])
    bridge.plugin.destroy()
    bridge.pressInPlugin(CTRL_ALT_0)
    expect(debugPosts(bridge)).toEqual([])
  })

  it('works while verification is pending and after it failed: the log explains the failure', async () => {
    const onDebugToggle = vi.fn()
    let refuse: (error: Error) => void = () => {}
    bridge = createBridge({ onDebugToggle, verify: () => new Promise((_resolve, reject) => (refuse = reject)) })
    bridge.plugin.config(CONFIG)
    await flush()
    bridge.pressInPlugin(CTRL_ALT_0)
    await flush()
    expect(onDebugToggle).toHaveBeenCalledTimes(1)
    refuse(new PluginError('signature_invalid', 'bad signature'))
    await flush()
    expect(bridge.plugin.getSnapshot().status).toBe('error')
    bridge.pressInPlugin(CTRL_ALT_0)
    await flush()
    expect(onDebugToggle).toHaveBeenCalledTimes(2)
  })
})

describe('the debug message (host side)', () => {
  it('is accepted only from the frame’s window at the registered origin, like every message', async () => {
    const onDebugToggle = vi.fn()
    bridge = createBridge({ onDebugToggle })
    bridge.deliverToHost(TOGGLE, 'https://evil.example')
    bridge.deliverToHost(TOGGLE, 'https://plugin.example', bridge.top)
    bridge.deliverToHost(TOGGLE, 'https://plugin.example', null)
    bridge.deliverToHost({ ...TOGGLE, channel: 'other' })
    expect(onDebugToggle).not.toHaveBeenCalled()
    // Not verified yet, and that is fine: the page may be failing verification.
    bridge.deliverToHost(TOGGLE)
    expect(onDebugToggle).toHaveBeenCalledTimes(1)
    expect(bridge.log.at(-1)).toMatchObject({ direction: 'fromPlugin', name: 'debug', data: { action: 'toggle' } })
  })

  it('ignores an unknown action, and survives a throwing onDebugToggle', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const onDebugToggle = vi.fn(() => {
        throw new Error('boom')
      })
      bridge = createBridge({ onDebugToggle })
      bridge.deliverToHost({ ...TOGGLE, action: 'open' })
      expect(onDebugToggle).not.toHaveBeenCalled()
      expect(bridge.log.at(-1)).toMatchObject({ name: 'debug', note: 'ignored: unknown message type' })
      bridge.deliverToHost(TOGGLE)
      bridge.deliverToHost(TOGGLE)
      expect(onDebugToggle).toHaveBeenCalledTimes(2)
      expect(consoleError).toHaveBeenCalledWith('[kefu/agent host] onDebugToggle threw', expect.any(Error))
    } finally {
      consoleError.mockRestore()
    }
  })

  it('without onDebugToggle, the message is logged and nothing breaks', async () => {
    bridge = createBridge()
    bridge.deliverToHost(TOGGLE)
    bridge.plugin.config(CONFIG)
    await flush()
    expect(bridge.host.status).toBe('ready')
    expect(bridge.log.some((entry) => entry.name === 'debug')).toBe(true)
  })
})
