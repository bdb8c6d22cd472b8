// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createWindowBridge, type WindowBridge } from '../src/host/windowBridge'

const KEFU = 'https://kefu.example'
const CARD = { type: 'product', title: '春季外套' } as const

let bridge: WindowBridge | undefined
afterEach(() => {
  bridge?.destroy()
  document.body.innerHTML = ''
})

function setup() {
  const frame = document.createElement('iframe')
  document.body.appendChild(frame)
  const target = frame.contentWindow!
  const posted = vi.spyOn(target, 'postMessage')
  const received: string[] = []
  bridge = createWindowBridge(window, KEFU, () => [target], (message) => received.push(message.type))
  const say = (type: string, origin = KEFU, source: Window = target) =>
    window.dispatchEvent(new MessageEvent('message', { data: { kefu: 1, type }, origin, source }))
  return { bridge, target, posted, received, say }
}

describe('createWindowBridge', () => {
  it('holds messages until the window says ready: the latest visibility and every card, in order', () => {
    const { bridge, target, posted, received, say } = setup()
    bridge.post(target, { type: 'visibility', visible: true })
    bridge.post(target, { type: 'sendCard', card: CARD })
    bridge.post(target, { type: 'visibility', visible: false })
    expect(posted).not.toHaveBeenCalled()
    say('ready')
    expect(posted.mock.calls).toEqual([
      [{ kefu: 1, type: 'sendCard', card: CARD }, KEFU],
      [{ kefu: 1, type: 'visibility', visible: false }, KEFU],
    ])
    expect(received).toEqual(['ready'])
    // Ready: straight through, and nothing is sent twice.
    bridge.post(target, { type: 'visibility', visible: true })
    expect(posted).toHaveBeenCalledTimes(3)
    expect(posted).toHaveBeenLastCalledWith({ kefu: 1, type: 'visibility', visible: true }, KEFU)
    for (const [, origin] of posted.mock.calls) expect(origin).toBe(KEFU)
  })

  it('a ready from another origin, another window or without kefu: 1 releases nothing', () => {
    const { bridge, target, posted, received, say } = setup()
    bridge.post(target, { type: 'visibility', visible: true })
    say('ready', 'https://evil.example')
    say('ready', KEFU, window)
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'ready' }, origin: KEFU, source: target }))
    expect(posted).not.toHaveBeenCalled()
    expect(received).toEqual([])
  })

  it('after reset (a new page in the frame) messages wait for the next ready', () => {
    const { bridge, target, posted, say } = setup()
    say('ready')
    bridge.reset(target)
    bridge.post(target, { type: 'visibility', visible: true })
    expect(posted).not.toHaveBeenCalled()
    say('ready')
    expect(posted.mock.calls).toEqual([[{ kefu: 1, type: 'visibility', visible: true }, KEFU]])
  })

  it('ignores a missing target, and hears nothing after destroy', () => {
    const { bridge, received, say } = setup()
    bridge.post(null, { type: 'visibility', visible: true })
    bridge.post(undefined, { type: 'visibility', visible: true })
    bridge.destroy()
    say('minimize')
    expect(received).toEqual([])
  })
})
