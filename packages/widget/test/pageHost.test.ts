// @vitest-environment jsdom
import type { Transport } from '@kefu/core'
import { createTestAgent, type TestAgent } from '@kefu/core/testing'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startPageHost, type HostOptions, type PageHost } from '../src/host/pageHost'
import { startRuntime } from '../src/host/runtime'
import { watchVisitor } from '../src/host/visitorWatch'
import { installLoader } from '../src/loader/loader'
import { SOBOT_CUSTOM_BUTTON_SNIPPET } from './seedSnippets'

// What a store page pays for before the chat opens: the small host alone, and what makes it load the rest.

type Loose = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const g = window as unknown as Loose
const run = (code: string) => (0, eval)(code)
const SYSNUM = '3542411be2184c8cb6b48d66ca1b2730'
const SOBOT_PAGE = SOBOT_CUSTOM_BUTTON_SNIPPET.replace('custom:true', 'color:"04babc"')

let agent: TestAgent
let page: PageHost | undefined
let loads: string[]
let connects: number

/** The transport, counting connections (the watch's and the runtime's). */
const counted = (transport: Transport): Transport => ({
  ...transport,
  connect(handlers) {
    connects++
    transport.connect(handlers)
  },
})

function start(code: string, token?: string): PageHost {
  run(code)
  installLoader()
  agent = createTestAgent({ staff: { staffId: '1001', staffNickName: '小洽', recordId: '1_12312' } })
  if (token) localStorage.setItem(`kefu:${SYSNUM}:visitorToken`, token)
  const transport = counted(agent.transport)
  const options: HostOptions = {
    createTransport: () => transport,
    mobile: false,
    load: (async (_page: PageHost, what: string) => {
      loads.push(what)
      return what === 'startRuntime'
        ? startRuntime
        : (p: PageHost, handlers: Parameters<typeof watchVisitor>[1]) => watchVisitor(transport, { ...handlers, companyId: p.companyId, storage: p.storage, entry: p.entry })
    }) as HostOptions['load'],
  }
  page = startPageHost(options)
  return page!
}

const settle = async () => {
  for (let i = 0; i < 3; i++) await agent.settle()
}

beforeEach(() => {
  loads = []
  connects = 0
})
afterEach(() => {
  page?.destroy()
  page = undefined
  for (const key of ['_kefu', '_echat', 'zc', 'cbk', 'ECHAT']) delete g[key]
  document.head.innerHTML = ''
  document.body.innerHTML = ''
  localStorage.clear()
  sessionStorage.clear()
  vi.restoreAllMocks()
})

describe('the small host: a page that never opens the chat', () => {
  it('a visitor kefu has never seen: the button, Echat ready, the getters — no connection and nothing more loaded', async () => {
    const ready = vi.fn()
    start(`${SOBOT_PAGE}\n_kefu = undefined;`)
    g._echat('on', { ready })
    await settle()
    const button = document.querySelector('.kefu-launcher') as HTMLButtonElement
    expect(button.style.background).toBe('rgb(4, 186, 188)')
    expect(ready).toHaveBeenCalledTimes(1)
    expect(g.ECHAT.getUnReadMsgCount()).toBe(0)
    expect(g.ECHAT.getMiniStatus()).toBe('close')
    expect(g.ECHAT.getEchatVisitorId()).toBe('')
    expect(connects).toBe(0)
    expect(loads).toEqual([])
    expect(document.querySelector('iframe')).toBeNull()
  })

  it('a visitor with a token: one watch connection, no history, the badge and newMsg follow the unread count', async () => {
    const newMsg: number[] = []
    start(SOBOT_PAGE, 'test-token:test-visitor-1')
    g._echat('on', { newMsg: (n: number) => newMsg.push(n) })
    await settle()
    expect(loads).toEqual(['startWatch'])
    expect(connects).toBe(1)
    const hello = agent.received.find((frame) => frame.type === 'hello')!
    // The welcome's messages are those after lastSeq: the badge needs none of them.
    expect(hello).toMatchObject({ visitorToken: 'test-token:test-visitor-1', lastSeq: 2 ** 31 - 2 })
    expect(g.ECHAT.getEchatVisitorId()).toBe('test-visitor-1')
    expect(page!.runtime()).toBeUndefined()

    // An agent's message: the badge shows it at once, and the chat runtime loads to follow the chat.
    agent.say('您好')
    await settle()
    expect(newMsg).toEqual([1])
    expect((document.querySelector('.kefu-launcher-badge') as HTMLElement).textContent).toBe('1')
    expect(loads).toEqual(['startWatch', 'startRuntime'])
    expect(page!.runtime()).toBeDefined()
    // The runtime's client took over from the watch (one connection at a time).
    expect(connects).toBe(2)
    expect(g.ECHAT.getUnReadMsgCount()).toBe(1)
  })

  it('what loads the runtime, and when: the button now; newEvent, getChatStatus and invitations when idle; newMsg never', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    start(SOBOT_PAGE)
    g._echat('on', { ready() {}, newMsg() {} })
    await vi.advanceTimersByTimeAsync(1000)
    expect(loads).toEqual([])
    g._echat('on', { newEvent() {} })
    expect(g.ECHAT.getChatStatus()).toBe(0)
    expect(loads).toEqual([])
    await vi.advanceTimersByTimeAsync(250)
    expect(loads).toEqual(['startRuntime'])
    vi.useRealTimers()
  })

  it('the button loads the runtime and opens the in-page window; calls made meanwhile run after, in order', async () => {
    start(SOBOT_PAGE)
    await settle()
    ;(document.querySelector('.kefu-launcher') as HTMLButtonElement).click()
    g.ECHAT.pushVisitorEvent({ title: '新款风衣' })
    await settle()
    expect(loads).toEqual(['startRuntime'])
    const frame = document.querySelector('.kefu-mini-window iframe') as HTMLIFrameElement
    expect(new URL(frame.src).searchParams.get('companyId')).toBe(SYSNUM)
    expect(new URLSearchParams(new URL(frame.src).hash.slice(1)).get('vt')).toBe('test-token:test-visitor-1')
    expect(g.ECHAT.getMiniStatus()).toBe('open')
    expect(agent.messages.at(-1)?.body).toMatchObject({ type: 'product', card: { title: '新款风衣' } })
  })

  it('getChatPageUrl, before and after the runtime: empty, then the chat window link with the page parameters', async () => {
    start(`${SOBOT_PAGE}\nzc('config', { echatTag: 'from-page' })`)
    expect(g.ECHAT.getChatPageUrl()).toBe('')
    page!.loadRuntime()
    await settle()
    const link = new URL(g.ECHAT.getChatPageUrl())
    expect(link.origin + link.pathname).toBe('https://kefu.example/chat')
    expect(link.searchParams.get('echatTag')).toBe('from-page')
    expect(link.searchParams.get('companyId')).toBe(SYSNUM)
  })
})
