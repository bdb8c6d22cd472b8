import type { ChatClient, ChatOptions, ChatSnapshot, EntryData, KeyValueStorage, Transport } from '@kefu/core'
import { t } from '../i18n/t'
import type { ChatParamsSource } from '../params/chatParams'
import { readLauncherParams, type LauncherParams } from '../params/readLauncherParams'
import { bindCustomButtons } from './customButtons'
import { createLauncher, type Launcher } from './launcher'
import { pageEntry } from './pageEntry'
import { configOf, takeQueuedCalls, type QueuedCall } from './queuedCalls'
import { safeCall } from './safeCall'
import type { SmallHostMessageKey } from './smallHostMessageKeys'
import { createTitleFlasher, type TitleFlasher } from './titleFlasher'
import type { VisitorWatch, watchVisitor } from './visitorWatch'

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
  /**
   * Default: loads `assets/runtime-<hash>.js` (with the visitor's locale script) or `assets/watch-<hash>.js`,
   * which register themselves on `_kefu` as `startRuntime` and `startWatch`.
   */
  readonly load?: <K extends 'startRuntime' | 'startWatch'>(page: PageHost, what: K) => Promise<Loaded[K]>
}

/** What the lazily loaded scripts give the small host. */
export interface Loaded {
  startRuntime: StartRuntime
  /** The unread watch over the server connection, with the transport made as `createTransport` says. */
  startWatch: (page: PageHost, options: Omit<Parameters<typeof watchVisitor>[1], 'companyId' | 'storage' | 'entry'>) => VisitorWatch
}

/** The part of the chat snapshot the page's APIs read: the small host keeps it, the runtime feeds it once it runs. */
export type PageState = Pick<ChatSnapshot, 'ready' | 'visitorId' | 'status' | 'staff' | 'unread' | 'window'>

/** A page call the small host hands to the runtime; `opened` is the window it opened in the visitor's click. */
export type RuntimeCall =
  | QueuedCall
  /** The button (or the page's own, or an accepted invitation, or auto_expand) was used. */
  | { readonly api: 'entrance'; readonly opened?: Window | null; readonly focusFrom?: Element | null }
  /** Sobot's automatic invitation is on. */
  | { readonly api: 'invite' }

/** What the runtime does for the page once it runs. */
export interface Runtime {
  run(call: RuntimeCall): void
  destroy(): void
}

export type StartRuntime = (page: PageHost) => Runtime

/** What the small host gives the runtime. */
export interface PageHost {
  readonly w: Window & Loose
  readonly options: HostOptions
  /** The kefu base URL, without a trailing slash. */
  readonly base: string
  readonly companyId: string
  /** A Sobot integration: the page gets Sobot's documented postMessage. */
  readonly sobotPage: boolean
  readonly storage: KeyValueStorage
  readonly entry: EntryData
  /** When this page started (Sobot's invitation counts `first_timeout` from here). */
  readonly startedAt: number
  /** Every `initParam` / `config` so far, in order. */
  readonly sources: readonly ChatParamsSource[]
  /** The company name from the latest welcome (Echat `echatPageStatus` 7). */
  companyName(): string
  launcher(): HTMLElement | undefined
  /** Runs `callback` once the visitor is known here (its token stored: the runtime's client stores it on a first visit), at once if it is. */
  whenVisitorKnown(callback: () => void): void
  /** The runtime's client takes over from the small host's connection. */
  stopWatching(): void
  /** The runtime reports the chat's state, which the badge, the title and the page's getters show. */
  update(patch: Partial<PageState>): void
  /** The runtime, once it runs. */
  runtime(): Runtime | undefined
  /** Loads the runtime now (the chat opens, or an app wants it ready). */
  loadRuntime(): void
  /** Takes everything off the page (tests, single-page apps that leave the widget). */
  destroy(): void
}

/** A call that only asks for the runtime. */
const NOTHING: RuntimeCall = { api: 'kefu', args: [] }

