import { createChat, type ChatClient, type ChatOptions, type KeyValueStorage, type Transport } from '@kefu/core'
import { websocketTransport } from '@kefu/core/websocket'
import { chatWindowUrl } from '../bridge'
import { echatButtonClicked, sobotCollapseMessage, sobotReceiveMessage } from '../compat'
import { t } from '../i18n'
import { chatParamsToQuery, mergeChatParams, type ChatParams, type ChatParamsSource } from '../params'
import { bindCustomButtons } from './customButtons'
import { echatApi } from './echatApi'
import { createEchatListeners, type EchatHandlers } from './echatListeners'
import type { HostControls } from './hostControls'
import { scheduleInvitation } from './invitation'
import { createLauncher, type Launcher } from './launcher'
import { createMiniWindow, type MiniWindow } from './miniWindow'
import { pageEntry } from './pageEntry'
import { pageTrace } from './pageTrace'
import { peekWelcome } from './peekWelcome'
import { configOf, takeQueuedCalls, type QueuedCall } from './queuedCalls'
import { safeCall } from './safeCall'
import { createTitleFlasher } from './titleFlasher'
import { createWindowBridge } from './windowBridge'
import { runZcCommand } from './zcCommands'

type Loose = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Injections for tests and special pages; all optional. */
export interface HostOptions {
  readonly window?: Window
  /** Default: `websocketTransport({ url: <base as ws(s)>/ws/visitor })`. */
  readonly createTransport?: (url: string) => Transport
  /** Default: `createChat`. */
  readonly createClient?: (options: ChatOptions) => ChatClient
  /** Default: `window.localStorage`. */
  readonly storage?: KeyValueStorage
  readonly fetch?: typeof fetch
  /** Default: a narrow screen (≤ 768px) or Sobot `source` 4 (mobile site). */
  readonly mobile?: boolean
}

/** The running host runtime (also on `window._kefu.host`). */
export interface Host {
  readonly client: ChatClient
  readonly controls: HostControls
  /** The in-page window, once opened. */
  readonly mini: MiniWindow | undefined
  destroy(): void
}

const CHAT_PATH = '/chat'

/**
 * The host runtime the loader injects: takes over `_kefu`, `_echat`, `zc` and `ECHAT`, replays every
 * queued call in order, and runs the chat client, the entrance and the chat window for the page.
 */
