// @vitest-environment jsdom
import { MessageChannel as NodeMessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ServerFrame, Transport } from '@kefu/core'
import { createTestAgent, type TestAgent, type TestAgentOptions } from '@kefu/core/testing'
import { echatEventsFor, type EchatEvent, type EchatSourceEvent } from '../src/compat'
import { startPageHost, type HostOptions, type PageHost } from '../src/host/pageHost'
import { startRuntime, type RuntimeHandle } from '../src/host/runtime'
import { watchVisitor } from '../src/host/visitorWatch'
import { ECHAT_EXAMPLE_1, ECHAT_EXAMPLE_PARAMS, SOBOT_CUSTOM_BUTTON_SNIPPET } from './seedSnippets'
import { installLoader } from '../src/loader/loader'

type Loose = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const g = window as unknown as Loose
const run = (code: string) => (0, eval)(code)

// The Echat seed's 示例一 (seedSnippets.ts), then its section 13 listener registration, verbatim apart from the bodies.
const ECHAT_SNIPPET = ECHAT_EXAMPLE_1 + `_echat('on',{
        ready: function () {
            window.__log.push('ready')
        },
        newMsg: function (num) {
            window.__log.push('newMsg ' + num)
        },
        newEvent: function (data) {
            window.__events.push(data)
        }
    });
`

const ECHAT_ORIGIN = 'http://www.echatsoft.com'

/** The page's host as the tests drive it: the small host, and the runtime it loaded. */
interface Host {
  readonly page: PageHost
  readonly runtime: RuntimeHandle
  readonly client: RuntimeHandle['client']
  readonly controls: RuntimeHandle['controls']
  destroy(): void
}
let host: Host | undefined
let agent: TestAgent

function resetPage() {
  host?.destroy()
  host = undefined
  for (const key of ['_kefu', '_echat', 'zc', 'cbk', 'ECHAT', '_echatServer', '__log', '__events']) delete g[key]
  document.head.innerHTML = ''
  document.body.innerHTML = '<script></script>'
  document.title = '订单详细信息'
  localStorage.clear()
  sessionStorage.clear()
  setVisibility('visible')
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  document.dispatchEvent(new Event('visibilitychange'))
}

/** Host options over the test agent: the runtime and the watch are in this bundle, not loaded as scripts. */
function hostOptions(transport: Transport, extra: Partial<HostOptions> = {}): HostOptions {
  return {
    createTransport: () => transport,
    mobile: false,
    load: (async (_page: PageHost, what: 'startRuntime' | 'startWatch') =>
      what === 'startRuntime'
        ? startRuntime
        : (page: PageHost, handlers: Parameters<typeof watchVisitor>[1]) =>
            watchVisitor(transport, { ...handlers, companyId: page.companyId, storage: page.storage, entry: page.entry })) as HostOptions['load'],
    ...extra,
  }
}

/** The small host started over the test agent, as `host`; with `runtime` (default), the runtime loaded too. */
async function startOver(transport: Transport, options: Partial<HostOptions> = {}, runtime = true, settle = true): Promise<Host> {
  const page = startPageHost(hostOptions(transport, options))!
  if (runtime) page.loadRuntime()
  if (settle) {
    await agent.settle()
    await agent.settle()
  }
  host = {
    page,
    get runtime() {
      return page.runtime() as RuntimeHandle
    },
    get client() {
      return (page.runtime() as RuntimeHandle).client
    },
    get controls() {
      return (page.runtime() as RuntimeHandle).controls
    },
    destroy: () => page.destroy(),
  }
  return host
}

/** Runs the page's snippet and code, the loader, then the host over a test agent (its runtime loaded unless `runtime: false`). */
async function boot(
  page: string,
  options: { agent?: TestAgentOptions; mobile?: boolean; fetch?: typeof fetch; whileLoading?: string; transport?: (transport: Transport) => Transport; runtime?: boolean } = {},
) {
  g.__log = []
  g.__events = []
  run(page)
  installLoader()
  // What the page does once echat.js / entrance.js ran, before the host runtime arrived.
  if (options.whileLoading) run(options.whileLoading)
  agent = createTestAgent({ staff: { staffId: '1001', staffNickName: '小洽', recordId: '1_12312' }, ...options.agent })
  const transport = options.transport ? options.transport(agent.transport) : agent.transport
  return startOver(transport, { mobile: options.mobile ?? false, ...(options.fetch ? { fetch: options.fetch } : {}) }, options.runtime !== false)
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))
/** What window.open gives: a blank window the host writes into and points elsewhere. */
const fakeWindow = () => ({ closed: false, location: { href: 'about:blank' }, document: document.implementation.createHTMLDocument('') })
const ports: NodeMessagePort[] = []
/** The page's end of each channel the host made (the stub below records them). */
const pagePorts: NodeMessagePort[] = []
class RecordedChannel extends NodeMessageChannel {
  constructor() {
    super()
    pagePorts.push(this.port1)
  }
}

