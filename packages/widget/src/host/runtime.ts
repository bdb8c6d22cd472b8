import { createChat, type ChatSnapshot, type TraceEntry } from '@kefu/core'
import { websocketTransport } from '@kefu/core/websocket'
import { chatWindowUrl } from '../bridge'
import { echatButtonClicked, echatGetters, sobotCollapseMessage, sobotFrameStatus, sobotOfflineMessageCount, sobotReceiveMessage } from '../compat'
import { chatLinkQuery, mergeChatParams, mergeParamRecords, type ChatParams, type ChatParamsSource } from '../params'
import { createEchatListeners, type EchatHandlers } from './echatListeners'
import { scheduleInvitation } from './invitation'
import { createMiniWindow, type MiniWindow } from './miniWindow'
import type { PageHost, Runtime, RuntimeCall } from './pageHost'
import { pageTrace } from './pageTrace'
import { peekWelcome } from './peekWelcome'
import { echatApi } from './echatApi'
import type { RuntimeControls } from './runtimeControls'
import { safeCall } from './safeCall'
import { createFrameBridge, type FrameBridge } from './windowBridge'

const CHAT_PATH = '/chat'

/** The running runtime, for tests: its client and the in-page window once opened. */
export interface RuntimeHandle extends Runtime {
  readonly client: ReturnType<typeof createChat>
  readonly controls: RuntimeControls
  readonly mini: MiniWindow | undefined
}

/**
 * The store page's side of the chat, loaded by the small host (`startPageHost`) when the chat opens or
 * a page API needs it: the chat client for the visitor (taking over from the small host's connection),
 * the in-page window and its bridge, popups and tabs, Echat's `newEvent`, Sobot's `receive_message`,
 * `frame_ready` and trace, cards, identity and the invitation. It reports the chat's state back to the
 * small host, which keeps the button, the badge, the title and the getters.
 */