export function startHost(options: HostOptions = {}): Host | undefined {
  const w = (options.window ?? window) as Window & Loose
  const d = w.document
  const kefu = w._kefu as Loose | undefined
  if (!kefu?.base) {
    console.error('[kefu] the host runtime needs the kefu loader (window._kefu.base)')
    return undefined
  }
  if (kefu.host) return kefu.host as Host
  const base = String(kefu.base).replace(/\/$/, '')
  const origin = new URL(base).origin

  const calls = takeQueuedCalls(w)
  const sources: ChatParamsSource[] = [kefu.companyId ? { companyId: kefu.companyId } : {}]
  for (const call of calls) {
    const config = configOf(call)
    if (config) sources.push(config)
  }
  let params: ChatParams = mergeChatParams(...sources)
  reportProblems(params)
  const companyId = params.companyId
  if (!companyId) {
    console.error("[kefu] no company: give the loader ?companyId= / ?sysnum= / data-company, or _echat('initParam', { companyId })")
    return undefined
  }

  const storage = options.storage ?? safeLocalStorage(w)
  const entry = { ...pageEntry(w), ...params.entry }
  const wsUrl = `${base.replace(/^http/, 'ws')}/ws/visitor`
  // The company name arrives with the first welcome; echatPageStatus reads it when the window opens.
  let companyName = ''
  const transport = peekWelcome((options.createTransport ?? ((url) => websocketTransport({ url })))(wsUrl), (welcome) => {
    companyName = welcome.companyName ?? companyName
  })
  const client = (options.createClient ?? createChat)({ companyId, transport, entry, storage })
  const mobile = options.mobile ?? (params.source === 4 || (typeof w.matchMedia === 'function' && w.matchMedia('(max-width: 768px)').matches))

  const cleanups: (() => void)[] = []
  const echat = createEchatListeners(client, {
    companyId,
    get companyName() {
      return companyName
    },
    locale: params.locale,
  })
  cleanups.push(echat.destroy)
  const title = createTitleFlasher(d, () => t(params.locale, 'title.newMessage'))
  cleanups.push(title.destroy)

  let mini: MiniWindow | undefined
  let popup: Window | null = null
  let mobileTop: number | undefined
  let frameReady = false
  const frameReadyCallbacks: (() => void)[] = []
  const receiveCallbacks: ((payload: unknown) => void)[] = []
  let launcher: Launcher | undefined
  let entranceShown = false

  const chatPageUrl = (extra?: ChatParamsSource) => {
    const current = extra ? mergeChatParams(...sources, extra) : params
    const input = { ...current, entry: { ...entry, ...current.entry } }
    let query: URLSearchParams
    try {
      query = chatParamsToQuery(input)
    } catch (error) {
      console.error('[kefu] some chat parameters cannot go in the chat window link and were left out', error)
      query = chatParamsToQuery({ ...input, cards: [] })
    }
    const visitorToken = storage.getItem(`kefu:${companyId}:visitorToken`) ?? undefined
    return chatWindowUrl(`${base}${CHAT_PATH}`, query, { visitorToken, pageOrigin: w.location.origin })
  }

  const hasToken = () => !!storage.getItem(`kefu:${companyId}:visitorToken`)
  const isVisible = () => client.getSnapshot().window === 'open' && d.visibilityState !== 'hidden'
  const bridge = createWindowBridge(w, origin, () => [mini?.frame.contentWindow, popup], (message, source) => {
    switch (message.type) {
      case 'ready':
        // The bridge has just handed the frame what waited for it (the latest visibility among it).
        if (source === mini?.frame.contentWindow) {
          frameReady = true
          frameReadyCallbacks.splice(0).forEach((callback) => callback())
        }
        return
      case 'minimize':
        return client.minimize()
      case 'maximize':
        return client.maximize()
      case 'close':
        return client.close()
    }
  })
  cleanups.push(bridge.destroy)
  const postVisibility = () => bridge.post(mini?.frame.contentWindow, { type: 'visibility', visible: isVisible() })
  d.addEventListener('visibilitychange', postVisibility)
  cleanups.push(() => d.removeEventListener('visibilitychange', postVisibility))

  let miniExtra: ChatParamsSource | undefined
  let srcPending = false
  /** Points the iframe at the chat window; a first visit waits for its token so both are the same visitor. */
  const pointMini = () => {
    if (!mini) return
    if (hasToken() || client.getSnapshot().ready) {
      const src = chatPageUrl(miniExtra)
      if (mini.src === src) return
      // A new page loads in the frame: hold messages until it says ready, with the current visibility waiting.
      bridge.reset(mini.frame.contentWindow)
      frameReady = false
      mini.setSrc(src)
      postVisibility()
    } else if (!srcPending) {
      srcPending = true
      client.once('ready', () => {
        srcPending = false
        pointMini()
      })
    }
  }
  const ensureMini = (extra?: ChatParamsSource) => {
    if (!mini) {
      mini = createMiniWindow(d, params, { mobile, mobileTop }, { minimize: () => client.minimize(), close: () => client.close() })
      frameReady = false
    }
    if (extra !== undefined) miniExtra = extra
    if (extra !== undefined || !mini.src) pointMini()
    return mini
  }
  const openMini = (extra?: ChatParamsSource) => {
    ensureMini(extra)
    if (client.getSnapshot().window === 'open') syncWindow()
    else client.maximize()
  }
  /**
   * Opens a popup or tab now (a click allows that only now). On a first visit the visitor is not known
   * until the first welcome, and a chat window without the token would become another visitor: the
   * window opens blank and goes to the chat window, token in its fragment, once the welcome is in.
   */
  const openWindow = (extra: ChatParamsSource | undefined, target: string, features?: string) => {
    const open = (url: string) => (popup = features === undefined ? w.open(url, target) : w.open(url, target, features))
    if (hasToken() || client.getSnapshot().ready) return void open(chatPageUrl(extra))
    const opened = open('')
    if (!opened) return
    try {
      const waiting = t(params.locale, 'status.connecting')
      opened.document.title = waiting
      opened.document.body.textContent = waiting
    } catch {
      // not our blank window (a named window already on the chat window): it is simply pointed again
    }
    client.once('ready', () => {
      if (!opened.closed) opened.location.href = chatPageUrl(extra)
    })
  }
  const openPopup = (extra?: ChatParamsSource) => {
    const current = extra ? mergeChatParams(...sources, extra) : params
    const chatWindow = current.chatWindow ?? {}
    const features = chatWindow.features ?? `width=${chatWindow.width ?? 800},height=${chatWindow.height ?? 640}`
    openWindow(extra, chatWindow.name ?? 'kefuChatWindow', features)
  }
  const openTab = (extra?: ChatParamsSource) => openWindow(extra, '_blank')
  const openChat = () => (params.entrance.openInNewWindow ? openTab() : openMini())

  /** Where focus goes back to when the in-page window the visitor opened hides (the button they used). */
  let returnFocus: HTMLElement | undefined
  const syncWindow = () => {
    const state = client.getSnapshot().window
    if (state === 'open') ensureMini().show()
    else if (mini) {
      // Focus inside the window (its buttons, or the iframe itself) would be lost with it: give it back.
      const hadFocus = mini.container.contains(d.activeElement)
      mini.hide()
      const target = returnFocus?.isConnected ? returnFocus : launcher?.element
      if (hadFocus) target?.focus()
    }
    postVisibility()
  }
  cleanups.push(
    client.on('windowChange', ({ window: state, previous }) => {
      syncWindow()
      if (previous === 'open' && state !== 'open') w.postMessage(sobotCollapseMessage(), w.location.origin)
    }),
  )

  cleanups.push(
    client.on('unreadChange', ({ unread }) => {
      title.update(unread)
      launcher?.setUnread(unread)
    }),
    client.on('message', (message) => {
      const payload = sobotReceiveMessage(message, client.getSnapshot(), params.locale)
      if (!payload) return
      receiveCallbacks.forEach((callback) => safeCall('receive_message', callback, payload))
      w.dispatchEvent(new w.CustomEvent('zhichiReceive', { detail: payload }))
    }),
  )

  const clickEntrance = () => {
    echat.emit([echatButtonClicked()])
    const active = d.activeElement
    openChat()
    if (params.entrance.openInNewWindow || !mini) return
    // The visitor asked for the chat: keyboard focus follows, into the window, and comes back on hiding.
    returnFocus = active && active !== d.body && 'focus' in active ? (active as HTMLElement) : launcher?.element
    controls.onFrameReady(() => mini?.visible && mini.frame.focus())
  }
  const initEntrance = () => {
    if (entranceShown) return
    entranceShown = true
    cleanups.push(bindCustomButtons(d, clickEntrance))
    if (!params.entrance.customButtons) {
      launcher = createLauncher(d, params, clickEntrance)
      launcher.setUnread(client.getSnapshot().unread)
      cleanups.push(launcher.destroy)
    }
    cleanups.push(scheduleInvitation(d, params, storage, () => client.getSnapshot().window === 'open', openChat))
    if (params.entrance.autoExpand) openChat()
  }

  const controls: HostControls = {
    w,
    base,
    companyId,
    client,
    storage,
    fetch: options.fetch ?? ((...args: Parameters<typeof fetch>) => w.fetch(...args)),
    echat,
    title,
    params: () => params,
    addParams(source) {
      sources.push(source)
      params = mergeChatParams(...sources)
      reportProblems(params)
    },
    chatPageUrl,
    openMini,
    openPopup,
    openTab,
    openChat,
    setMobilePageTop(top) {
      mobileTop = top
      mini?.layout(params, { mobile, mobileTop })
    },
    initEntrance,
    onFrameReady(callback) {
      if (frameReady) callback()
      else frameReadyCallbacks.push(callback)
    },
    onReceive: (callback) => void receiveCallbacks.push(callback),
  }

  // ---- the page APIs, live from now on ----
  const api = echatApi(controls)
  const runEchat = (args: readonly unknown[]) => {
    const [command, value] = args
    if (command === 'initParam') {
      if (value && typeof value === 'object') controls.addParams(value as Record<string, unknown>)
    } else if (command === 'on') echat.add(value as EchatHandlers)
    else console.error(`[kefu] _echat(${JSON.stringify(String(command))}): unknown command; known commands are initParam and on`)
  }
  const runKefu = (args: readonly unknown[]) => {
    const [command, ...rest] = args
    if (command === 'config' || command === 'initParam' || command === 'on') return runEchat(['on' === command ? 'on' : 'initParam', rest[0]])
    const method = api[String(command)]
    if (method) return void method(...rest)
    runZcCommand(controls, args)
  }
  const run = (call: QueuedCall, replaying: boolean) => {
    try {
      if (replaying && configOf(call)) return // merged before the client was made
      if (call.api === 'echat') return runEchat(call.args)
      if (call.api === 'zc') return runZcCommand(controls, call.args)
      if (call.api === 'kefu') return runKefu(call.args)
      const method = api[call.method]
      if (!method) return console.error(`[kefu] ECHAT.${call.method} is not a method`)
      const result = method(...call.args)
      if (call.resolve) Promise.resolve(result).then(call.resolve, call.reject)
    } catch (error) {
      console.error('[kefu] a page call failed', error)
    }
  }

  const echatGlobal = function (...args: unknown[]) {
    run({ api: 'echat', args }, false)
  } as ((...args: unknown[]) => void) & Loose
  echatGlobal.q = []
  echatGlobal.l = w._echat?.l
  w._echat = echatGlobal
  w.zc = (...args: unknown[]) => run({ api: 'zc', args }, false)
  const kefuGlobal = Object.assign((...args: unknown[]) => run({ api: 'kefu', args }, false), {
    q: [] as unknown[],
    base,
    companyId,
  }) as ((...args: unknown[]) => void) & Loose
  const ECHAT = (w.ECHAT = (w.ECHAT as Loose | undefined) ?? {})
  Object.assign(ECHAT, api)

  client.connect()
  if (Object.keys(params.identity).length) client.identify(params.identity).catch((error) => console.error('[kefu] identify failed', error))
  const trace = pageTrace(params, w)
  if (trace) client.trace(trace).catch((error) => console.error('[kefu] trace failed', error))

  w._kefu = kefuGlobal
  // Replays the queued calls in order, the entrance appearing first unless Sobot `manual` is set.
  if (!params.entrance.manual) initEntrance()
  for (const call of calls) run(call, true)
  // Anything queued meanwhile through a stub someone kept a reference to.
  for (const call of takeQueuedCalls(w)) run(call, false)

  const host: Host = {
    client,
    controls,
    get mini() {
      return mini
    },
    destroy() {
      cleanups.splice(0).forEach((cleanup) => cleanup())
      mini?.destroy()
      client.destroy()
      delete kefuGlobal.host
    },
  }
  kefuGlobal.host = host
  return host
}

function safeLocalStorage(w: Window): KeyValueStorage {
  try {
    if (w.localStorage) return w.localStorage
  } catch {
    // private mode: fall through
  }
  const values = new Map<string, string>()
  return { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value) }
}

function reportProblems(params: ChatParams): void {
  for (const problem of params.problems) console.error(`[kefu] parameter ${problem.param} ignored: ${problem.message}`)
}
