import { createStore } from '@kefu/core/store'
import type { AgentPlugin, AgentPluginConfig, AgentPluginOptions, AgentPluginSnapshot } from './agentPlugin'
import {
  BRIDGE_CHANNEL,
  BRIDGE_VERSION,
  isBridgeMessage,
  type HostEvent,
  type HostMessage,
  type PluginCall,
  type PluginMessage,
  type ReceivedMessage,
  type SelectedVisitor,
} from './bridgeProtocol'
import { cardFromVisEvt } from './cardFromVisEvt'
import { HOST_ORIGIN_PARAM, paramDataReader, type ParamDataReader } from './paramList'
import { PluginArgumentError, PluginCallError, PluginError } from './pluginErrors'
import { readPutMsg } from './putMsgRequest'
import { visitorMessageBody, type SendToVisitorMethod } from './visitorMessageBody'
import { WECHAT_OK, WECHAT_RET_CODE, wechatError, type WechatResult } from './wechatResult'

const NO_MESSAGES: readonly ReceivedMessage[] = Object.freeze([])
const INITIAL_SNAPSHOT: AgentPluginSnapshot = Object.freeze({ status: 'unconfigured', error: null, selected: null, messages: NO_MESSAGES })
/** The snapshot keeps the latest messages only, so a long chat cannot grow a page's memory without bound. */
const MAX_MESSAGES = 500
/** PutMsg randoms remembered for de-duplication. */
const MAX_RANDOMS = 200

interface Environment {
  readonly win: Window
  readonly param: ParamDataReader
  /** The workbench's origin, or why it is unknown. */
  readonly hostOrigin: string | PluginError
}

