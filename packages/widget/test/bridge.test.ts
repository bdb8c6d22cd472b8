import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { acceptPagePort, BRIDGE_HANDSHAKE, chatWindowUrl, readBridgeMessage, readChatWindowFragment } from '../src'

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))
const SHOP = 'https://shop.example'

describe('readBridgeMessage', () => {
  it('accepts each side only its own messages', () => {
    expect(readBridgeMessage({ kefu: 1, type: 'minimize' }, 'window')).toEqual({ kefu: 1, type: 'minimize' })
    expect(readBridgeMessage({ kefu: 1, type: 'minimize' }, 'page')).toBeUndefined()
    expect(readBridgeMessage({ kefu: 1, type: 'visibility', visible: true }, 'page')).toEqual({ kefu: 1, type: 'visibility', visible: true })
    expect(readBridgeMessage({ kefu: 1, type: 'visibility', visible: true }, 'window')).toBeUndefined()
    expect(readBridgeMessage({ kefu: 1, type: 'sendCard', card: { title: 'Coat' } }, 'page')).toMatchObject({ type: 'sendCard' })
  })

  it('ignores everything else on the channel', () => {
    for (const data of [
      null,
      'ready',
      JSON.stringify({ kefu: 1, type: 'ready' }), // a string, as Sobot's zc_post_message is
      { type: 'ready' },
      { kefu: 2, type: 'ready' },
      { kefu: 1, type: 'navigate', url: 'javascript:alert(1)' },
      { kefu: 1, type: 'visibility', visible: 'yes' },
      { kefu: 1, type: 'sendCard', card: null },
    ]) {
      expect(readBridgeMessage(data, 'window'), JSON.stringify(data)).toBeUndefined()
      expect(readBridgeMessage(data, 'page'), JSON.stringify(data)).toBeUndefined()
    }
  })
})

describe('chat window URL', () => {
  it('puts parameters in the query and the visitor token and page origin in the fragment', () => {
    const url = chatWindowUrl('https://kefu.example/chat', new URLSearchParams({ companyId: '12191', echatTag: '商品咨询' }), {
      visitorToken: 'v1.abc.def',
      pageOrigin: 'https://shop.example',
    })
    const parsed = new URL(url)
    expect(parsed.searchParams.get('companyId')).toBe('12191')
    expect(parsed.searchParams.get('echatTag')).toBe('商品咨询')
    expect(parsed.searchParams.has('vt')).toBe(false)
    expect(readChatWindowFragment(parsed.hash)).toEqual({ visitorToken: 'v1.abc.def', pageOrigin: 'https://shop.example' })
    expect(chatWindowUrl('https://kefu.example/chat', new URLSearchParams(), {})).toBe('https://kefu.example/chat')
  })

  it('accepts only a real origin from the fragment', () => {
    expect(readChatWindowFragment('#origin=https%3A%2F%2Fshop.example%2Fpath')).toEqual({})
    expect(readChatWindowFragment('#origin=javascript%3Aalert(1)')).toEqual({})
    expect(readChatWindowFragment('#origin=*')).toEqual({})
    expect(readChatWindowFragment('#origin=http%3A%2F%2Flocalhost%3A3000')).toEqual({ pageOrigin: 'http://localhost:3000' })
  })
})

