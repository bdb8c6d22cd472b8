import type { Card, ValidatedCard } from './cards/card'
import type { ChatEventMap } from './chatEvents'
import {
  INITIAL_CHAT_SNAPSHOT,
  INITIAL_EVALUATION,
  type ChatSnapshot,
  type EvaluationState,
} from './chatSnapshot'
import { isChatActive, transitionChatStatus, type ChatStatus } from './chatStatus'
import { createEmitter } from './emitter'
import { keepEqual } from './keepEqual'
import { createStore, type ReadableStore } from './store/createStore'
import {
  defaultStorage,
  defaultVisibility,
  randomId,
  type KeyValueStorage,
  type VisibilitySource,
} from './environment'
import { KefuError, ValidationError, type KefuErrorCode } from './errors'
import { lastSeqOf, mergeMessages, type ChatMessage, type OutgoingMessageBody, type UploadedFile } from './message'
import {
  PROTOCOL_VERSION,
  type AckedClientFrame,
  type ClientFrame,
  type EntryData,
  type EvaluationInput,
  type EvaluationRecord,
  type LeaveMessageInput,
  type RoutingRequest,
  type ServerFrame,
  type TraceEntry,
} from './protocol'
import type { Transport } from './transport'
import { countUnread } from './unread'
import { toVisitorSendMsg } from './visitorSendMsg'
import type { VisitorIdentity } from './visitorIdentity'

export interface ChatOptions {
  /** The kefu company (Echat `companyId`, Sobot `sysnum`). */
  readonly companyId: string
  readonly transport: Transport
  /** A visitor token from an earlier visit; otherwise read from `storage`. */
  readonly visitorToken?: string
  readonly entry?: EntryData
  /** Where the visitor token is kept; `localStorage` in a browser, memory elsewhere. */
  readonly storage?: KeyValueStorage
  /** Page visibility; the read mark advances only while the window is open and the page visible. */
  readonly visibility?: VisibilitySource
  /** Connect at once instead of on `connect()`. Never set this for a client created during SSR. */
  readonly autoConnect?: boolean
  /** Mark messages read while the window is open and the page visible (default true). */
  readonly autoMarkRead?: boolean
  /** Log ignored status events and other oddities; `true` logs to the console. */
  readonly debug?: boolean | ((message: string, details?: unknown) => void)
  readonly generateId?: () => string
  readonly now?: () => number
}

/**
 * The visitor side of a chat: a store (`getSnapshot` + `subscribe`; `getInitialSnapshot` is the state
 * before any connection, what server rendering and hydration use), events, and actions. Subscribers and
 * event listeners run after a change is complete, in order, so they may call actions.
 */
export interface ChatClient extends ReadableStore<ChatSnapshot> {
  readonly companyId: string
  on<K extends keyof ChatEventMap>(name: K, listener: (payload: ChatEventMap[K]) => void): () => void
  once<K extends keyof ChatEventMap>(name: K, listener: (payload: ChatEventMap[K]) => void): () => void

  /** Opens the link to the server; actions called before are queued, not dropped. */
  connect(): void
  /** Closes the link; queued and unacknowledged actions wait for the next `connect()`. */
  disconnect(): void
  /** Closes for good; pending actions fail with a `destroyed` error. */
  destroy(): void

  /**
   * Opens the chat window, requesting a chat if there is none. `routing` is how that chat is to be
   * received (a page's or a chat link's Sobot `type`, `groupid`, `agentid`, …); the server keeps it for
   * the first message when the company starts chats on the first message rather than on opening.
   */
  open(routing?: RoutingRequest): void
  minimize(): void
  maximize(): void
  /** Ends the chat and closes the window, staying open while an evaluation is asked for. */
  close(): void

