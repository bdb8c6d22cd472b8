// @vitest-environment jsdom
import { MessageChannel as NodeMessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFrameBridge, type FrameBridge } from '../src/host/windowBridge'

const KEFU = 'https://kefu.example'
const CARD = { type: 'product', title: '春季外套' } as const
const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

let bridge: FrameBridge | undefined
const ports: NodeMessagePort[] = []
afterEach(() => {
  bridge?.destroy()
  for (const port of ports.splice(0)) port.close()
  document.body.innerHTML = ''
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

/** A frame whose window's postMessage is recorded; `load(src)` plays the frame loading `src`. */
function setup() {
  vi.stubGlobal('MessageChannel', NodeMessageChannel)
  const frame = document.createElement('iframe')
  document.body.appendChild(frame)
  const posted = vi.spyOn(frame.contentWindow!, 'postMessage').mockImplementation(() => undefined)
  const received: string[] = []
  bridge = createFrameBridge(frame, KEFU, (message) => received.push(message.type))
  /** The frame shows `src`; returns the chat window's end of the channel the page handed it, if any. */
  const load = (src: string) => {
    Object.defineProperty(frame, 'src', { configurable: true, get: () => src })
    const before = posted.mock.calls.length
    frame.dispatchEvent(new Event('load'))
    const call = posted.mock.calls[before]
    if (!call) return undefined
    const port = ((call as unknown[])[2] as NodeMessagePort[])[0]!
    ports.push(port)
    const heard: unknown[] = []
    port.on('message', (data) => heard.push(data))
    return { call, port, heard }
  }
  return { bridge, frame, posted, received, load }
}

describe('createFrameBridge', () => {
  it('hands the frame one port with the kefu origin as target once a kefu page has loaded', async () => {
    const { posted, load } = setup()
    // The frame's first about:blank, or a page elsewhere, gets nothing.
    expect(load('about:blank')).toBeUndefined()
    expect(load('https://evil.example/chat')).toBeUndefined()
    expect(load('https://kefu.example.evil.example/chat')).toBeUndefined()
    const window = load(`${KEFU}/chat?companyId=1`)!
    expect(posted).toHaveBeenCalledTimes(1)
    expect(window.call[0]).toEqual({ kefu: 1, type: 'connect' })
    expect(window.call[1]).toBe(KEFU)
  })

  it('holds messages until the window says ready over the port: the latest visibility and every card, in order', async () => {
    const { bridge, received, load } = setup()
    bridge.post({ type: 'visibility', visible: true })
    bridge.post({ type: 'sendCard', card: CARD })
    const window = load(`${KEFU}/chat`)!
    bridge.post({ type: 'visibility', visible: false })
    await tick()
    expect(window.heard).toEqual([])
    window.port.postMessage({ kefu: 1, type: 'ready' })
    // A port delivers in a later turn, later still on a loaded machine: wait for what should arrive.
    await vi.waitFor(() => expect(received).toEqual(['ready']))
    await vi.waitFor(() =>
      expect(window.heard).toEqual([
        { kefu: 1, type: 'sendCard', card: CARD },
        { kefu: 1, type: 'visibility', visible: false },
      ]),
    )
    // Ready: straight through.
    bridge.post({ type: 'visibility', visible: true })
    await vi.waitFor(() => expect(window.heard.at(-1)).toEqual({ kefu: 1, type: 'visibility', visible: true }))
    expect(window.heard).toHaveLength(3)
  })

  it('takes from the port only what a chat window may say', async () => {
    const { received, load } = setup()
    const window = load(`${KEFU}/chat`)!
    for (const data of [{ type: 'ready' }, { kefu: 1, type: 'visibility', visible: true }, 'ready', { kefu: 1, type: 'navigate' }]) window.port.postMessage(data)
    window.port.postMessage({ kefu: 1, type: 'minimize' })
    // Sent last, heard last (a port keeps order): by then the others were dropped.
    await vi.waitFor(() => expect(received).toHaveLength(1))
    expect(received).toEqual(['minimize'])
  })

  it('after reset or a new page in the frame, messages wait for the new page’s ready, and the old port is dead', async () => {
    const { bridge, received, load } = setup()
    const first = load(`${KEFU}/chat?echatTag=a`)!
    first.port.postMessage({ kefu: 1, type: 'ready' })
    await vi.waitFor(() => expect(received).toEqual(['ready']))
    bridge.reset()
    bridge.post({ type: 'visibility', visible: true })
    first.port.postMessage({ kefu: 1, type: 'minimize' })
    await tick()
    expect(first.heard).toEqual([])
    expect(received).toEqual(['ready'])
    const second = load(`${KEFU}/chat?echatTag=b`)!
    second.port.postMessage({ kefu: 1, type: 'ready' })
    await vi.waitFor(() => expect(received).toEqual(['ready', 'ready']))
    await vi.waitFor(() => expect(second.heard).toEqual([{ kefu: 1, type: 'visibility', visible: true }]))
  })

  it('hears nothing after destroy', async () => {
    const { bridge, received, load } = setup()
    const window = load(`${KEFU}/chat`)!
    bridge.destroy()
    window.port.postMessage({ kefu: 1, type: 'ready' })
    await tick()
    expect(received).toEqual([])
    expect(load(`${KEFU}/chat`)).toBeUndefined()
  })
})