/**
 * Plays the in-page frame loading its chat window: the page hands it a port in its handshake
 * (`handshake`: what it posted, and to which origin); `say` posts from the chat window's end.
 */
function connectFrame(frame: HTMLIFrameElement) {
  vi.stubGlobal('MessageChannel', RecordedChannel)
  const posted = vi.spyOn(frame.contentWindow!, 'postMessage').mockImplementation(() => undefined)
  frame.dispatchEvent(new Event('load'))
  const [data, origin, transfer] = posted.mock.calls.at(-1)! as unknown as [unknown, string, NodeMessagePort[]]
  const port = transfer[0]!
  const pagePort = pagePorts.at(-1)!
  ports.push(port)
  const heard: unknown[] = []
  port.on('message', (message) => heard.push(message))
  return {
    handshake: [data, origin],
    heard,
    /** Posts from the chat window, and returns once the page has handled it (ports deliver in a later turn). */
    async say(type: string) {
      const handled = new Promise((resolve) => pagePort.addEventListener('message', resolve, { once: true }))
      port.postMessage({ kefu: 1, type })
      await handled
      await tick()
    },
  }
}

beforeEach(resetPage)
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  ports.splice(0).forEach((port) => port.close())
  resetPage()
})

describe('host runtime: the Echat snippet', () => {
  it('replays both initParam calls and the queued on(), then follows agent messages with newMsg and getUnReadMsgCount', async () => {
    const h = await boot(ECHAT_SNIPPET)
    expect(h.client.companyId).toBe('12191')
    expect(h.controls.params().entry.echatTag).toBe('商品测试')
    expect(h.controls.params().chatWindow?.name).toBe('echatChatWindow')
    expect(g.__log).toEqual(['ready'])
    expect(g.ECHAT.getEchatVisitorId()).toBe('test-visitor-1')
    expect(g.ECHAT.getUnReadMsgCount()).toBe(0)

    agent.say('您好')
    await agent.settle()
    expect(g.ECHAT.getUnReadMsgCount()).toBe(1)
    agent.say('在吗')
    await agent.settle()
    expect(g.ECHAT.getUnReadMsgCount()).toBe(2)
    expect(g.__log).toEqual(['ready', 'newMsg 1', 'newMsg 2'])

    // A second handler set registered later also gets ready (at once) and later changes.
    const later: string[] = []
    g._echat('on', { ready: () => later.push('ready'), newMsg: (n: number) => later.push(`newMsg ${n}`) })
    g.ECHAT.maxMiniChat()
    await agent.settle()
    expect(g.ECHAT.getUnReadMsgCount()).toBe(0)
    expect(later).toEqual(['ready', 'newMsg 0'])
    expect(g.__log.at(-1)).toBe('newMsg 0')
  })

  it('keeps a call queued on ECHAT during loading, after the queued _echat calls', async () => {
    g.__log = []
    g.__events = []
    run(ECHAT_SNIPPET)
    installLoader()
    g.ECHAT.setPageTitle('我的订单')
    g.ECHAT.customMiniChat({ echatTag: 'from-mini' })
    agent = createTestAgent()
    await startOver(agent.transport, {}, false)
    const frame = document.querySelector('.kefu-mini-window iframe') as HTMLIFrameElement
    expect(new URL(frame.src).searchParams.get('echatTag')).toBe('from-mini')
    expect(g.ECHAT.getMiniStatus()).toBe('open')
    expect(document.title).toBe('我的订单')
  })

  it('newEvent gets every echatEventsFor payload of a whole chat, in order', async () => {
    const h = await boot(ECHAT_SNIPPET, { agent: { evaluateOnVisitorEnd: true } })
    const expected: EchatEvent[] = []
    const sources: EchatSourceEvent[] = ['statusChange', 'staffChange', 'staffStatus', 'message', 'queuePosition', 'evaluation', 'windowChange', 'trackInfo', 'visitorSendMsg']
    for (const name of sources) {
      h.client.on(name, (payload) => expected.push(...echatEventsFor(name, payload as never, h.client.getSnapshot(), { companyId: 12191, companyName: '' })))
    }
    g.__events.length = 0

    g.ECHAT.customMiniChat()
    await h.client.requestChat()
    agent.queue(2)
    await agent.settle()
    agent.accept()
    await agent.settle()
    g.ECHAT.hideMiniChat()
    agent.say('您好，请问有什么可以帮您')
    await agent.settle()
    await h.client.send('我想问一下订单')
    await agent.settle()
    agent.end(2, { evaluate: true })
    await agent.settle()
    await h.client.evaluate({ score: 5 })
    await agent.settle()

    expect(g.__events.length).toBeGreaterThan(8)
    expect(g.__events).toEqual(expected)
    const actions = (g.__events as EchatEvent[]).map((e) => e.eventAction)
    expect(actions).toEqual(
      expect.arrayContaining(['echatPageStatus', 'chatStatus', 'queuePostion', 'chatStaffInfo', 'Served by Agent', 'visitorHide', 'newMsg', 'visitorSendMsg', 'visitorEvaluate', 'Chat_Evaluate_5']),
    )
    const newMsg = (g.__events as EchatEvent[]).find((e) => e.eventAction === 'newMsg')
    expect(newMsg?.eventLabel).toBe('您好，请问有什么可以帮您')
    expect(actions.indexOf('queuePostion')).toBeLessThan(actions.indexOf('chatStaffInfo'))
  })
})