  requestChat(routing?: RoutingRequest): Promise<void>
  /** Asks the bot to hand over to a human agent (转人工). */
  requestHuman(): Promise<void>
  endChat(): Promise<void>
  send(text: string): Promise<ChatMessage>
  /** Sends a file: a `Blob` is uploaded through the transport first; an `UploadedFile` is sent as is. */
  sendFile(file: Blob | UploadedFile, name?: string): Promise<ChatMessage>
  sendCard(card: Card): Promise<ChatMessage>
  identify(identity: VisitorIdentity): Promise<void>
  evaluate(evaluation: EvaluationInput): Promise<void>
  dismissEvaluation(): void
  leaveMessage(message: LeaveMessageInput): Promise<void>
  trace(entry: TraceEntry): Promise<void>
  setTyping(typing: boolean): void
  markRead(): void
  /**
   * Loads the page of older messages before the first one shown (`limit`, 1–100, default 50) into
   * `messages`, for a UI scrolled to the top; resolves with how many arrived (0 when `hasEarlier` is
   * false). A UI asks again only once the last has settled.
   */
  loadEarlier(limit?: number): Promise<number>
}

interface Pending {
  readonly frame: AckedClientFrame
  /** A `history` answer resolves with how many older messages it added. */
  resolve(value: ChatMessage | number | undefined): void
  reject(error: KefuError): void
  /** To be sent (again): not sent on this connection yet, or refused for now. */
  due: boolean
}

const MAX_TEXT = 5000
const MAX_COMMENT = 1000

/**
 * The outbox's pace: a burst of 30 frames, then 15 a second. Well under what the server allows a
 * connection (40, then 20 a second), so a reconnect that resends a long outbox is not refused, and
 * reads, typing and pings still fit beside it.
 */
const PACE_MS = 1000 / 15
const BURST_MS = 30 * PACE_MS
/** Refusals that only mean "not now": the frame goes again after a pause. Any other code is final. */
const RETRYABLE: readonly KefuErrorCode[] = ['rate_limited', 'server_error']
/** The pause after a refusal: 1, 2, 4… seconds for refusals in a row, at most 30, each ½–1× at random. */
const RETRY_MS = 1000
const MAX_RETRY_MS = 30_000

/**
 * Events that fire when one slice of the snapshot changes, in the order they fire: the slice, the
 * event, its payload's field for the new value, and whether the payload has the `previous` one too
 * (`test/sliceEvents.test.ts` checks every payload against `ChatEventMap`).
 */
const SLICE_EVENTS: readonly (readonly [keyof ChatSnapshot, keyof ChatEventMap, string, 1?])[] = [
  ['connection', 'connectionChange', 'connection', 1],
  ['status', 'statusChange', 'status', 1],
  ['staff', 'staffChange', 'staff'],
  ['agentsOnline', 'staffStatus', 'online'],
  ['queuePosition', 'queuePosition', 'position'],
  ['unread', 'unreadChange', 'unread', 1],
  ['window', 'windowChange', 'window', 1],
  ['evaluation', 'evaluation', 'evaluation'],
  ['agentTyping', 'typing', 'typing'],
]

const PENDING_EVALUATION: EvaluationState = { status: 'pending', submitted: null }
const DISMISSED_EVALUATION: EvaluationState = { status: 'dismissed', submitted: null }

/** Throws the typed error for one bad argument. */
function check(ok: unknown, path: string, message: string): asserts ok {
  if (!ok) throw new ValidationError('invalid_argument', [{ path, message }])
}