describe('acceptPagePort: the chat window end of the bridge', () => {
  const ports: MessagePort[] = []
  afterEach(() => ports.splice(0).forEach((port) => port.close()))

  /** A chat window in a frame of `parent`; `handshake()` plays the page handing it a port. */
  function frameWindow() {
    const parent = {} as Window
    const listeners: ((event: MessageEvent) => void)[] = []
    const w = { parent, addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.push(listener) } as unknown as Window
    const handshake = (overrides: { origin?: string; source?: unknown; data?: unknown; withPort?: boolean } = {}) => {
      const channel = new MessageChannel()
      ports.push(channel.port1, channel.port2)
      const heard: unknown[] = []
      channel.port1.on('message', (data) => heard.push(data))
      const event = {
        origin: overrides.origin ?? SHOP,
        source: 'source' in overrides ? overrides.source : parent,
        data: 'data' in overrides ? overrides.data : BRIDGE_HANDSHAKE,
        ports: overrides.withPort === false ? [] : [channel.port2],
      } as unknown as MessageEvent
      for (const listener of listeners) listener(event)
      return { page: channel.port1, heard }
    }
    return { w, parent, listeners, handshake }
  }

  it('talks only over the port of the page’s handshake; what it said before waits and goes first, in order', async () => {
    const { w, handshake } = frameWindow()
    const fromPage: unknown[] = []
    const port = acceptPagePort(w, SHOP, [], (message) => fromPage.push(message))
    expect(port.embedded).toBe(true)
    port.post({ kefu: 1, type: 'ready' })
    port.post({ kefu: 1, type: 'minimize' })
    const { page, heard } = handshake()
    // A port delivers in a later turn, later still on a loaded machine: wait for what should arrive.
    await vi.waitFor(() => expect(heard).toEqual([{ kefu: 1, type: 'ready' }, { kefu: 1, type: 'minimize' }]))
    page.postMessage({ kefu: 1, type: 'visibility', visible: true })
    page.postMessage({ kefu: 1, type: 'minimize' }) // not something a page says
    page.postMessage(JSON.stringify({ kefu: 1, type: 'visibility', visible: false }))
    // The last one is heard after the two before it (a port keeps order): by then they were dropped.
    page.postMessage({ kefu: 1, type: 'visibility', visible: false })
    await vi.waitFor(() => expect(fromPage).toHaveLength(2))
    expect(fromPage).toEqual([
      { kefu: 1, type: 'visibility', visible: true },
      { kefu: 1, type: 'visibility', visible: false },
    ])
    port.post({ kefu: 1, type: 'close' })
    await vi.waitFor(() => expect(heard.at(-1)).toEqual({ kefu: 1, type: 'close' }))
  })

  it('hears its real parent whatever origin the fragment names, but only a parent of the company’s site origins when it lists them', async () => {
    // The fragment's origin is written by whoever makes the URL: it never decides who is heard.
    const open = frameWindow()
    const openPort = acceptPagePort(open.w, 'https://evil.example', [], () => undefined)
    openPort.post({ kefu: 1, type: 'ready' })
    const parent = open.handshake({ origin: SHOP })
    await vi.waitFor(() => expect(parent.heard).toEqual([{ kefu: 1, type: 'ready' }]))

    const listed = frameWindow()
    const fromPage: unknown[] = []
    const port = acceptPagePort(listed.w, 'https://evil.example', [SHOP], (message) => fromPage.push(message))
    port.post({ kefu: 1, type: 'ready' })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const hostile = listed.handshake({ origin: 'https://evil.example' })
    hostile.page.postMessage({ kefu: 1, type: 'sendCard', card: { type: 'product', title: 'x' } })
    await tick()
    expect(hostile.heard).toEqual([])
    expect(fromPage).toEqual([])
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('https://evil.example is not a site origin'))
    warn.mockRestore()
    const shop = listed.handshake({ origin: SHOP })
    await vi.waitFor(() => expect(shop.heard).toEqual([{ kefu: 1, type: 'ready' }]))
  })

  it('ignores a handshake from another origin, another window, without a port or of another shape', async () => {
    const { w, handshake } = frameWindow()
    const port = acceptPagePort(w, SHOP, [SHOP], () => undefined)
    port.post({ kefu: 1, type: 'ready' })
    const tries = [
      handshake({ origin: 'https://evil.example' }),
      handshake({ source: {} }),
      handshake({ source: null }),
      handshake({ data: { type: 'connect' } }),
      handshake({ data: JSON.stringify(BRIDGE_HANDSHAKE) }),
    ]
    handshake({ withPort: false })
    await tick()
    for (const { heard } of tries) expect(heard).toEqual([])
  })

  it('a later handshake (the page started its host again) gets ready again on the new port', async () => {
    const { w, handshake } = frameWindow()
    const port = acceptPagePort(w, SHOP, [SHOP], () => undefined)
    const first = handshake()
    port.post({ kefu: 1, type: 'ready' })
    const second = handshake()
    port.post({ kefu: 1, type: 'minimize' })
    await vi.waitFor(() => expect(second.heard).toEqual([{ kefu: 1, type: 'ready' }, { kefu: 1, type: 'minimize' }]))
    await vi.waitFor(() => expect(first.heard).toEqual([{ kefu: 1, type: 'ready' }]))
    // Nothing after `ready` goes to the port the page dropped.
    await tick()
    expect(first.heard).toEqual([{ kefu: 1, type: 'ready' }])
  })

  it('a top-level window (popup, tab, link) or a frame without the page origin has no bridge', () => {
    const top = { addEventListener: () => undefined } as unknown as Window & { parent: Window }
    ;(top as { parent: Window }).parent = top
    expect(acceptPagePort(top, SHOP, [], () => undefined).embedded).toBe(false)
    const { w, listeners } = frameWindow()
    expect(acceptPagePort(w, undefined, [], () => undefined).embedded).toBe(false)
    expect(listeners).toHaveLength(0)
  })
})