/** The page's parameter objects as one, later ones winning; undefined replaces nothing. */
function merge(sources: readonly unknown[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {}
  for (const source of sources) {
    if (source && typeof source === 'object') for (const [key, value] of Object.entries(source)) if (value !== undefined) merged[key] = value
  }
  return merged
}

/** The browser build's content-hashed scripts (runtime, watch, each locale's), set by the build. */
declare const __KEFU_FILES__: Readonly<Record<string, string>> | undefined

/**
 * The small host every store page runs (what a page that never opens the chat pays for): it takes over
 * `_echat`, `zc`, `_kefu` and `ECHAT` from the loader, shows the button (or binds the page's own), keeps
 * the unread badge, the title and Echat's `ready` / `newMsg` / getters live over one connection, and
 * answers `frame_status`, `offline_message_count`, `getChatPageUrl` and `setPageTitle` itself.
 *
 * Everything else is the runtime's (the chat window, popups, `newEvent`, Sobot's callbacks, cards,
 * identity, trace, invitations). It loads on the first open, when a message reaches the visitor, and
 * when the browser is idle if the page has asked for something that needs it; calls wait for it in
 * order. A popup or tab is opened here, in the visitor's click, and handed over.
 */
export function startPageHost(options: HostOptions = {}): PageHost | undefined {
  const w = (options.window ?? window) as Window & Loose
  const d = w.document
  const kefu = w._kefu as Loose | undefined
  if (!kefu?.base) {
    console.error('[kefu] the host needs the kefu loader (window._kefu.base)')
    return undefined
  }
  if (kefu.host) return kefu.host as PageHost
  const base = String(kefu.base).replace(/\/$/, '')

  const queued = takeQueuedCalls(w)
  const sobotPage = !!kefu.sobot || queued.some((call) => call.api === 'zc')
  const sources: ChatParamsSource[] = [kefu.companyId ? { companyId: kefu.companyId } : {}]
  for (const call of queued) {
    const config = configOf(call)
    if (config) sources.push(config)
  }
  const raw = (extra?: unknown) => merge([...sources, extra])
  let params: LauncherParams = readLauncherParams(raw())
  const companyId = params.companyId
  if (!companyId) {
    console.error('[kefu] no company: companyId (Echat) or sysnum (Sobot) is missing')
    return undefined
  }
  const launcherStyle = () => ({ themeColor: params.themeColor, position: params.left ? 'left' : 'right' }) as const
  const text = (key: SmallHostMessageKey, count?: number) => (count === undefined ? t(params.locale, key as 'launcher.label') : t(params.locale, 'launcher.unread', { count }))

  const storage = options.storage ?? safeLocalStorage(w)
  const tokenKey = `kefu:${companyId}:visitorToken`
  const entry = pageEntry(w)
  let state: PageState = { ready: false, visitorId: null, status: { name: 'idle' }, staff: null, unread: 0, window: 'closed' }
  let companyName = ''
  const echatHandlers: Loose[] = []
  const knownCallbacks: (() => void)[] = []
  const title: TitleFlasher = createTitleFlasher(d, () => text('title.newMessage'))
  let launcher: Launcher | undefined
  let entranceShown = false
  let unbindButtons: (() => void) | undefined

  const update = (patch: Partial<PageState>) => {
    const previous = state
    state = { ...state, ...patch }
    launcher?.element.setAttribute('aria-expanded', String(state.window === 'open'))
    if (state.unread !== previous.unread) {
      title.update(state.unread)
      launcher?.setUnread(state.unread)
      for (const handlers of echatHandlers) safeCall('newMsg', handlers.newMsg, state.unread)
    }
    if (state.ready && !previous.ready) for (const handlers of echatHandlers) safeCall('ready', handlers.ready)
    if (hasToken()) knownCallbacks.splice(0).forEach((callback) => callback())
  }
  const hasToken = () => {
    try {
      return !!storage.getItem(tokenKey)
    } catch {
      return false
    }
  }

  // ---- the runtime: loaded once, fed the calls in order ----
  let runtime: Runtime | undefined
  let loading = false
  let idleLoad = false
  const forRuntime: RuntimeCall[] = []
  const toRuntime = (call: RuntimeCall, load: 'now' | 'idle' | 'later') => {
    if (runtime) return runtime.run(call)
    forRuntime.push(call)
    if (load === 'now') loadRuntime()
    else if (load === 'idle' && !idleLoad) {
      idleLoad = true
      const idle = (w as Loose).requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200))
      idle(() => loadRuntime(), { timeout: 3000 })
    }
  }
  const loadRuntime = () => {
    if (loading) return
    loading = true
    ;(options.load ?? loadScript)(page, 'startRuntime').then(
      (start) => {
        runtime = start(page)
        for (const call of forRuntime.splice(0)) runtime.run(call)
      },
      (error: unknown) => {
        loading = false
        console.error('[kefu] the chat could not be loaded', error)
      },
    )
  }

  // ---- the entrance ----
  /** Opens a popup or tab now, in the visitor's click; the runtime points it at the chat window. */
  const openBlank = (target: string, features?: string) => {
    const opened = features === undefined ? w.open('', target) : w.open('', target, features)
    try {
      if (opened && opened.location.href === 'about:blank') {
        opened.document.title = text('status.connecting')
        opened.document.body.textContent = text('status.connecting')
      }
    } catch {
      // a named window already showing the chat window: the runtime points it again
    }
    return opened
  }
  const popupOf = (extra: unknown) => {
    const popup = readLauncherParams(raw(extra))
    return openBlank(popup.popupName ?? 'kefuChatWindow', popup.popupFeatures)
  }
  const clickEntrance = () => {
    const focusFrom = d.activeElement
    const opened = params.anchor ? openBlank('_blank') : undefined
    toRuntime({ api: 'entrance', opened, focusFrom }, 'now')
  }
  const initEntrance = () => {
    if (entranceShown) return
    entranceShown = true
    unbindButtons = bindCustomButtons(d, clickEntrance)
    if (!params.custom) {
      launcher = createLauncher(d, launcherStyle(), text, clickEntrance)
      launcher.setUnread(state.unread)
    }
    if (params.invite) toRuntime({ api: 'invite' }, 'idle')
    if (params.autoExpand) clickEntrance()
  }
  const addSource = (value: unknown) => {
    sources.push(value && typeof value === 'object' ? (value as ChatParamsSource) : {})
    params = readLauncherParams(raw())
    launcher?.restyle(launcherStyle())
  }

  // ---- the page APIs ----
  /** Until the runtime answers them (it replaces these), what a visitor with no chat would get. */
  const later = (value: unknown) => () => (toRuntime(NOTHING, 'idle'), value)
  const ECHAT: Record<string, (...args: unknown[]) => unknown> = {
    customNewWinChat: (custom) => toRuntime({ api: 'ECHAT', method: 'customNewWinChat', args: [custom, popupOf(custom)] }, 'now'),
    customOpenChat: (custom) => toRuntime({ api: 'ECHAT', method: 'customOpenChat', args: [custom, openBlank('_blank')] }, 'now'),
    setPageTitle: (value) => title.setPageTitle(String(value ?? '')),
    getEchatVisitorId: () => state.visitorId ?? '',
    getMiniStatus: () => (state.window === 'open' ? 'open' : 'close'),
    getUnReadMsgCount: () => state.unread,
    getChatStatus: later(0),
    getChatStaffInfo: later(''),
    getChatPageUrl: later(''),
  }
  /** Calls only the runtime can answer; how soon it must load for each. */
  const RUNTIME_METHODS: Record<string, 'now' | 'later'> = {
    customMiniChat: 'now',
    maxMiniChat: 'now',
    pushVisitorEvent: 'now',
    refreshVisitorMetaData: 'now',
    getFileUploadInfo: 'now',
    closeMiniChat: 'later',
    hideMiniChat: 'later',
    setMobilePageTop: 'later',
  }
  const runEchatMethod = (call: Extract<QueuedCall, { api: 'ECHAT' }>) => {
    const own = ECHAT[call.method]
    if (own) {
      const result = own(...call.args)
      return call.resolve?.(result)
    }
    const load = RUNTIME_METHODS[call.method]
    if (!load) return console.error(`[kefu] ECHAT.${call.method} is not a method`)
    // Ending a chat that is under way needs the runtime now; with none, the call just waits.
    toRuntime(call, call.method === 'closeMiniChat' && state.status.name !== 'idle' ? 'now' : load)
  }
  const runEchat = (call: QueuedCall, replaying: boolean) => {
    const [command, value] = call.args
    if (command === 'initParam') return replaying || addSource(value)
    if (command !== 'on') return console.error(`[kefu] _echat(${JSON.stringify(String(command))}): unknown command`)
    const handlers = value as Loose | undefined
    if (!handlers || typeof handlers !== 'object') return console.error("[kefu] _echat('on', handlers): handlers must be an object")
    echatHandlers.push(handlers)
    if (state.ready) safeCall('ready', handlers.ready)
    if (typeof handlers.newEvent === 'function') toRuntime({ api: 'echat', args: ['on', { newEvent: handlers.newEvent }] }, 'idle')
  }
  const runZc = (call: QueuedCall, replaying: boolean) => {
    const [command, value] = call.args
    switch (command) {
      case 'config':
        if (value && typeof value === 'object') return replaying || addSource(value)
        return console.error("[kefu] zc('config', params): params must be an object")
      case 'frame_manual':
        initEntrance()
        return safeCall('frame_manual', value)
      case 'dynamic_ready':
        // Clicks on `.zhiCustomBtn` are delegated: buttons added since are already live.
        return
      case 'frame_status':
        return safeCall('frame_status', value, state.window === 'open' ? 'expand' : 'collapse')
      case 'offline_message_count':
      case 'trace':
        return toRuntime(call, 'idle')
      case 'receive_message':
      case 'frame_ready':
        // Both wait for what loads the runtime anyway: an agent's message, the chat window opening.
        return toRuntime(call, 'later')
      default:
        console.error(`[kefu] zc(${JSON.stringify(String(command))}): unknown command`)
    }
  }
  const run = (call: QueuedCall, replaying = false) => {
    try {
      if (call.api === 'echat') return runEchat(call, replaying)
      if (call.api === 'zc') return runZc(call, replaying)
      if (call.api === 'ECHAT') return runEchatMethod(call)
      const [command, ...rest] = call.args
      if (command === 'config' || command === 'initParam' || command === 'on') return runEchat({ api: 'echat', args: [command === 'on' ? 'on' : 'initParam', rest[0]] }, replaying)
      if (typeof command === 'string' && (ECHAT[command] || RUNTIME_METHODS[command])) return runEchatMethod({ api: 'ECHAT', method: command, args: rest })
      runZc({ api: 'zc', args: call.args }, replaying)
    } catch (error) {
      console.error('[kefu] a page call failed', error)
    }
  }

  let watch: VisitorWatch | undefined
  let stopped = false

  const page: PageHost = {
    w,
    options,
    base,
    companyId,
    sobotPage,
    storage,
    entry,
    startedAt: Date.now(),
    sources,
    companyName: () => companyName,
    launcher: () => launcher?.element,
    whenVisitorKnown(callback) {
      if (hasToken()) callback()
      else knownCallbacks.push(callback)
    },
    loadRuntime,
    stopWatching() {
      stopped = true
      watch?.stop()
      watch = undefined
    },
    update,
    runtime: () => runtime,
    destroy() {
      page.stopWatching()
      runtime?.destroy()
      unbindButtons?.()
      launcher?.destroy()
      title.destroy()
      delete (w._kefu as Loose).host
    },
  }

  // ---- the connection, until the runtime's client takes over ----
  // A visitor this browser has never shown to kefu (no token) has no chat and nothing unread: the page
  // needs no connection for them. One who has gets the unread badge, over the watch.
  if (hasToken()) {
    ;(options.load ?? loadScript)(page, 'startWatch').then(
      (startWatch) => {
        if (runtime || stopped) return
        watch = startWatch(page, {
          onView(view, name) {
            companyName = name ?? companyName
            update(view)
          },
          // The page's callbacks (receive_message, zhichiReceive, newEvent) and getters follow the chat in the runtime.
          onActivity: loadRuntime,
        })
      },
      (error: unknown) => console.error('[kefu] the unread count could not be loaded', error),
    )
  } else update({ ready: true })

  // The page's globals, live from now on; then the queued calls in order, the entrance first unless Sobot `manual` is set.
  const echatGlobal = Object.assign((...args: unknown[]) => run({ api: 'echat', args }), { q: [] as unknown[], l: w._echat?.l })
  w._echat = echatGlobal
  w.zc = (...args: unknown[]) => run({ api: 'zc', args })
  const echatObject = (w.ECHAT = (w.ECHAT as Loose | undefined) ?? {})
  for (const method of [...Object.keys(ECHAT), ...Object.keys(RUNTIME_METHODS)]) {
    echatObject[method] = (...args: unknown[]) =>
      method === 'getFileUploadInfo'
        ? new Promise((resolve, reject) => run({ api: 'ECHAT', method, args, resolve, reject }))
        : ECHAT[method]
          ? ECHAT[method]!(...args)
          : run({ api: 'ECHAT', method, args })
  }
  w._kefu = Object.assign((...args: unknown[]) => run({ api: 'kefu', args }), { q: [] as unknown[], base, companyId, host: page })
  if (!params.manual) initEntrance()
  for (const call of queued) run(call, true)
  // Anything queued meanwhile through a stub someone kept a reference to.
  for (const call of takeQueuedCalls(w)) run(call)
  return page
}

/** Loads the runtime's or the watch's script (the runtime with the visitor's locale script beside it). */
function loadScript<K extends keyof Loaded>(page: PageHost, what: K): Promise<Loaded[K]> {
  const { w, base } = page
  const load = (file: string) =>
    new Promise<void>((resolve, reject) => {
      const script = w.document.createElement('script')
      script.src = `${base}/assets/${file}`
      script.onload = () => resolve()
      script.onerror = () => reject(new Error(`${script.src} did not load`))
      w.document.head.appendChild(script)
    })
  const files = typeof __KEFU_FILES__ === 'object' ? __KEFU_FILES__ : { startRuntime: 'runtime.js', startWatch: 'watch.js' }
  const locale = files[readLauncherParams(merge(page.sources)).locale]
  return Promise.all([load(files[what]!), ...(what === 'startRuntime' && locale ? [load(locale)] : [])]).then(() => {
    const loaded = (w._kefu as Loose)[what] as Loaded[K] | undefined
    if (!loaded) throw new Error(`${files[what]} did not register itself`)
    return loaded
  })
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