/** The test agent's transport, with the company name `@kefu/server` puts in every welcome. */
const withCompanyName =
  (companyName: string) =>
  (transport: Transport): Transport => ({
    ...transport,
    connect: (handlers) =>
      transport.connect({ ...handlers, frame: (frame: ServerFrame) => handlers.frame(frame.type === 'welcome' ? { ...frame, companyName } : frame) }),
  })

describe('host runtime: echatPageStatus', () => {
  const pageStatus = () => (g.__events as EchatEvent[]).filter((e) => e.eventAction === 'echatPageStatus').map((e) => e.eventLabel)

  it('event 7 names the company the welcome names', async () => {
    await boot(ECHAT_SNIPPET, { transport: withCompanyName('一洽客服系统') })
    g.ECHAT.customMiniChat()
    await agent.settle()
    g.ECHAT.hideMiniChat()
    await agent.settle()
    expect(pageStatus()).toEqual([
      { event: 7, eventValue: { companyId: 12191, companyName: '一洽客服系统' } },
      { event: 8, eventValue: '' },
    ])
  })

  it('a window opened before the first welcome reports event 7 after it, with the company name', async () => {
    await boot(ECHAT_SNIPPET, { transport: withCompanyName('一洽客服系统'), whileLoading: 'ECHAT.customMiniChat()' })
    expect(g.ECHAT.getMiniStatus()).toBe('open')
    expect(g.__log).toEqual(['ready'])
    expect(pageStatus()).toEqual([{ event: 7, eventValue: { companyId: 12191, companyName: '一洽客服系统' } }])
  })
})