interface Queued {
  readonly call: PluginCall
  readonly resolve: () => void
  readonly reject: (error: Error) => void
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * Creates the plugin-page SDK. Nothing is read or listened to until the first call; `config` posts the
 * page's signature to the workbench (never to `'*'`), and only messages from that origin and from the
 * parent window are accepted.
 */
export function createAgentPlugin(options: AgentPluginOptions = {}): AgentPlugin {
  let env: Environment | null | undefined
  // `snapshot` is always the store's; subscribers and callbacks run once a change is complete, in order.
  const store = createStore(INITIAL_SNAPSHOT)
  let snapshot = INITIAL_SNAPSHOT
  let debug = options.debug === true
  let destroyed = false
  let listening = false
  let verifyTimer: ReturnType<typeof setTimeout> | undefined
  let callCount = 0
  const idPrefix = Math.random().toString(36).slice(2, 8)
  /** Called once: emptied when they are. */
  const onReady = new Set<() => void>()
  const onFail = new Set<(res: PluginError) => void>()
  const onSelect = new Set<(visitor: SelectedVisitor) => void>()
  const onReceive = new Set<(message: ReceivedMessage) => void>()
  const onCrm = new Set<(update: Extract<HostEvent, { event: 'crmUpdate' }>['data']) => void>()
  const onMap = new Set<(click: Extract<HostEvent, { event: 'mapMsgClick' }>['data']) => void>()
  const onNotify = new Set<(eventData: string) => void>()
  let queue: Queued[] = []
  const pending = new Map<string, Queued & { readonly timer: ReturnType<typeof setTimeout> }>()
  const randoms: string[] = []

  function log(kind: string, name: string, data?: unknown): void {
    if (debug) console.log(`[kefu/agent] ${kind} ${name}`, ...(data === undefined ? [] : [data]))
  }

  function environment(): Environment | null {
    if (env !== undefined) return env
    const win = options.window ?? (globalThis as { window?: Window }).window
    if (!win) return (env = null)
    const param = paramDataReader(win.location?.search ?? '')
    return (env = { win, param, hostOrigin: resolveHostOrigin(win, param) })
  }

  /**
   * Whom to post to. `location.ancestorOrigins` (Chromium, Safari) is the browser's word for who framed
   * the page, so a `kefuOrigin` parameter or option that disagrees with it is refused rather than
   * trusted: anyone can frame a plugin page with any URL. Without it (Firefox), the URL parameter
   * counts only when the referrer agrees.
   */
  function resolveHostOrigin(win: Window, param: ParamDataReader): string | PluginError {
    const fail = (message: string) => new PluginError('not_configured', message)
    if (win.parent === win) return fail('the page is not inside the kefu workbench (it has no parent window)')
    const ancestors = win.location?.ancestorOrigins
    const framedBy = ancestors && ancestors.length > 0 ? ancestors[0] : undefined
    const refuse = (claim: string) => new PluginError('origin_mismatch', `refused: ${claim}, but the page is framed by ${framedBy}; nothing was sent`)
    const checked = (origin: string, what: string): string | PluginError =>
      framedBy === undefined || framedBy === origin ? origin : refuse(`${what} names the workbench ${origin}`)
    if (options.hostOrigin !== undefined) {
      const explicit = originOf(options.hostOrigin)
      return explicit ? checked(explicit, 'hostOrigin') : fail(`hostOrigin ${JSON.stringify(options.hostOrigin)} is not an http(s) origin`)
    }
    const fromParam = param(HOST_ORIGIN_PARAM)
    const claimed = fromParam === '' ? null : originOf(fromParam)
    if (fromParam !== '' && !claimed) return fail(`the ${HOST_ORIGIN_PARAM} parameter ${JSON.stringify(fromParam)} is not an http(s) origin`)
    if (framedBy !== undefined) {
      if (claimed) return checked(claimed, `the ${HOST_ORIGIN_PARAM} parameter`)
      // "null": a sandboxed parent, which no workbench is, and which postMessage cannot address.
      return originOf(framedBy) ?? refuse('a workbench has an http(s) origin')
    }
    const fromReferrer = originOf(win.document?.referrer ?? '')
    // The referrer is who framed the page (or the page itself after a navigation inside the frame).
    if (claimed && (!fromReferrer || claimed === fromReferrer)) return claimed
    if (fromReferrer) return fromReferrer
    return fail(
      `cannot tell the workbench's origin: pass createAgentPlugin({ hostOrigin }), or open the page from the kefu workbench (it adds the ${HOST_ORIGIN_PARAM} parameter)`,
    )
  }

  function update(patch: Partial<Mutable<AgentPluginSnapshot>>): void {
    if ((Object.keys(patch) as (keyof AgentPluginSnapshot)[]).some((key) => patch[key] !== snapshot[key])) {
      store.set((snapshot = Object.freeze({ ...snapshot, ...patch })))
    }
  }

  /**
   * Calls the page's callbacks in turn with the snapshot changes before them; one that throws is
   * logged and stops neither the others nor the bridge.
   */
  function later<A extends unknown[]>(callbacks: Iterable<(...args: A) => void>, ...args: A): void {
    for (const callback of callbacks) store.queue(() => callback(...args))
  }

  function post(message: PluginMessage): void {
    const current = environment()
    if (current && typeof current.hostOrigin === 'string') current.win.parent.postMessage(message, current.hostOrigin)
  }

  function fail(error: PluginError): void {
    clearTimeout(verifyTimer)
    update({ status: 'error', error })
    // A refusal over who framed the page is a security decision the developer must see, debug or not.
    if (error.reason === 'origin_mismatch') console.error(`[kefu/agent] ${error.message}`)
    else log('error', error.reason, error.message)
    const waiting = [...queue, ...pending.values()]
    queue = []
    for (const entry of pending.values()) clearTimeout(entry.timer)
    pending.clear()
    for (const entry of waiting) entry.reject(error)
    later(onFail, error)
    onFail.clear()
  }

  function send(entry: Queued): void {
    const id = `${idPrefix}-${++callCount}`
    const timer = setTimeout(() => {
      pending.delete(id)
      entry.reject(new PluginCallError('timeout', `the workbench did not answer ${entry.call.method} in time`))
    }, options.callTimeoutMs ?? 30_000)
    pending.set(id, { ...entry, timer })
    post({ channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'call', id, ...entry.call } as PluginMessage)
  }

  /** Sends now when verified, queues until then, refuses after a failure. */
  function call(callToSend: PluginCall): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry: Queued = { call: callToSend, resolve, reject }
      if (destroyed) reject(new PluginCallError('destroyed', 'the plugin SDK was destroyed'))
      else if (snapshot.status === 'error') reject(snapshot.error!)
      else if (snapshot.status === 'ready') send(entry)
      else queue.push(entry)
    })
  }

  function selectVisitor(selected: SelectedVisitor | null): void {
    const previous = snapshot.selected
    const same = previous !== null && selected !== null && JSON.stringify(previous) === JSON.stringify(selected)
    const sameVisitor = previous?.visitorData.visitorId === selected?.visitorData.visitorId && selected !== null
    update({ selected: same ? previous : selected, messages: sameVisitor ? snapshot.messages : NO_MESSAGES })
    if (!selected) return
    later(onSelect, selected)
    notify({ event: 'OnUserChange', channeltype: '1', useraccount: selected.visitorData.visitorId ?? '' })
  }

  function notify(eventData: Record<string, unknown>): void {
    const text = JSON.stringify(eventData)
    later(onNotify, text)
  }

  function onEvent(message: HostEvent): void {
    switch (message.event) {
      case 'selectVisitor':
        selectVisitor(message.data)
        break
      case 'receiveMsg': {
        const received = message.data
        if (received.visitorId === snapshot.selected?.visitorData.visitorId) {
          const messages = [...snapshot.messages, received]
          update({ messages: Object.freeze(messages.slice(-MAX_MESSAGES)) })
        }
        later(onReceive, received)
        break
      }
      case 'crmUpdate':
        later(onCrm, message.data)
        break
      case 'mapMsgClick':
        later(onMap, message.data)
        notify({ event: 'OnMapMsgClick', ...message.data })
        break
    }
  }

  function onMessage(event: MessageEvent): void {
    const current = environment()
    if (!current || !isBridgeMessage(event.data)) return
    if (event.origin !== current.hostOrigin || event.source !== current.win.parent) {
      log('ignored', `message from ${event.origin}`, event.data)
      return
    }
    const message = event.data as unknown as HostMessage
    switch (message.type) {
      case 'ready': {
        if (snapshot.status !== 'verifying') return log('ignored', 'ready (not verifying)')
        clearTimeout(verifyTimer)
        log('event', 'ready', message)
        update({ status: 'ready', error: null })
        selectVisitor(message.selected ?? null)
        const queued = queue
        queue = []
        for (const entry of queued) send(entry)
        later(onReady)
        onReady.clear()
        break
      }
      case 'error':
        fail(new PluginError(message.reason, message.message))
        break
      case 'result': {
        const entry = pending.get(message.id)
        if (!entry) return log('ignored', `result ${message.id} (unknown id)`)
        pending.delete(message.id)
        clearTimeout(entry.timer)
        log('result', entry.call.method, message)
        if (message.ok) entry.resolve()
        else entry.reject(new PluginCallError(message.error.code, message.error.message))
        break
      }
      case 'event':
        if (snapshot.status !== 'ready') return log('ignored', `event ${message.event} (not ready)`)
        log('event', message.event, message.data)
        onEvent(message)
        break
    }
  }

  /**
   * Ctrl+Alt+0 pressed in the plugin page (the WeChat seed's shortcut) toggles the workbench's debug log,
   * whose keyboard listener cannot hear keys typed in this frame. Sent whether or not the page is
   * verified: the log is where a failed verification is explained.
   */
  function onKeyDown(event: KeyboardEvent): void {
    if (!event.ctrlKey || !event.altKey || event.repeat || !(event.key === '0' || event.code === 'Digit0' || event.code === 'Numpad0')) return
    event.preventDefault()
    log('call', 'debug toggle')
    post({ channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'debug', action: 'toggle' })
  }

  function sendToVisitor(method: SendToVisitorMethod, arg: unknown): Promise<void> {
    log('call', method, arg)
    return call({ method: 'sendMessage', args: { body: visitorMessageBody(method, arg) } })
  }

  function on<T>(set: Set<T>, method: string, callback: T): () => void {
    if (typeof callback !== 'function') throw new PluginArgumentError(method, 'callback', 'must be a function')
    log('call', method)
    if (destroyed) return () => {}
    set.add(callback)
    return () => void set.delete(callback)
  }

  /** The WeChat methods answer synchronously: verified and not destroyed, or a non-zero retCode. */
  function wechatRefusal(): WechatResult | null {
    if (destroyed) return wechatError(WECHAT_RET_CODE.destroyed, 'SDK已销毁', 'the plugin SDK was destroyed')
    if (snapshot.status === 'ready') return null
    const detail =
      snapshot.status === 'error'
        ? `verification failed: ${snapshot.error!.message}`
        : snapshot.status === 'verifying'
          ? 'verification is still in progress; wait for ready()'
          : 'call config() first (or give the script tag data-timestamp, data-nonce and data-signature)'
    return wechatError(WECHAT_RET_CODE.notVerified, '插件未通过验证', detail)
  }

  return {
    config(config: AgentPluginConfig) {
      if (typeof config !== 'object' || config === null) throw new PluginArgumentError('config', 'options', 'must be an object {timestamp, nonce, signature}')
      const timestamp = typeof config.timestamp === 'string' && /^\d+$/.test(config.timestamp) ? Number(config.timestamp) : config.timestamp
      if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp <= 0) {
        throw new PluginArgumentError('config', 'timestamp', 'must be a positive integer (seconds since the epoch)')
      }
      for (const key of ['nonce', 'signature'] as const) {
        if (typeof config[key] !== 'string' || config[key] === '') throw new PluginArgumentError('config', key, 'must be a non-empty string')
      }
      if (config.debug !== undefined) debug = config.debug === true
      log('call', 'config', config)
      if (destroyed) return
      const current = environment()
      if (!current) return fail(new PluginError('not_configured', 'no window: the SDK runs in a plugin page inside the kefu workbench'))
      if (typeof current.hostOrigin !== 'string') return fail(current.hostOrigin)
      if (!listening) {
        current.win.addEventListener('message', onMessage)
        current.win.addEventListener('keydown', onKeyDown)
        listening = true
      }
      update({ status: 'verifying', error: null })
      const pageUrl = current.win.location.href.replace(/#.*$/s, '')
      post({ channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'config', config: { timestamp, nonce: config.nonce, signature: config.signature, pageUrl } })
      clearTimeout(verifyTimer)
      verifyTimer = setTimeout(
        () => fail(new PluginError('verify_failed', 'the workbench did not answer config(); is the page open in the kefu workbench?')),
        options.verifyTimeoutMs ?? 15_000,
      )
    },

    ready(callback) {
      if (typeof callback !== 'function') throw new PluginArgumentError('ready', 'callback', 'must be a function')
      if (destroyed) return
      if (snapshot.status === 'ready') store.queue(callback)
      else onReady.add(callback)
    },

    error(callback) {
      if (typeof callback !== 'function') throw new PluginArgumentError('error', 'callback', 'must be a function')
      if (destroyed) return
      if (snapshot.status === 'error') store.queue(() => callback(snapshot.error!))
      else onFail.add(callback)
    },

    getParamData(paramName, subParamName) {
      if (typeof paramName !== 'string' || paramName === '') throw new PluginArgumentError('getParamData', 'paramName', 'must be a non-empty string')
      if (subParamName !== undefined && typeof subParamName !== 'string') {
        throw new PluginArgumentError('getParamData', 'subParamName', 'must be a string when given')
      }
      const value = environment()?.param(paramName, subParamName) ?? ''
      log('call', 'getParamData', { paramName, subParamName, value })
      return value
    },

    onSelectVisitor: (callback) => on(onSelect, 'onSelectVisitor', callback),
    onReceiveMsg: (callback) => on(onReceive, 'onReceiveMsg', callback),
    onCrmUpdate: (callback) => on(onCrm, 'onCrmUpdate', callback),
    onMapMsgClick: (callback) => on(onMap, 'onMapMsgClick', callback),
    onClientNotify: (callback) => on(onNotify, 'onClientNotify', callback),

    pushVisitorEvent(visEvt) {
      log('call', 'pushVisitorEvent', visEvt)
      const card = cardFromVisEvt(visEvt)
      return call({ method: 'pushVisitorEvent', args: { card: card as unknown as Readonly<Record<string, unknown>> } })
    },

    sendTxtMsgToVisitor: (content) => sendToVisitor('sendTxtMsgToVisitor', content),
    sendImageToVisitor: (info) => sendToVisitor('sendImageToVisitor', info),
    sendVideoToVisitor: (info) => sendToVisitor('sendVideoToVisitor', info),
    sendVoiceToVisitor: (info) => sendToVisitor('sendVoiceToVisitor', info),
    sendFileToVisitor: (info) => sendToVisitor('sendFileToVisitor', info),

    setVisitorChatSign(sign) {
      log('call', 'setVisitorChatSign', sign)
      const chatSign = typeof sign === 'object' && sign !== null ? (sign as { chatSign?: unknown }).chatSign : undefined
      if (chatSign !== 0 && chatSign !== 1) {
        // The seed: "只允许0和1。其他业务状态将被忽略" — ignored, not an error; the developer is told why.
        console.warn(`[kefu/agent] setVisitorChatSign: chatSign ${JSON.stringify(chatSign)} ignored (only 0, 1)`)
        return Promise.resolve()
      }
      return call({ method: 'setVisitorChatSign', args: { chatSign } })
    },

    putMsg(json) {
      log('call', 'putMsg', json)
      const request = readPutMsg(json)
      if (!request.ok) return wechatError(WECHAT_RET_CODE.invalidArgument, '参数错误', request.detail)
      const refusal = wechatRefusal()
      if (refusal) return refusal
      // The seed: "相同随机数的调用会被抛弃" — a repeat is dropped but reported as success, so a page that
      // retries after a glitch does not show an error for a message that is already in the composer.
      if (randoms.includes(request.random)) {
        log('ignored', `putMsg random ${request.random} (repeated)`)
        return WECHAT_OK
      }
      randoms.push(request.random)
      if (randoms.length > MAX_RANDOMS) randoms.shift()
      call({ method: 'putMsg', args: { random: request.random, items: request.items } }).catch((error: Error) =>
        log('refused', 'putMsg', error.message),
      )
      return WECHAT_OK
    },

    notice(text) {
      log('call', 'notice', text)
      if (text !== undefined && typeof text !== 'string') {
        return wechatError(WECHAT_RET_CODE.invalidArgument, '参数错误', `text must be a string, got ${typeof text}`)
      }
      const refusal = wechatRefusal()
      if (refusal) return refusal
      call({ method: 'notice', args: { text: text ?? '' } }).catch((error: Error) => log('refused', 'notice', error.message))
      return WECHAT_OK
    },

    getSnapshot: store.getSnapshot,
    getInitialSnapshot: store.getInitialSnapshot,

    subscribe(listener) {
      if (typeof listener !== 'function') throw new PluginArgumentError('subscribe', 'listener', 'must be a function')
      return store.subscribe(listener)
    },

    destroy() {
      if (destroyed) return
      destroyed = true
      clearTimeout(verifyTimer)
      if (listening && env) {
        env.win.removeEventListener('message', onMessage)
        env.win.removeEventListener('keydown', onKeyDown)
      }
      const error = new PluginCallError('destroyed', 'the plugin SDK was destroyed')
      const waiting = [...queue, ...pending.values()]
      for (const entry of pending.values()) clearTimeout(entry.timer)
      queue = []
      pending.clear()
      for (const entry of waiting) entry.reject(error)
      for (const set of [onSelect, onReceive, onCrm, onMap, onNotify, onReady, onFail]) set.clear()
      store.clear()
    },
  }
}

function originOf(value: string): string | null {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null
  } catch {
    return null
  }
}
