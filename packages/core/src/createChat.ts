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
import {
  defaultStorage,
  defaultVisibility,
  randomId,
  type KeyValueStorage,
  type VisibilitySource,
} from './environment'
import { KefuError, ValidationError } from './errors'
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

/** The visitor side of a chat: a tiny store (`getSnapshot` + `subscribe`), events, and actions. */
export interface ChatClient {
  readonly companyId: string
  /** The current state; a new object only when something changed. */
  getSnapshot(): ChatSnapshot
  /** The state before any connection: what server rendering and hydration use. */
  getInitialSnapshot(): ChatSnapshot
  /** Called after every change; not called when nothing changed. */
  subscribe(listener: () => void): () => void
  on<K extends keyof ChatEventMap>(name: K, listener: (payload: ChatEventMap[K]) => void): () => void
  once<K extends keyof ChatEventMap>(name: K, listener: (payload: ChatEventMap[K]) => void): () => void

  /** Opens the link to the server; actions called before are queued, not dropped. */
  connect(): void
  /** Closes the link; queued and unacknowledged actions wait for the next `connect()`. */
  disconnect(): void
  /** Closes for good; pending actions fail with a `destroyed` error. */
  destroy(): void

  /** Opens the chat window, requesting a chat if there is none. */
  open(): void
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
}

interface Pending {
  readonly frame: AckedClientFrame
  resolve(value: ChatMessage | undefined): void
  reject(error: KefuError): void
}

const MAX_TEXT = 5000
const MAX_COMMENT = 1000

type SliceEvent = {
  [K in keyof ChatEventMap]: readonly [keyof ChatSnapshot, K, (next: ChatSnapshot, prev: ChatSnapshot) => ChatEventMap[K]]
}[keyof ChatEventMap]

/** Events that fire when one slice of the snapshot changes, in the order they fire. */
const SLICE_EVENTS: readonly SliceEvent[] = [
  ['connection', 'connectionChange', (n, p) => ({ connection: n.connection, previous: p.connection })],
  ['status', 'statusChange', (n, p) => ({ status: n.status, previous: p.status })],
  ['staff', 'staffChange', (n) => ({ staff: n.staff })],
  ['agentsOnline', 'staffStatus', (n) => ({ online: n.agentsOnline })],
  ['queuePosition', 'queuePosition', (n) => ({ position: n.queuePosition! })],
  ['unread', 'unreadChange', (n, p) => ({ unread: n.unread, previous: p.unread })],
  ['window', 'windowChange', (n, p) => ({ window: n.window, previous: p.window })],
  ['evaluation', 'evaluation', (n) => ({ evaluation: n.evaluation, submitted: n.evaluation.submitted })],
  ['agentTyping', 'typing', (n) => ({ typing: n.agentTyping })],
]

const PENDING_EVALUATION: EvaluationState = { status: 'pending', submitted: null }

/** Throws the typed error for one bad argument. */
function check(ok: unknown, path: string, message: string): asserts ok {
  if (!ok) throw new ValidationError('invalid_argument', [{ path, message }])
}