describe('host runtime: chat windows', () => {
  it('customMiniChat makes the iframe with the params and #vt=…&origin=…, placed by pcMiniWinParam', async () => {
    const page = `${ECHAT_SNIPPET}
    var pcMiniWinParam = {};
    pcMiniWinParam.left = 20;
    pcMiniWinParam.bottom = 20;
    pcMiniWinParam.min = true;
    pcMiniWinParam.max = true;
    pcMiniWinParam.close = false;
    pcMiniWinParam.width = 320;
    pcMiniWinParam.height = 450;
    _echat('initParam', { pcMiniWinParam:pcMiniWinParam});`
    await boot(page, { whileLoading: 'ECHAT.customMiniChat()' })
    const container = document.querySelector('.kefu-mini-window') as HTMLElement
    const frame = container.querySelector('iframe') as HTMLIFrameElement
    const url = new URL(frame.src)
    expect(url.origin + url.pathname).toBe('http://www.echatsoft.com/chat')
    expect(url.searchParams.get('companyId')).toBe('12191')
    expect(url.searchParams.get('echatTag')).toBe('商品测试')
    expect(url.searchParams.get('lan')).toBe('zh')
    expect(JSON.parse(url.searchParams.get('visEvt')!).eventId).toBe('prod-12617')
    expect(url.searchParams.get('enterUrl')).toBe(location.href)
    const hash = new URLSearchParams(url.hash.slice(1))
    expect(hash.get('vt')).toBe('test-token:test-visitor-1')
    expect(hash.get('origin')).toBe(location.origin)
    expect(g.ECHAT.getChatPageUrl()).toBe(frame.src)

    expect(container.style.position).toBe('fixed')
    expect(container.style.left).toBe('20px')
    expect(container.style.right).toBe('')
    expect(container.style.bottom).toBe('20px')
    expect(container.style.width).toBe('320px')
    expect(container.style.height).toBe('450px')
    expect(container.style.display).toBe('flex')
    expect(container.querySelector('.kefu-mini-min')).not.toBeNull()
    expect(container.querySelector('.kefu-mini-max')).not.toBeNull()
    expect(container.querySelector('.kefu-mini-close')).toBeNull()
    expect(g.ECHAT.getMiniStatus()).toBe('open')
  })

  it('on mobile the window is full screen, or below setMobilePageTop', async () => {
    await boot(ECHAT_SNIPPET, { mobile: true, whileLoading: 'ECHAT.customMiniChat()' })
    const container = document.querySelector('.kefu-mini-window') as HTMLElement
    expect(container.style.top).toBe('0px')
    expect(container.style.width).toBe('100%')
    g.ECHAT.setMobilePageTop(150)
    expect(container.style.top).toBe('150px')
  })

  it('customNewWinChat opens a window with the seed name and size in the click, then points it at the chat window; customOpenChat opens a tab', async () => {
    await boot(ECHAT_SNIPPET)
    const opened = [fakeWindow(), fakeWindow(), fakeWindow()]
    const open = vi.spyOn(window, 'open').mockImplementation(() => opened[open.mock.calls.length - 1] as never)
    run(`${ECHAT_EXAMPLE_PARAMS}    ECHAT.customNewWinChat(chatParamObj);`)
    expect(open.mock.calls[0]).toEqual(['', 'echatChatWindow', 'width=1000,height=700'])
    await agent.settle()
    const link = new URL(opened[0]!.location.href)
    expect(link.origin + link.pathname).toBe('http://www.echatsoft.com/chat')
    expect(JSON.parse(link.searchParams.get('chatWindowParam')!)).toMatchObject({ name: 'echatChatWindow', width: 1000, height: 700 })
    expect(new URLSearchParams(link.hash.slice(1)).get('vt')).toBe(`test-token:${agent.visitorId}`)

    g.ECHAT.customNewWinChat({ chatWindowParam: { features: 'width=500,height=400,left=10' } })
    expect(open.mock.calls[1]![2]).toBe('width=500,height=400,left=10')
    g.ECHAT.customOpenChat({ echatTag: 'tab' })
    expect(open.mock.calls[2]!.slice(0, 2)).toEqual(['', '_blank'])
    await agent.settle()
    expect(new URL(opened[2]!.location.href).searchParams.get('echatTag')).toBe('tab')
    expect(g.ECHAT.getMiniStatus()).toBe('close')
  })

  it('a popup or tab opened before the first welcome opens blank, then becomes the chat window of the same visitor', async () => {
    const blank = fakeWindow
    const popup = blank()
    const tab = blank()
    const closedEarly = { ...blank(), closed: true }
    const open = vi.spyOn(window, 'open').mockReturnValue(null).mockReturnValueOnce(popup as never).mockReturnValueOnce(tab as never).mockReturnValueOnce(closedEarly as never)
    // Queued while loading: the host replays them at once, before its client has heard the welcome.
    await boot(ECHAT_SNIPPET, { whileLoading: "ECHAT.customNewWinChat(); ECHAT.customOpenChat({ echatTag: 'tab' }); ECHAT.customOpenChat()" })
    expect(open.mock.calls.map(([url, name]) => [url, name])).toEqual([
      ['', 'echatChatWindow'],
      ['', '_blank'],
      ['', '_blank'],
    ])
    expect(popup.document.body.textContent).toBe('正在连接…')
    for (const opened of [popup, tab]) {
      const link = new URL(opened.location.href)
      expect(link.origin + link.pathname).toBe('http://www.echatsoft.com/chat')
      expect(new URLSearchParams(link.hash.slice(1)).get('vt')).toBe(`test-token:${agent.visitorId}`)
      expect(new URLSearchParams(link.hash.slice(1)).get('origin')).toBe(location.origin)
    }
    expect(new URL(tab.location.href).searchParams.get('echatTag')).toBe('tab')
    // A window the visitor closed meanwhile is left alone.
    expect(closedEarly.location.href).toBe('about:blank')

    // Once the visitor is known, a window opened later is pointed at once.
    const later = blank()
    open.mockReturnValueOnce(later as never)
    g.ECHAT.customOpenChat()
    expect(new URLSearchParams(later.location.href.split('#')[1]).get('vt')).toBe(`test-token:${agent.visitorId}`)
  })

  it('hears the chat window only over the port it handed the frame, never through the page window', async () => {
    await boot(ECHAT_SNIPPET, { whileLoading: 'ECHAT.customMiniChat()' })
    const container = document.querySelector('.kefu-mini-window') as HTMLElement
    const frame = container.querySelector('iframe')!
    // What arrives at the page's window, even from our frame with the kefu origin, is the store's, not ours.
    const minimize = { kefu: 1, type: 'minimize' }
    for (const [origin, source] of [['https://evil.example', frame.contentWindow], [ECHAT_ORIGIN, window], [ECHAT_ORIGIN, frame.contentWindow]] as const) {
      window.dispatchEvent(new MessageEvent('message', { data: minimize, origin, source }))
    }
    expect(g.ECHAT.getMiniStatus()).toBe('open')
    expect(container.style.display).toBe('flex')

    const chatWindow = connectFrame(frame)
    expect(chatWindow.handshake).toEqual([{ kefu: 1, type: 'connect' }, ECHAT_ORIGIN])
    // Nothing is sent before it says ready; then it hears the current visibility.
    await tick()
    expect(chatWindow.heard).toEqual([])
    await chatWindow.say('ready')
    await vi.waitFor(() => expect(chatWindow.heard).toEqual([{ kefu: 1, type: 'visibility', visible: true }]))
    await chatWindow.say('minimize')
    expect(container.style.display).toBe('none')
    expect(g.ECHAT.getMiniStatus()).toBe('close')
    await vi.waitFor(() => expect(chatWindow.heard.at(-1)).toEqual({ kefu: 1, type: 'visibility', visible: false }))

    await chatWindow.say('maximize')
    expect(container.style.display).toBe('flex')
    await vi.waitFor(() => expect(chatWindow.heard.at(-1)).toEqual({ kefu: 1, type: 'visibility', visible: true }))
    setVisibility('hidden')
    await vi.waitFor(() => expect(chatWindow.heard.at(-1)).toEqual({ kefu: 1, type: 'visibility', visible: false }))
  })

  it('sends nothing to the frame until its chat window says ready, then the latest visibility; again after a new src', async () => {
    await boot(ECHAT_SNIPPET, { whileLoading: 'ECHAT.customMiniChat()' })
    const frame = document.querySelector('.kefu-mini-window iframe') as HTMLIFrameElement
    setVisibility('hidden')
    setVisibility('visible')
    const chatWindow = connectFrame(frame)
    g.ECHAT.hideMiniChat()
    await tick()
    expect(chatWindow.heard).toEqual([])
    await chatWindow.say('ready')
    await vi.waitFor(() => expect(chatWindow.heard).toEqual([{ kefu: 1, type: 'visibility', visible: false }]))
    g.ECHAT.customMiniChat()
    await vi.waitFor(() => expect(chatWindow.heard.at(-1)).toEqual({ kefu: 1, type: 'visibility', visible: true }))

    // Other chat parameters: the frame loads another page and is not ready until that one says so.
    const before = frame.src
    g.ECHAT.customMiniChat({ echatTag: 'another-tag' })
    expect(frame.src).not.toBe(before)
    setVisibility('hidden')
    // The old page is gone: it hears nothing more.
    await tick()
    expect(chatWindow.heard).toHaveLength(2)
    const next = connectFrame(frame)
    await next.say('ready')
    await vi.waitFor(() => expect(next.heard).toEqual([{ kefu: 1, type: 'visibility', visible: false }]))
    expect(g.ECHAT.getMiniStatus()).toBe('open')
  })

  it('posts Sobot’s zc_post_message chat_collapse_window to a Sobot page when the window collapses, as the seed’s listener parses it', async () => {
    await boot(SOBOT_CUSTOM_BUTTON_SNIPPET.replace('custom:true', 'color:"04babc"'))
    const seen: unknown[] = []
    window.addEventListener('message', (event) => seen.push(event.data))
    ;(document.querySelector('.kefu-launcher') as HTMLButtonElement).click()
    g.zc('frame_status', (status: string) => seen.push(status))
    // The chat window's own × (its header replaced the strip above the frame) hides it.
    const chat = connectFrame(document.querySelector('.kefu-mini-window iframe') as HTMLIFrameElement)
    await chat.say('ready')
    await chat.say('minimize')
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(seen).toEqual(['expand', JSON.stringify({ name: 'zc_post_message', data: { action: 'chat_collapse_window' } })])
    const { name, data } = JSON.parse(seen[1] as string)
    expect(name === 'zc_post_message' && data.action).toBe('chat_collapse_window')
  })

  it('an Echat page gets no postMessage at all (Echat documents none)', async () => {
    await boot(ECHAT_SNIPPET, { whileLoading: 'ECHAT.customMiniChat()' })
    const seen: unknown[] = []
    window.addEventListener('message', (event) => seen.push(event.data))
    g.ECHAT.hideMiniChat()
    g.ECHAT.maxMiniChat()
    g.ECHAT.hideMiniChat()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(g.ECHAT.getMiniStatus()).toBe('close')
    expect(seen).toEqual([])
  })
})