export function startRuntime(page: PageHost): RuntimeHandle {
  const { w, options, base, companyId, storage } = page
  const d = w.document
  const origin = new URL(base).origin
  let params: ChatParams = mergeChatParams(...page.sources)
  let seenSources = page.sources.length
  /** The parameters of every `initParam` / `config` so far (the small host adds them as they come). */
  const current = () => {
    if (page.sources.length !== seenSources) {
      seenSources = page.sources.length
      params = mergeChatParams(...page.sources)
      reportProblems(params)
    }
    return params
  }
  reportProblems(params)

  // The company name arrives with each welcome; echatPageStatus reads it when the window opens.
  let companyName = page.companyName()
  const transport = peekWelcome((options.createTransport ?? ((url) => websocketTransport({ url })))(`${base.replace(/^http/, 'ws')}/ws/visitor`), (welcome) => {
    companyName = welcome.companyName ?? companyName
  })
  const client = (options.createClient ?? createChat)({ companyId, transport, entry: { ...page.entry, ...params.entry }, storage })
  const mobile = options.mobile ?? (params.source === 4 || (typeof w.matchMedia === 'function' && w.matchMedia('(max-width: 768px)').matches))

  const cleanups: (() => void)[] = []
  const echat = createEchatListeners(client, {
    companyId: echatCompanyId(companyId),
    get companyName() {
      return companyName
    },
    locale: params.locale,
  })
  cleanups.push(echat.destroy)

  let mini: MiniWindow | undefined
  let bridge: FrameBridge | undefined
  let mobileTop: number | undefined
  let frameReady = false
  const frameReadyCallbacks: (() => void)[] = []
  const receiveCallbacks: ((payload: unknown) => void)[] = []

  const chatPageUrl = (extra?: ChatParamsSource) => {
    const raw = mergeParamRecords(extra ? [...page.sources, extra] : page.sources, [])
    const visitorToken = storage.getItem(`kefu:${companyId}:visitorToken`) ?? undefined
    return chatWindowUrl(`${base}${CHAT_PATH}`, chatLinkQuery({ ...page.entry, ...raw }), { visitorToken, pageOrigin: w.location.origin })
  }

  const isVisible = () => client.getSnapshot().window === 'open' && d.visibilityState !== 'hidden'
  const onFrameMessage = (message: { type: 'ready' | 'minimize' | 'maximize' | 'close' }) => {
    switch (message.type) {
      case 'ready':
        // The bridge has just handed the frame what waited for it (the latest visibility among it).
        frameReady = true
        frameReadyCallbacks.splice(0).forEach((callback) => callback())
        return
      case 'minimize':
        return client.minimize()
      case 'maximize':
        return client.maximize()
      case 'close':
        return client.close()
    }
  }
  cleanups.push(() => bridge?.destroy())
  const postVisibility = () => bridge?.post({ type: 'visibility', visible: isVisible() })
  d.addEventListener('visibilitychange', postVisibility)
  cleanups.push(() => d.removeEventListener('visibilitychange', postVisibility))

  let miniExtra: ChatParamsSource | undefined
  /** Points the iframe at the chat window; a first visit waits for its token so both are the same visitor. */
  const pointMini = () => {
    if (!mini) return
    const src = chatPageUrl(miniExtra)
    if (mini.src === src) return
    // A new page loads in the frame: hold messages until it says ready, with the current visibility waiting.
    bridge?.reset()
    frameReady = false
    mini.setSrc(src)
    postVisibility()
  }
  const ensureMini = (extra?: ChatParamsSource) => {
    if (!mini) {
      mini = createMiniWindow(d, current(), { mobile, mobileTop }, { minimize: () => client.minimize(), close: () => client.minimize() })
      bridge = createFrameBridge(mini.frame, origin, onFrameMessage)
      frameReady = false
    }
    if (extra !== undefined) miniExtra = extra
    if (extra !== undefined || !mini.src) page.whenVisitorKnown(pointMini)
    return mini
  }
  const openMini = (extra?: ChatParamsSource) => {
    ensureMini(extra)
    if (client.getSnapshot().window === 'open') syncWindow()
    else client.maximize()
  }
  /** A popup or tab the small host opened blank in the visitor's click becomes the chat window, of the same visitor. */
  const pointWindow = (opened: Window | null | undefined, extra?: ChatParamsSource) => {
    if (!opened) return console.error('[kefu] the chat window could not be opened (a popup blocker?)')
    page.whenVisitorKnown(() => {
      if (!opened.closed) opened.location.href = chatPageUrl(extra)
    })
  }

  /** Where focus goes back to when the in-page window the visitor opened hides (the button they used). */
  let returnFocus: HTMLElement | undefined
  const syncWindow = () => {
    const state = client.getSnapshot().window
    if (state === 'open') ensureMini().show()
    else if (mini) {
      // Focus inside the window (its buttons, or the iframe itself) would be lost with it: give it back.
      const hadFocus = mini.container.contains(d.activeElement)
      mini.hide()
      const target = returnFocus?.isConnected ? returnFocus : page.launcher()
      if (hadFocus) target?.focus()
    }
    postVisibility()
  }

  // Once welcomed: until then the client knows less than the small host (no unread, no visitor).
  const report = (snapshot: ChatSnapshot) =>
    snapshot.ready
      ? page.update({ ready: true, visitorId: snapshot.visitorId, status: snapshot.status, staff: snapshot.staff, unread: snapshot.unread, window: snapshot.window })
      : page.update({ window: snapshot.window })
  const receive = (message: Parameters<typeof sobotReceiveMessage>[0]) => {
    const payload = sobotReceiveMessage(message, client.getSnapshot(), params.locale)
    if (!payload) return
    receiveCallbacks.forEach((callback) => safeCall('receive_message', callback, payload))
    w.dispatchEvent(new w.CustomEvent('zhichiReceive', { detail: payload }))
  }
  cleanups.push(
    client.subscribe(() => report(client.getSnapshot())),
    client.on('windowChange', ({ window: state, previous }) => {
      syncWindow()
      // Sobot documents this one message to the page (its seed's listener parses it); Echat pages get none.
      if (page.sobotPage && previous === 'open' && state !== 'open') w.postMessage(sobotCollapseMessage(), w.location.origin)
    }),
    client.on('message', receive),
  )

  const openChat = (opened?: Window | null) => (current().entrance.openInNewWindow ? pointWindow(opened) : openMini())
  const entrance = (opened: Window | null | undefined, focusFrom: Element | null | undefined) => {
    echat.emit([echatButtonClicked()])
    openChat(opened)
    if (current().entrance.openInNewWindow || !mini) return
    // The visitor asked for the chat: keyboard focus follows, into the window, and comes back on hiding.
    const launcher = page.launcher()
    returnFocus = focusFrom && focusFrom !== d.body && 'focus' in focusFrom ? (focusFrom as HTMLElement) : launcher
    controls.onFrameReady(() => mini?.visible && mini.frame.focus())
  }

  const controls: RuntimeControls = {
    page,
    client,
    fetch: options.fetch ?? ((...args: Parameters<typeof fetch>) => w.fetch(...args)),
    echat,
    params: current,
    chatPageUrl,
    openMini,
    pointWindow,
    setMobilePageTop(top) {
      mobileTop = top
      mini?.layout(current(), { mobile, mobileTop })
    },
    onFrameReady(callback) {
      if (frameReady) callback()
      else frameReadyCallbacks.push(callback)
    },
    onReceive: (callback) => void receiveCallbacks.push(callback),
  }
  const api = echatApi(controls)
  // The getters the small host could only guess at, answered from the chat from now on.
  const getters = () => echatGetters(client.getSnapshot())
  Object.assign(w.ECHAT as object, {
    getChatStatus: () => getters().getChatStatus(),
    getChatStaffInfo: () => getters().getChatStaffInfo(),
    getChatPageUrl: () => chatPageUrl(),
  })

  const run = (call: RuntimeCall) => {
    try {
      switch (call.api) {
        case 'entrance':
          return entrance(call.opened, call.focusFrom)
        case 'invite':
          return void cleanups.push(
            scheduleInvitation(d, current(), storage, () => client.getSnapshot().window === 'open', () => entrance(undefined, undefined), page.startedAt),
          )
        case 'echat':
          return echat.add(call.args[1] as EchatHandlers)
        case 'ECHAT': {
          const result = api[call.method]!(...call.args)
          if (call.resolve) Promise.resolve(result).then(call.resolve, call.reject)
          return
        }
        default:
          return runZc(call.args)
      }
    } catch (error) {
      console.error('[kefu] a page call failed', error)
    }
  }
  /** Sobot's calls the small host leaves to the runtime. */
  const runZc = ([command, value]: readonly unknown[]) => {
    if (command === 'receive_message' && typeof value === 'function') controls.onReceive(value as (payload: unknown) => void)
    else if (command === 'frame_ready') controls.onFrameReady(() => safeCall('frame_ready', value))
    else if (command === 'frame_status') safeCall('frame_status', value, sobotFrameStatus(client.getSnapshot().window))
    else if (command === 'offline_message_count') {
      const answer = () => safeCall('offline_message_count', value, sobotOfflineMessageCount(client.getSnapshot()))
      if (client.getSnapshot().ready) answer()
      else client.once('ready', answer)
    }
    else if (command === 'trace') {
      const trace = (value ?? {}) as TraceEntry
      client
        .trace({ ...(trace.pre_visit_args ? { pre_visit_args: trace.pre_visit_args } : {}), ...(trace.cur_visit_args ? { cur_visit_args: trace.cur_visit_args } : {}) })
        .catch((error) => console.error("[kefu] zc('trace') failed", error))
    }
  }

  // This client takes over from the small host's watch (which only runs for a visitor with a token, so
  // both are the same visitor; on a first visit this client's welcome brings the token).
  page.stopWatching()
  client.connect()
  if (Object.keys(params.identity).length) client.identify(params.identity).catch((error) => console.error('[kefu] identify failed', error))
  const trace = pageTrace(current(), w)
  if (trace) client.trace(trace).catch((error) => console.error('[kefu] trace failed', error))
  return {
    run,
    client,
    controls,
    get mini() {
      return mini
    },
    destroy() {
      cleanups.splice(0).forEach((cleanup) => cleanup())
      mini?.destroy()
      client.destroy()
    },
  }
}

/** Echat company ids are numbers (`{"companyId":1,…}` in its seed); kefu's may be any text. */
const echatCompanyId = (id: string): string | number => (/^[1-9]\d{0,14}$/.test(id) ? Number(id) : id)

function reportProblems(params: ChatParams): void {
  for (const problem of params.problems) console.error(`[kefu] parameter ${problem.param} ignored: ${problem.message}`)
}