/** Runs validation that may throw, turning a throw into a rejected promise. */
function attempt<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run()
  } catch (error) {
    return Promise.reject(error)
  }
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

  const emitter = createEmitter<ChatEventMap>((error) => (log ? log('an event listener threw', error) : console.error(error)))
  const listeners = new Set<() => void>()
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

  const report = (error: unknown) => {
    const kefuError = error instanceof KefuError ? error : new KefuError('server_error', String(error), error)
    log?.(kefuError.message, kefuError)
    emitter.emit('error', kefuError)
  }

  function commit(patch: Partial<ChatSnapshot>): void {
    const prev = state
    if (Object.keys(patch).every((key) => patch[key as keyof ChatSnapshot] === prev[key as keyof ChatSnapshot])) return
    const next = (state = { ...prev, ...patch })
    for (const listener of [...listeners]) listener()
    for (const [key, name, payload] of SLICE_EVENTS) {
      if (prev[key] !== next[key] && (key !== 'queuePosition' || next[key] !== null)) {
        emitter.emit(name, payload(next, prev) as never)
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
      outbox.set(frame.cid, { frame, resolve, reject })
      if (online) sendFrame(frame)
    })
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
        createdAt: (options.now ?? Date.now)(),
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
      staff: chatting ? keep(state.staff, staff ?? state.staff) : null,
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
          status: keep(state.status, status),
          queuePosition: frame.queuePosition,
          staff: keep(state.staff, frame.staff),
          agentsOnline: frame.agentsOnline,
          messages,
          readSeq,
          unread: readSeq > frame.readSeq ? countUnread(messages, readSeq) : frame.unread,
          evaluation: keep(state.evaluation, evaluation),
        })
        // Resend everything not yet acknowledged, in order; the server de-duplicates by client id.
        for (const pending of outbox.values()) sendFrame(pending.frame)
        if (sentReadSeq > frame.readSeq) sendFrame({ type: 'read', seq: sentReadSeq })
        return
      }
      case 'ack': {
        const pending = outbox.get(frame.cid)
        const message = frame.message
        if (!pending) return
        outbox.delete(frame.cid)
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
        return commit({ staff: keep(state.staff, frame.staff) })
      case 'agents':
        return commit({ agentsOnline: frame.online })
      case 'unread': {
        // The server is authoritative, but a read mark we just sent may not have reached it yet.
        const readSeq = Math.max(frame.readSeq, state.readSeq)
        return commit({ readSeq, unread: readSeq > frame.readSeq ? countUnread(state.messages, readSeq) : frame.count })
      }
      case 'evaluation':
        commit({ evaluation: submitted(frame.evaluation) })
        return finishClose()
      case 'typing':
        return commit({ agentTyping: frame.typing })
      case 'trackInfo':
        return emitter.emit('trackInfo', frame.info)
      case 'error': {
        const { code, message, issues } = frame
        const error = issues ? new ValidationError(code, issues) : new KefuError(code, message)
        const pending = outbox.get(frame.cid!)
        if (!pending) return report(error)
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
    if (payload) emitter.emit('visitorSendMsg', payload)
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
    if (destroyed || connected) return log?.('connect() ignored: already connected or destroyed')
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
        frame: (frame) => live() && onFrame(frame),
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
    unwatchVisibility?.()
    transport.disconnect()
    commit({ connection: 'offline', agentTyping: false })
  }

  // ---- the client ---------------------------------------------------------------------------

  const client: ChatClient = {
    companyId,
    getSnapshot: () => state,
    getInitialSnapshot: () => INITIAL_CHAT_SNAPSHOT,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
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
      listeners.clear()
      emitter.clear()
    },

    open() {
      commit({ window: 'open' })
      const requesting = [...outbox.values()].some((p) => p.frame.type === 'chat.request')
      if (state.status.name === 'idle' && !requesting) client.requestChat().catch(report)
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

    send: (text) =>
      attempt(() => {
        check(typeof text === 'string' && text.trim() && text.length <= MAX_TEXT, 'text', `must be 1–${MAX_TEXT} characters`)
        return sendBody({ type: 'text', text })
      }),

    sendFile: (file, name) =>
      attempt(() => {
        if (isUploadedFile(file)) return sendBody(fileBody(file))
        check(typeof Blob !== 'undefined' && file instanceof Blob, 'file', 'must be a Blob, a File or an uploaded file')
        if (!transport.upload) throw new KefuError('unsupported', 'this transport cannot upload files')
        return transport
          .upload(file, name ?? (file as Blob & { name?: string }).name ?? 'file')
          .then((uploaded) => sendBody(fileBody(uploaded)))
      }),

    // Cards and identities are validated (and card HTML sanitized) by the server, the one place that
    // cannot be bypassed; its issues come back as a ValidationError. The acknowledgement carries the
    // stored, sanitized card. Validators: `@kefu/core/cards`, `@kefu/core/identity`.
    sendCard: (card) =>
      attempt(() => {
        check(isObject(card), 'card', 'must be an object')
        const valid = card as ValidatedCard
        return valid.type === 'order'
          ? sendBody({ type: 'order', card: valid })
          : sendBody({ type: 'product', card: { ...valid, type: 'product' } }, valid.customizeMsgType)
      }),

    identify: (identity) =>
      attempt(() => {
        check(isObject(identity), 'identity', 'must be an object')
        return request('identify', { identity })
      }),

    evaluate: (evaluation) =>
      attempt(() => {
        const { score, comment } = evaluation ?? {}
        check(Number.isInteger(score) && score >= 1 && score <= 5, 'score', 'must be an integer 1–5')
        check(comment === undefined || (typeof comment === 'string' && comment.length <= MAX_COMMENT), 'comment', `must be a string of at most ${MAX_COMMENT} characters`)
        return request('evaluate', { evaluation: comment ? { score, comment } : { score } }).then(finishClose)
      }),

    dismissEvaluation() {
      if (state.evaluation.status !== 'submitted') {
        commit({ evaluation: { status: 'dismissed', submitted: null } })
        request('evaluation.dismiss').catch(report)
      }
      finishClose()
    },

    leaveMessage: (message) =>
      attempt(() => {
        const content = message?.content
        check(typeof content === 'string' && content.trim() && content.length <= MAX_TEXT, 'content', `must be 1–${MAX_TEXT} characters`)
        return request('leaveMessage', { leaveMessage: message })
      }),

    trace: (entry) =>
      attempt(() => {
        check(isObject(entry), 'trace', 'must be an object')
        return request('trace', { trace: entry })
      }),

    setTyping(typing) {
      if (online) sendFrame({ type: 'typing', typing: !!typing })
    },

    markRead: () => markReadUpTo(lastSeqOf(state.messages)),
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
  const kind = /^(image|audio|video)\//.exec(mimeType)?.[1]
  const base = { url, name, size }
  if (kind === 'image') return { type: 'image', ...base }
  if (kind === 'audio') return { type: 'voice', ...base }
  if (kind === 'video') return { type: 'video', ...base }
  return { type: 'file', ...base, mimeType }
}

/** Keeps the current object when the server resends an equal value, so nothing re-renders. */
function keep<T>(current: T, next: T): T {
  return JSON.stringify(current) === JSON.stringify(next) ? current : next
}