export function createChat(options: ChatOptions): ChatClient {
  const { companyId, transport } = options ?? {}
  if (!companyId || typeof transport?.connect !== 'function') {
    throw new KefuError('invalid_argument', 'createChat needs a `companyId` and a `transport`')
  }
  const newId = options.generateId ?? randomId
  const log =
    typeof options.debug === 'function'
      ? options.debug
      : options.debug
        ? (message: string, details?: unknown) => console.warn(`[kefu] ${message}`, details ?? '')
        : undefined

  const onError = (error: unknown) => (log ? log('a listener threw', error) : console.error(error))
  const emitter = createEmitter<ChatEventMap>(onError)
  const store = createStore(INITIAL_CHAT_SNAPSHOT, { onChange: changed, onError })
  /** An event that is not a change of state, delivered in turn with the changes before it. */
  const emit = <K extends keyof ChatEventMap>(name: K, payload: ChatEventMap[K]) => store.queue(() => emitter.emit(name, payload))
  const outbox = new Map<string, Pending>()
  const tokenKey = `kefu:${companyId}:visitorToken`

  let state: ChatSnapshot = INITIAL_CHAT_SNAPSHOT
  let storage: KeyValueStorage | undefined
  let visibility: VisibilitySource | undefined
  let unwatchVisibility: (() => void) | undefined
  let token = options.visitorToken
  let generation = 0
  let online = false
  let connected = false
  let destroyed = false
  let closeRequested = false
  let sentReadSeq = 0
  const now = options.now ?? Date.now
  // The outbox's pace: when it would have sent everything so far at its steady rate (a frame may go
  // while that is at most a burst ahead of now); and the end of the latest pause after a refusal.
  let pacedUntil = 0
  let holdUntil = 0
  let refusals = 0
  let pumpTimer: ReturnType<typeof setTimeout> | undefined

  const report = (error: unknown) => {
    const kefuError = error instanceof KefuError ? error : new KefuError('server_error', String(error), error)
    log?.(kefuError.message, kefuError)
    emit('error', kefuError)
  }

  /** `state` is always the store's snapshot; the store tells subscribers once the outermost change is done. */
  function commit(patch: Partial<ChatSnapshot>): void {
    if (Object.keys(patch).some((key) => patch[key as keyof ChatSnapshot] !== state[key as keyof ChatSnapshot])) {
      store.set((state = { ...state, ...patch }))
    }
  }

  /** Events for one delivered change, in the order they fire, then the read mark it may move. */
  function changed(next: ChatSnapshot, prev: ChatSnapshot): void {
    for (const [key, name, field, withPrevious] of SLICE_EVENTS) {
      if (prev[key] !== next[key] && (key !== 'queuePosition' || next[key] !== null)) {
        const payload = { [field]: next[key], ...(withPrevious && { previous: prev[key] }) }
        emitter.emit(name, (key === 'evaluation' ? { ...payload, submitted: next.evaluation.submitted } : payload) as never)
      }
    }
    if (!prev.ready && next.ready) emitter.emit('ready', { visitorId: next.visitorId! })
    if (prev.messages !== next.messages) {
      const known = new Set(prev.messages.map((m) => m.id))
      for (const message of next.messages) {
        if (!known.has(message.id) && !known.has(message.clientId!)) emitter.emit('message', message)
      }
    }
    emitter.emit('change', next)
    autoMarkRead()
  }

  function sendFrame(frame: ClientFrame): void {
    try {
      transport.send(frame)
    } catch (error) {
      report(new KefuError('server_error', `the transport failed to send ${frame.type}`, error))
    }
  }

  function enqueue(frame: AckedClientFrame): Promise<ChatMessage | undefined> {
    return new Promise((resolve, reject) => {
      if (destroyed) throw new KefuError('destroyed', 'this chat client was destroyed')
      outbox.set(frame.cid, { frame, resolve: resolve as Pending['resolve'], reject, due: true })
      pump()
    })
  }

  /**
   * Sends what is due in the outbox, in order, at the outbox's pace, and nothing while pausing after a
   * refusal; the rest goes when the timer says. Frames stay in the outbox until acknowledged.
   */
  function pump(): void {
    clearTimeout(pumpTimer)
    for (const pending of outbox.values()) {
      if (online && pending.due) {
        const t = now()
        const wait = (pacedUntil = Math.max(pacedUntil, t)) - BURST_MS - t
        if (wait > 0) return void (pumpTimer = setTimeout(pump, wait))
        pacedUntil += PACE_MS
        pending.due = false
        sendFrame(pending.frame)
      }
    }
  }

  /** An action the server acknowledges without a message. */
  const request = <T extends AckedClientFrame['type']>(
    type: T,
    payload?: Omit<Extract<AckedClientFrame, { type: T }>, 'type' | 'cid'>,
  ): Promise<void> => enqueue({ type, cid: newId(), ...payload } as AckedClientFrame).then(() => undefined)

  function sendBody(body: OutgoingMessageBody, customizeMsgType?: 1 | 2): Promise<ChatMessage> {
    const cid = newId()
    // An agent-only card never shows on the visitor's side, not even while sending.
    if (!destroyed && !(body.type === 'product' && body.card.visibility === 2)) {
      const local: ChatMessage = {
        id: cid,
        clientId: cid,
        seq: null,
        sender: 'visitor',
        createdAt: now(),
        state: 'pending',
        visibility: 'both',
        body,
        ...(customizeMsgType && { customizeMsgType }),
      }
      commit({ messages: mergeMessages(state.messages, [local]) })
    }
    return enqueue({ type: 'message.send', cid, body }) as Promise<ChatMessage>
  }

  // ---- frames from the server -------------------------------------------------------------

  function applyStatus(next: ChatStatus, staff: ChatSnapshot['staff'] | undefined): void {
    let evaluation = !isChatActive(state.status) && isChatActive(next) ? INITIAL_EVALUATION : state.evaluation
    let window = state.window
    if (next.name === 'ended' && next.needsEvaluation && evaluation.status === 'none') evaluation = PENDING_EVALUATION
    if (closeRequested && next.name === 'ended' && evaluation.status !== 'pending') {
      closeRequested = false
      window = 'closed'
    }
    const chatting = next.name === 'chatting'
    commit({
      status: next,
      queuePosition: next.name === 'waiting' ? state.queuePosition : null,
      staff: chatting ? keepEqual(state.staff, staff ?? state.staff) : null,
      evaluation,
      window,
      agentTyping: chatting && state.agentTyping,
    })
  }

  function finishClose(): void {
    if (closeRequested) {
      closeRequested = false
      commit({ window: 'closed' })
    }
  }

  function onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        if (frame.v !== PROTOCOL_VERSION) {
          report(new KefuError('bad_frame', `the server speaks protocol ${frame.v}, this client ${PROTOCOL_VERSION}`))
        }
        token = frame.visitorToken
        try {
          storage?.setItem(tokenKey, token)
        } catch {
          // storage full or blocked: the token lives for this page only
        }
        online = true
        const messages = mergeMessages(state.messages, frame.messages.filter(isVisible))
        const readSeq = Math.max(frame.readSeq, sentReadSeq)
        const status = frame.status
        const evaluation = frame.evaluation
          ? submitted(frame.evaluation)
          : status.name !== 'ended' || !status.needsEvaluation
            ? INITIAL_EVALUATION
            : state.evaluation.status === 'dismissed'
              ? state.evaluation
              : PENDING_EVALUATION
        commit({
          connection: 'online',
          ready: true,
          visitorId: frame.visitorId,
          status: keepEqual(state.status, status),
          queuePosition: frame.queuePosition,
          staff: keepEqual(state.staff, frame.staff),
          agentsOnline: frame.agentsOnline,
          messages,
          readSeq,
          agentReadSeq: Math.max(state.agentReadSeq, frame.agentReadSeq ?? 0),
          // Only a first connection says; a resync keeps what the client knew.
          hasEarlier: frame.hasEarlier ?? state.hasEarlier,
          themeColor: frame.themeColor ?? null,
          unread: readSeq > frame.readSeq ? countUnread(messages, readSeq) : frame.unread,
          evaluation: keepEqual(state.evaluation, evaluation),
        })
        // Resend everything not yet acknowledged, in order and paced; the server de-duplicates by client
        // id. A new connection has the server's whole allowance again.
        pacedUntil = 0
        for (const pending of outbox.values()) pending.due = true
        pump()
        if (sentReadSeq > frame.readSeq) sendFrame({ type: 'read', seq: sentReadSeq })
        return
      }
      case 'ack': {
        const pending = outbox.get(frame.cid)
        const message = frame.message
        if (!pending) return
        outbox.delete(frame.cid)
        refusals = 0
        if (pending.frame.type === 'history') {
          const before = state.messages.length
          const messages = mergeMessages(state.messages, (frame.messages ?? []).filter(isVisible))
          commit({ messages, hasEarlier: frame.more === true })
          return pending.resolve(messages.length - before)
        }
        if (message && isVisible(message)) commit({ messages: mergeMessages(state.messages, [message]) })
        if (message?.sender === 'visitor') emitVisitorSendMsg(message)
        return pending.resolve(message)
      }
      case 'message': {
        const message = frame.message
        if (!isVisible(message)) return
        const isNew = !state.messages.some((m) => m.id === message.id || m.id === message.clientId)
        commit({
          messages: mergeMessages(state.messages, [message]),
          agentTyping: message.sender !== 'agent' && state.agentTyping,
        })
        if (isNew && message.sender === 'visitor') emitVisitorSendMsg(message)
        return
      }
      case 'status': {
        const next = transitionChatStatus(state.status, frame.event)
        if (next) return applyStatus(next, frame.event.type === 'assigned' ? frame.event.staff : undefined)
        return log?.(`ignored chat status event "${frame.event.type}" in state "${state.status.name}"`, frame.event)
      }
      case 'queue':
        if (state.status.name === 'waiting') return commit({ queuePosition: frame.position })
        return log?.(`ignored queue position while "${state.status.name}"`)
      case 'staff':
        return commit({ staff: keepEqual(state.staff, frame.staff) })
      case 'agents':
        return commit({ agentsOnline: frame.online })
      case 'unread': {
        // The server is authoritative, but a read mark we just sent may not have reached it yet.
        const readSeq = Math.max(frame.readSeq, state.readSeq)
        return commit({ readSeq, unread: readSeq > frame.readSeq ? countUnread(state.messages, readSeq) : frame.count })
      }
      case 'evaluationDismissed':
        if (state.evaluation.status === 'pending') commit({ evaluation: DISMISSED_EVALUATION })
        return finishClose()
      case 'agentRead':
        return commit({ agentReadSeq: Math.max(state.agentReadSeq, frame.seq) })
      case 'evaluation':
        commit({ evaluation: submitted(frame.evaluation) })
        return finishClose()
      case 'typing':
        return commit({ agentTyping: frame.typing })
      case 'trackInfo':
        return emit('trackInfo', frame.info)
      case 'error': {
        const { code, message, issues } = frame
        const error = issues ? new ValidationError(code, issues) : new KefuError(code, message)
        const pending = outbox.get(frame.cid!)
        if (!pending) return report(error)
        if (RETRYABLE.includes(code)) {
          // Refused for now: it goes again after a pause, and what follows at the steady pace, not in a
          // burst. The server refuses the frames sent behind it until it comes again, so order holds;
          // those refusals belong to the same episode and do not lengthen the pause.
          pending.due = true
          const t = now()
          if (t >= holdUntil) pacedUntil = BURST_MS + (holdUntil = t + Math.min(MAX_RETRY_MS, RETRY_MS * 2 ** refusals++) * (0.5 + Math.random() / 2))
          return pump()
        }
        outbox.delete(frame.cid!)
        if (pending.frame.type === 'message.send') {
          commit({ messages: state.messages.map((m) => (m.id === frame.cid ? { ...m, state: 'failed' } : m)) })
        }
        return pending.reject(error)
      }
      case 'pong':
        return
      default:
        log?.('ignored an unknown frame', frame)
    }
  }

  function emitVisitorSendMsg(message: ChatMessage): void {
    const payload = toVisitorSendMsg(message.body)
    if (payload) emit('visitorSendMsg', payload)
  }

  // ---- reading ----------------------------------------------------------------------------

  function markReadUpTo(seq: number): void {
    if (seq <= state.readSeq) return
    sentReadSeq = Math.max(sentReadSeq, seq)
    commit({ readSeq: seq, unread: countUnread(state.messages, seq) })
    if (online) sendFrame({ type: 'read', seq })
  }

  function autoMarkRead(): void {
    const visible = !visibility || visibility.isVisible()
    if (options.autoMarkRead !== false && online && state.window === 'open' && state.unread && visible) {
      markReadUpTo(lastSeqOf(state.messages))
    }
  }

  // ---- connection -------------------------------------------------------------------------

  function connect(): void {
    if (destroyed || connected) return log?.('ignored connect(): connected or destroyed')
    connected = true
    const current = ++generation
    const live = () => current === generation
    storage = storage || options.storage || defaultStorage()
    token = token || storage.getItem(tokenKey) || undefined
    visibility = visibility || options.visibility || defaultVisibility()
    unwatchVisibility = visibility.subscribe(autoMarkRead)
    commit({ connection: state.ready ? 'reconnecting' : 'connecting' })
    try {
      transport.connect({
        open() {
          if (live()) {
            const lastSeq = lastSeqOf(state.messages)
            sendFrame({ type: 'hello', v: PROTOCOL_VERSION, companyId, lastSeq, visitorToken: token, entry: options.entry })
          }
        },
        // One frame, one delivery: listeners see its changes together, after it was handled.
        frame: (frame) => live() && store.batch(() => onFrame(frame)),
        close({ reconnecting }) {
          if (live()) {
            online = false
            commit({ connection: reconnecting ? 'reconnecting' : 'offline', agentTyping: false })
          }
        },
      })
    } catch (error) {
      connected = false
      commit({ connection: 'offline' })
      report(new KefuError('server_error', 'the transport failed to connect', error))
    }
  }

  function disconnect(): void {
    if (!connected) return
    connected = online = false
    generation++
    clearTimeout(pumpTimer)
    unwatchVisibility?.()
    transport.disconnect()
    commit({ connection: 'offline', agentTyping: false })
  }

  // ---- the client ---------------------------------------------------------------------------

  const client: ChatClient = {
    companyId,
    getSnapshot: store.getSnapshot,
    getInitialSnapshot: store.getInitialSnapshot,
    subscribe: store.subscribe,
    on: emitter.on,
    once: emitter.once,
    connect,
    disconnect,
    destroy() {
      if (destroyed) return
      disconnect()
      destroyed = true
      const error = new KefuError('destroyed', 'this chat client was destroyed')
      for (const pending of outbox.values()) pending.reject(error)
      outbox.clear()
      store.clear()
      emitter.clear()
    },

    open(routing) {
      // Passed straight as a click handler (`onClick={open}`), it gets the click event: no routing.
      if (typeof (routing as { preventDefault?: unknown } | undefined)?.preventDefault === 'function') routing = undefined
      commit({ window: 'open' })
      const requesting = [...outbox.values()].some((p) => p.frame.type === 'chat.request')
      // The server decides whether opening starts a chat (a company setting); see `trigger`.
      if (state.status.name === 'idle' && !requesting) request('chat.request', { trigger: 'open', ...(routing && { routing }) }).catch(report)
    },
    minimize: () => commit({ window: 'minimized' }),
    maximize: () => commit({ window: 'open' }),
    close() {
      closeRequested = true
      if (isChatActive(state.status)) client.endChat().catch(report)
      else if (state.evaluation.status !== 'pending') finishClose()
    },

    requestChat: (routing) => request('chat.request', routing && { routing }),
    requestHuman: () => request('chat.handoff'),
    endChat: () => request('chat.end'),

    async send(text) {
      check(typeof text === 'string' && text.trim() && text.length <= MAX_TEXT, 'text', `must be 1–${MAX_TEXT} characters`)
      return sendBody({ type: 'text', text })
    },

    async sendFile(file, name) {
      if (isUploadedFile(file)) return sendBody(fileBody(file))
      check(typeof Blob !== 'undefined' && file instanceof Blob, 'file', 'must be a Blob, a File or an uploaded file')
      if (!transport.upload) throw new KefuError('unsupported', 'this transport cannot upload files')
      return transport
        .upload(file, name ?? (file as Blob & { name?: string }).name ?? 'file')
        .then((uploaded) => sendBody(fileBody(uploaded)))
    },

    // Cards and identities are validated (and card HTML sanitized) by the server, the one place that
    // cannot be bypassed; its issues come back as a ValidationError. The acknowledgement carries the
    // stored, sanitized card. Validators: `@kefu/core/cards`, `@kefu/core/identity`.
    async sendCard(card) {
      check(isObject(card), 'card', 'must be an object')
      const valid = card as ValidatedCard
      return valid.type === 'order'
        ? sendBody({ type: 'order', card: valid })
        : sendBody({ type: 'product', card: { ...valid, type: 'product' } }, valid.customizeMsgType)
    },

    async identify(identity) {
      check(isObject(identity), 'identity', 'must be an object')
      return request('identify', { identity })
    },

    async evaluate(evaluation) {
      const { score, comment } = evaluation ?? {}
      check(Number.isInteger(score) && score >= 1 && score <= 5, 'score', 'must be an integer 1–5')
      check(comment === undefined || (typeof comment === 'string' && comment.length <= MAX_COMMENT), 'comment', `must be a string of at most ${MAX_COMMENT} characters`)
      return request('evaluate', { evaluation: comment ? { score, comment } : { score } }).then(finishClose)
    },

    dismissEvaluation() {
      if (state.evaluation.status !== 'submitted') {
        commit({ evaluation: DISMISSED_EVALUATION })
        request('evaluation.dismiss').catch(report)
      }
      finishClose()
    },

    async leaveMessage(message) {
      const content = message?.content
      check(typeof content === 'string' && content.trim() && content.length <= MAX_TEXT, 'content', `must be 1–${MAX_TEXT} characters`)
      return request('leaveMessage', { leaveMessage: message })
    },

    async trace(entry) {
      check(isObject(entry), 'trace', 'must be an object')
      return request('trace', { trace: entry })
    },

    setTyping(typing) {
      if (online) sendFrame({ type: 'typing', typing: !!typing })
    },

    markRead: () => markReadUpTo(lastSeqOf(state.messages)),

    async loadEarlier(limit = 50) {
      check(Number.isInteger(limit) && limit > 0 && limit <= 100, 'limit', 'must be 1–100')
      // Messages are in sequence order, unsent ones last: the first stored one is the oldest shown.
      const first = state.messages.find((m) => m.seq !== null)
      return state.hasEarlier && first ? (enqueue({ type: 'history', cid: newId(), beforeSeq: first.seq!, limit }) as Promise<unknown> as Promise<number>) : 0
    },
  }

  if (options.autoConnect) connect()
  return client
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null

const submitted = (record: EvaluationRecord): EvaluationState => ({ status: 'submitted', submitted: record })

function isVisible(message: ChatMessage): boolean {
  return message.visibility !== 'agent'
}

function isUploadedFile(file: unknown): file is UploadedFile {
  return typeof (file as UploadedFile)?.url === 'string'
}

function fileBody({ url, name, size, mimeType }: UploadedFile): OutgoingMessageBody {
  check(/^(https?:\/\/|\/)/i.test(url) && typeof name === 'string' && size >= 0, 'file', 'needs an http(s) url, a name and a size')
  // Pictures, sound and video show inline; anything else is a file to download.
  const kind = /^(image|audio|video)\//.exec(mimeType)?.[1]
  return kind
    ? { type: kind === 'audio' ? 'voice' : (kind as 'image' | 'video'), url, name, size }
    : { type: 'file', url, name, size, mimeType }
}