describe('host runtime: page title', () => {
  it('flashes the new-message text every second while unread and hidden, and restores the setPageTitle title', async () => {
    await boot(ECHAT_SNIPPET)
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    setVisibility('hidden')
    agent.say('您好')
    await agent.settle()
    expect(document.title).toBe('订单详细信息')
    vi.advanceTimersByTime(1000)
    expect(document.title).toBe('您有新消息')
    vi.advanceTimersByTime(1000)
    expect(document.title).toBe('订单详细信息')
    g.ECHAT.setPageTitle('我的订单')
    vi.advanceTimersByTime(1000)
    expect(document.title).toBe('您有新消息')
    vi.advanceTimersByTime(1000)
    expect(document.title).toBe('我的订单')
    vi.advanceTimersByTime(1000)
    setVisibility('visible')
    expect(document.title).toBe('我的订单')
    vi.advanceTimersByTime(3000)
    expect(document.title).toBe('我的订单')
  })
})

describe('host runtime: the Sobot snippet', () => {
  it('replays the cbk queue: custom buttons, no default button, and a .zhiCustomBtn added later opens the chat', async () => {
    const statuses: string[] = []
    await boot(`${SOBOT_CUSTOM_BUTTON_SNIPPET}\nzc('frame_status', function (s) { window.__log.push(s) })`)
    expect(g.__log).toEqual(['collapse'])
    expect(document.querySelector('.kefu-launcher')).toBeNull()
    const root = document.createElement('div')
    root.innerHTML = '<button class="zhiCustomBtn"><span>咨询</span></button>'
    document.body.appendChild(root)
    g.zc('dynamic_ready')
    root.querySelector('span')!.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    g.zc('frame_status', (s: string) => statuses.push(s))
    expect(statuses).toEqual(['expand'])
    const frame = document.querySelector('.kefu-mini-window iframe') as HTMLIFrameElement
    expect(new URL(frame.src).searchParams.get('companyId')).toBe('3542411be2184c8cb6b48d66ca1b2730')
    // entrance.js at Sobot's path: the kefu base is what comes before it.
    expect(frame.src.startsWith('https://kefu.example/chat?')).toBe(true)
  })

  it('shows the default button with an unread badge when not custom', async () => {
    await boot(`${SOBOT_CUSTOM_BUTTON_SNIPPET.replace('custom:true', 'color:"04babc", location: 2')}`)
    const button = document.querySelector('.kefu-launcher') as HTMLButtonElement
    expect(button.style.left).toBe('20px')
    expect(button.style.background).toContain('rgb(4, 186, 188)')
    agent.say('hi')
    await agent.settle()
    expect(button.querySelector('.kefu-launcher-badge')!.textContent).toBe('1')
    button.click()
    expect(g.ECHAT.getMiniStatus()).toBe('open')
  })

  it('focus follows the visitor: into the window opened with the button, back to the button when it hides', async () => {
    await boot(`${SOBOT_CUSTOM_BUTTON_SNIPPET.replace('custom:true', 'color:"04babc"')}`)
    const button = document.querySelector('.kefu-launcher') as HTMLButtonElement
    button.focus()
    button.click()
    const container = document.querySelector('.kefu-mini-window') as HTMLElement
    const frame = container.querySelector('iframe')!
    // The chat window says it is ready over its bridge.
    const chat = connectFrame(frame)
    await chat.say('ready')
    expect(document.activeElement).toBe(frame)

    // Its × (or Escape) hides it.
    await chat.say('minimize')
    expect(container.style.display).toBe('none')
    expect(document.activeElement).toBe(button)

    // Opened again: the frame is ready already, so focus moves at once; closed from the page, it comes back too.
    button.click()
    expect(document.activeElement).toBe(frame)
    host!.client.minimize()
    expect(document.activeElement).toBe(button)
    // A window opened by the page itself (not the visitor) leaves focus where it is.
    const other = document.body.appendChild(document.createElement('input'))
    other.focus()
    host!.client.maximize()
    expect(document.activeElement).toBe(other)
  })

  it('logs an unknown zc command by name, and the next command still works', async () => {
    await boot(SOBOT_CUSTOM_BUTTON_SNIPPET)
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    g.zc('frame_shake', () => {})
    expect(error).toHaveBeenCalledTimes(1)
    expect(String(error.mock.calls[0]![0])).toContain('"frame_shake"')
    expect(String(error.mock.calls[0]![0])).toContain('unknown command')
    const got: string[] = []
    g.zc('frame_status', (s: string) => got.push(s))
    expect(got).toEqual(['collapse'])
  })

  it('manual: nothing until frame_manual, whose callback runs', async () => {
    await boot(`${SOBOT_CUSTOM_BUTTON_SNIPPET.replace('custom:true', 'manual: true, auto_expand: true')}`)
    expect(document.querySelector('.kefu-launcher')).toBeNull()
    expect(g.ECHAT.getMiniStatus()).toBe('close')
    const done = vi.fn()
    g.zc('frame_manual', done)
    expect(done).toHaveBeenCalledTimes(1)
    expect(document.querySelector('.kefu-launcher')).not.toBeNull()
    expect(g.ECHAT.getMiniStatus()).toBe('open')
  })

  it('receive_message and zhichiReceive report agent messages while collapsed; trace reaches the server', async () => {
    await boot(SOBOT_CUSTOM_BUTTON_SNIPPET)
    const received: unknown[] = []
    const events: unknown[] = []
    g.zc('receive_message', (res: unknown) => received.push(res))
    window.addEventListener('zhichiReceive', (event) => events.push((event as CustomEvent).detail))
    const counts: number[] = []
    g.zc('offline_message_count', (n: number) => counts.push(n))
    agent.say('有新品')
    await agent.settle()
    expect(received).toEqual([expect.objectContaining({ msg: '有新品', t: expect.any(String) })])
    expect(events).toEqual(received)
    expect(counts).toEqual([0])
    g.zc('trace', { cur_visit_args: { cur_visit_url: 'https://shop.example/p/1', cur_visit_title: '商品' } })
    await agent.settle()
    expect(agent.traces.at(-1)).toEqual({ cur_visit_args: { cur_visit_url: 'https://shop.example/p/1', cur_visit_title: '商品' } })
  })

  it('man_trace sends this page view on load', async () => {
    await boot(SOBOT_CUSTOM_BUTTON_SNIPPET.replace('custom:true', 'man_trace: true'))
    expect(agent.traces).toEqual([{ cur_visit_args: { cur_visit_url: location.href, cur_visit_title: '订单详细信息' } }])
  })
})

