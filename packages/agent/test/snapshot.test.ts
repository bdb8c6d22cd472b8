import { afterEach, describe, expect, it, vi } from 'vitest'
import { PluginError, type ReceivedMessage, type SelectedVisitor } from '../src'
import { CONFIG, createBridge, flush } from './bridgeHarness'

const visitor = (visitorId: string, chatStatus: 0 | 1 | 2 = 1): SelectedVisitor => ({
  chatStatus,
  metaData: '',
  myData: '',
  visitorData: { visitorId },
  routeData: {},
  chatData: {},
  crmData: {},
  proof: null,
})
const text = (visitorId: string, id: string): ReceivedMessage => ({
  visitorId,
  msgType: 1,
  content: id,
  message: { id, seq: 1, sender: 'visitor', createdAt: 1, state: 'sent', visibility: 'both', body: { type: 'text', text: id } },
})

let bridge: ReturnType<typeof createBridge> | undefined
afterEach(() => {
  bridge?.cleanup()
  bridge = undefined
})

describe('snapshot', () => {
  it('is frozen, replaced on change, and kept (without notifying) when nothing changed', async () => {
    bridge = createBridge()
    const { plugin, host } = bridge
    const listener = vi.fn()
    plugin.subscribe(listener)
    const initial = plugin.getSnapshot()
    expect(Object.isFrozen(initial)).toBe(true)
    expect(Object.isFrozen(initial.messages)).toBe(true)
    expect(plugin.getSnapshot()).toBe(initial)

    plugin.config(CONFIG)
    expect(listener).toHaveBeenCalledTimes(1)
    const verifying = plugin.getSnapshot()
    expect(verifying).not.toBe(initial)
    expect(initial.status).toBe('unconfigured')
    await flush()
    expect(plugin.getSnapshot().status).toBe('ready')
    const calls = listener.mock.calls.length

    host.selectVisitor(visitor('v-1'))
    await flush()
    const selected = plugin.getSnapshot()
    expect(selected.selected).toEqual(visitor('v-1'))
    expect(listener).toHaveBeenCalledTimes(calls + 1)

    // The same visitor again, equal by value: same snapshot, no notification.
    host.selectVisitor(visitor('v-1'))
    await flush()
    expect(plugin.getSnapshot()).toBe(selected)
    expect(listener).toHaveBeenCalledTimes(calls + 1)

    // A call or a crm update changes nothing in the snapshot.
    await plugin.sendTxtMsgToVisitor('x')
    host.crmUpdated({ visitorId: 'v-1', name: 'n' })
    await flush()
    expect(plugin.getSnapshot()).toBe(selected)
    expect(listener).toHaveBeenCalledTimes(calls + 1)
  })

  it('collects the selected visitor’s messages, and starts over for another visitor', async () => {
    bridge = createBridge()
    const { plugin, host } = bridge
    plugin.config(CONFIG)
    await flush()
    host.selectVisitor(visitor('v-1'))
    host.receiveMessage(text('v-1', 'a'))
    host.receiveMessage(text('v-2', 'not selected'))
    host.receiveMessage(text('v-1', 'b'))
    await flush()
    const withTwo = plugin.getSnapshot()
    expect(withTwo.messages.map((m) => m.content)).toEqual(['a', 'b'])
    expect(Object.isFrozen(withTwo.messages)).toBe(true)

    // The same visitor with a new chat status keeps the messages.
    host.selectVisitor(visitor('v-1', 2))
    await flush()
    expect(plugin.getSnapshot().messages).toBe(withTwo.messages)
    expect(plugin.getSnapshot().selected?.chatStatus).toBe(2)

    host.selectVisitor(visitor('v-2'))
    await flush()
    expect(plugin.getSnapshot().messages).toEqual([])
    expect(withTwo.messages).toHaveLength(2)

    host.selectVisitor(null)
    await flush()
    expect(plugin.getSnapshot()).toMatchObject({ selected: null, messages: [] })
  })

  it('an unsubscribed listener is not called, and a throwing listener does not stop the others', async () => {
    bridge = createBridge()
    const quiet = vi.fn()
    const loud = vi.fn()
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    bridge.plugin.subscribe(() => {
      throw new Error('boom')
    })
    bridge.plugin.subscribe(loud)
    bridge.plugin.subscribe(quiet)()
    bridge.plugin.config(CONFIG)
    expect(quiet).not.toHaveBeenCalled()
    expect(loud).toHaveBeenCalledTimes(1)
    expect(errors).toHaveBeenCalled()
    errors.mockRestore()
  })

  it('a subscriber that configures again after a refusal is not re-entered, and every subscriber hears the refusal first', async () => {
    let refuse = true
    bridge = createBridge({ verify: async () => (refuse ? Promise.reject(new PluginError('nonce_replayed', 'used nonce')) : undefined) })
    const { plugin } = bridge
    const calls: string[] = []
    const errors: string[] = []
    let inside = false
    let reentered = false
    plugin.subscribe(() => {
      reentered ||= inside
      inside = true
      const { status } = plugin.getSnapshot()
      calls.push(`retry ${status}`)
      if (status === 'error' && refuse) {
        refuse = false
        plugin.config({ ...CONFIG, nonce: 'n-2' })
      }
      inside = false
    })
    plugin.subscribe(() => calls.push(`watch ${plugin.getSnapshot().status}`))
    plugin.error((error) => errors.push(`${error.reason} while ${plugin.getSnapshot().status}`))
    plugin.config(CONFIG)
    await flush()
    expect(plugin.getSnapshot().status).toBe('ready')
    expect(reentered).toBe(false)
    expect(calls).toEqual([
      'retry verifying',
      'watch verifying',
      'retry error',
      // The retry has already happened by the time the second subscriber is told of the refusal.
      'watch verifying',
      'retry verifying',
      'watch verifying',
      'retry ready',
      'watch ready',
    ])
    // The error callback runs after the subscribers heard of the refusal, not in the middle of it.
    expect(errors).toEqual(['nonce_replayed while verifying'])
  })

  it('logs every call and event in debug mode', async () => {
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {})
    bridge = createBridge()
    bridge.plugin.config({ ...CONFIG, debug: true })
    await flush()
    bridge.host.selectVisitor(visitor('v-9'))
    await bridge.plugin.sendTxtMsgToVisitor('hello')
    await flush()
    const lines = logs.mock.calls.map((call) => String(call[0]))
    expect(lines).toEqual(
      expect.arrayContaining(['[kefu/agent] call config', '[kefu/agent] event ready', '[kefu/agent] event selectVisitor', '[kefu/agent] call sendTxtMsgToVisitor']),
    )
    expect(logs.mock.calls.find((call) => call[0] === '[kefu/agent] call sendTxtMsgToVisitor')?.[1]).toBe('hello')
    logs.mockRestore()
  })
})

describe('debug off', () => {
  it('logs nothing by default', async () => {
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {})
    bridge = createBridge()
    bridge.plugin.config(CONFIG)
    await flush()
    await bridge.plugin.sendTxtMsgToVisitor('quiet')
    expect(logs).not.toHaveBeenCalled()
    logs.mockRestore()
  })
})