describe('host runtime: ECHAT actions', () => {
  it('pushVisitorEvent sends a valid card and refuses a javascript: link', async () => {
    const h = await boot(ECHAT_SNIPPET)
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const sent = () => agent.received.filter((frame) => frame.type === 'message.send').length
    g.ECHAT.pushVisitorEvent({ eventId: 'x-1', title: '坏链接', urlForVisitor: 'javascript:alert(1)' })
    await agent.settle()
    expect(error).toHaveBeenCalled()
    expect(String(error.mock.calls[0]![0])).toContain('pushVisitorEvent')
    expect(sent()).toBe(0)

    g.ECHAT.pushVisitorEvent({ eventId: 'order-1', title: '订单 1', urlForVisitor: "http('https://shop.example/o/1','blank')" })
    await agent.settle()
    expect(sent()).toBe(1)
    expect(h.client.getSnapshot().messages.at(-1)?.body).toMatchObject({ type: 'product', card: { title: '订单 1' } })
  })

  it('refreshVisitorMetaData identifies the visitor', async () => {
    await boot(ECHAT_SNIPPET)
    g.ECHAT.refreshVisitorMetaData('enc-meta', 'my-data')
    await agent.settle()
    expect(agent.identity).toMatchObject({ metaData: 'enc-meta', myData: 'my-data' })
  })

  it('getFileUploadInfo posts for a credential with the visitor token', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ uploadUrl: '/u', token: 'up-1', expiresAt: 1, maxBytes: 10 }), { status: 200 }))
    await boot(ECHAT_SNIPPET, { fetch: fetch as unknown as typeof globalThis.fetch })
    await expect(g.ECHAT.getFileUploadInfo()).resolves.toMatchObject({ token: 'up-1' })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('http://www.echatsoft.com/api/v1/visitor/upload-credentials')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer test-token:test-visitor-1')
  })
})

describe('host runtime: Sobot entrance options', () => {
  it('invites after first_timeout, again over_timeout after a refusal, at most invite_count a day; accepting opens the chat', async () => {
    // The invitation waits for the runtime (loaded when the browser is idle) and counts from the page's load.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    run(
      SOBOT_CUSTOM_BUTTON_SNIPPET.replace(
        'custom:true',
        "invite:1, tip_title:'欢迎咨询', submit_title:'开始聊天吧', first_timeout:2, over_timeout:10, invite_count:2",
      ),
    )
    installLoader()
    agent = createTestAgent()
    await startOver(agent.transport, {}, false, false)
    await vi.advanceTimersByTimeAsync(1900)
    expect(document.querySelector('.kefu-invitation')).toBeNull()
    await vi.advanceTimersByTimeAsync(200)
    const popup = document.querySelector('.kefu-invitation') as HTMLElement
    expect(popup.textContent).toContain('欢迎咨询')
    expect(popup.querySelector('.kefu-invitation-accept')!.textContent).toBe('开始聊天吧')
    ;(popup.querySelector('.kefu-invitation-decline') as HTMLButtonElement).click()
    expect(document.querySelector('.kefu-invitation')).toBeNull()
    await vi.advanceTimersByTimeAsync(10_000)
    const again = document.querySelector('.kefu-invitation') as HTMLElement
    expect(again).not.toBeNull()
    expect(JSON.parse(localStorage.getItem('kefu:3542411be2184c8cb6b48d66ca1b2730:invitations')!).count).toBe(2)
    ;(again.querySelector('.kefu-invitation-accept') as HTMLButtonElement).click()
    expect(g.ECHAT.getMiniStatus()).toBe('open')
    // The day's two invitations are used up: the next page does not invite.
    const used = localStorage.getItem('kefu:3542411be2184c8cb6b48d66ca1b2730:invitations')!
    resetPage()
    localStorage.setItem('kefu:3542411be2184c8cb6b48d66ca1b2730:invitations', used)
    run(SOBOT_CUSTOM_BUTTON_SNIPPET.replace('custom:true', "invite:1, tip_title:'欢迎咨询', first_timeout:2, invite_count:2"))
    installLoader()
    agent = createTestAgent()
    await startOver(agent.transport, {}, false, false)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(host!.page.runtime()).toBeDefined()
    expect(document.querySelector('.kefu-invitation')).toBeNull()
  })

  it('auto_expand opens the in-page window at once', async () => {
    await boot(SOBOT_CUSTOM_BUTTON_SNIPPET.replace('custom:true', 'auto_expand: true'))
    expect(g.ECHAT.getMiniStatus()).toBe('open')
    expect((document.querySelector('.kefu-mini-window') as HTMLElement).style.display).toBe('flex')
  })

  it('anchor: the entrance opens the chat in a new tab', async () => {
    await boot(SOBOT_CUSTOM_BUTTON_SNIPPET.replace('custom:true', 'anchor: true'))
    const tab = fakeWindow()
    const open = vi.spyOn(window, 'open').mockReturnValue(tab as never)
    ;(document.querySelector('.kefu-launcher') as HTMLButtonElement).click()
    expect(open).toHaveBeenCalledWith('', '_blank')
    await agent.settle()
    expect(tab.location.href).toContain('https://kefu.example/chat?')
    expect(g.ECHAT.getMiniStatus()).toBe('close')
  })
})
