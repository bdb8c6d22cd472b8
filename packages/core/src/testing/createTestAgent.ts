import { validateCard, type Card } from '../cards/card'
import { validateVisitorIdentity } from '../identity/validateVisitorIdentity'
import {
  isChatActive,
  transitionChatStatus,
  INITIAL_CHAT_STATUS,
  type ChatStatus,
  type ChatStatusEvent,
  type EndReason,
  type OfflineMode,
} from '../chatStatus'
import { isConversationEvent, isConversationState, transitionConversation, type ConversationState } from '../conversationLifecycle'
import { ValidationError, type KefuErrorCode } from '../errors'
import type { ChatMessage, MessageAction, MessageBody, MessageSender, UploadedFile } from '../message'
import {
  PROTOCOL_VERSION,
  type ClientFrame,
  type EvaluationRecord,
  type LeaveMessageInput,
  type ServerFrame,
  type TraceEntry,
  type TrackInfo,
} from '../protocol'
import type { StaffInfo } from '../staffInfo'
import type { Transport, TransportHandlers } from '../transport'
import { countUnread } from '../unread'
import type { NormalizedVisitorIdentity } from '../visitorIdentity'

/** Messages a welcome carries at most, as `@kefu/server` pages them. */
const WELCOME_PAGE = 100
/** Messages a `history` request returns at most (1–100, as the server allows). */
const HISTORY_PAGE_MAX = 100

export interface TestAgentOptions {
  /** What happens when the visitor asks for a chat: queue (default), accept at once, start the bot, or go offline. */
  readonly onRequest?: 'queue' | 'accept' | 'bot' | 'offline'
  /** What the visitor's handoff from the bot (转人工) meets: the queue, or an agent at once (default: `accept` when `onRequest` is). */
  readonly onHandoff?: 'queue' | 'accept'
  /** The agent that `accept()` assigns unless told otherwise. */
  readonly staff?: Partial<StaffInfo>
  readonly agentsOnline?: boolean
  readonly offlineMode?: OfflineMode
  readonly offlineUrl?: string
  /** Whether a chat with an agent that the visitor ends asks for an evaluation (as the server's `evaluateOnEnd`). */
  readonly evaluateOnVisitorEnd?: boolean
  readonly visitorId?: string
  /**
   * The company setting: `open` (the default here) starts a chat when the window opens, `message` only
   * with the first message or card (a window opening with nobody online still hears it is offline).
   */
  readonly startChatOn?: 'open' | 'message'
}

/**
 * An in-process stand-in for `@kefu/server` with one scriptable agent and one visitor, for testing
 * your own app's chat UI without a server. It follows the server's unread rules and protocol.
 * Every client created with one of its transports is the same visitor (like several browser tabs).
 */
export interface TestAgent {
  /** A transport for one more client (tab) of the visitor. */
  createTransport(): Transport
  /** The first transport, for the common single-client test. */
  readonly transport: Transport

  queue(position: number): void
  accept(staff?: Partial<StaffInfo>): void
  startBot(): void
  say(text: string): ChatMessage
  sayAsBot(text: string, options?: { readonly offerHandoff?: boolean }): ChatMessage
  notice(text: string, code?: string, params?: Readonly<Record<string, string>>): ChatMessage
  pushCard(card: Card): ChatMessage
  /** Any message body from any sender, e.g. an image from the agent or an agent-only note. */
  deliver(body: MessageBody, options?: { readonly sender?: MessageSender; readonly visibility?: 'both' | 'agent' }): ChatMessage
  end(reason: EndReason, options?: { readonly evaluate?: boolean }): void
  goOffline(mode?: OfflineMode, url?: string): void
  setAgentsOnline(online: boolean): void
  overload(): void
  reset(): void
  typing(typing: boolean): void
  /** The agent read the visitor's messages up to `seq` (the visitor sees 已读). */
  agentRead(seq: number): void
  sendTrackInfo(info: TrackInfo): void
  /** The next client frame of this type is refused with an error frame. */
  failNext(frameType: ClientFrame['type'], code: KefuErrorCode, message: string): void
  /** Cuts every connection; frames in flight either way are lost, as on a real network. */
  dropConnections(): void
  /** Brings dropped connections back; the clients say hello again and resync. */
  restoreConnections(): void
  /** Resolves once every frame in flight has been delivered and handled. */
  settle(): Promise<void>

  readonly status: ChatStatus
  readonly visitorId: string
  readonly readSeq: number
  /** Unread count as the server computes it. */
  readonly unread: number
  /** Every stored message, agent-only ones included. */
  readonly messages: readonly ChatMessage[]
  /** Every frame clients sent, in order. */
  readonly received: readonly ClientFrame[]
  readonly identity: NormalizedVisitorIdentity | null
  readonly evaluations: readonly EvaluationRecord[]
  readonly leaveMessages: readonly LeaveMessageInput[]
  readonly traces: readonly TraceEntry[]
  readonly connectionCount: number
}

interface Connection {
  handlers: TransportHandlers
  up: boolean
  welcomed: boolean
}

export function createTestAgent(options: TestAgentOptions = {}): TestAgent {
  const visitorId = options.visitorId ?? 'test-visitor-1'
  const visitorToken = `test-token:${visitorId}`
  const connections = new Set<Connection>()
  const acks = new Map<string, ChatMessage | undefined>()
  const messages: ChatMessage[] = []
  const received: ClientFrame[] = []
  const evaluations: EvaluationRecord[] = []
  const leaveMessages: LeaveMessageInput[] = []
  const traces: TraceEntry[] = []
  const failures = new Map<ClientFrame['type'], { code: KefuErrorCode; message: string }>()

  let status: ChatStatus = INITIAL_CHAT_STATUS
  let staff: StaffInfo | null = null
  let queuePosition: number | null = null
  let agentsOnline = options.agentsOnline ?? true
  let readSeq = 0
  let agentReadSeq = 0
  let seq = 0
  let conversation = 0
  let identity: NormalizedVisitorIdentity | null = null
  let evaluation: EvaluationRecord | null = null
  /** Whether an agent served the current (or last) conversation: only such a chat is evaluated. */
  let served = false
  let inFlight = 0

  const defer = (task: () => void) => {
    inFlight++
    queueMicrotask(() => {
      inFlight--
      task()
    })
  }

  const deliverTo = (connection: Connection, frame: ServerFrame) =>
    defer(() => {
      if (connection.up && connections.has(connection)) connection.handlers.frame(frame)
    })

  const broadcast = (frame: ServerFrame, except?: Connection) => {
    for (const connection of connections) if (connection !== except && connection.welcomed) deliverTo(connection, frame)
  }

  const visible = () => messages.filter((m) => m.visibility === 'both')
  /** What a welcome carries: the newest page first time (older history on request), everything after `lastSeq` later. */
  const welcomePage = (lastSeq: number) => {
    const all = visible()
    if (lastSeq === 0) return { messages: all.slice(-WELCOME_PAGE), ...(all.length > WELCOME_PAGE ? { hasEarlier: true } : {}) }
    return { messages: all.filter((m) => (m.seq ?? 0) > lastSeq) }
  }
  const unread = () => countUnread(visible(), readSeq)

  /**
   * Moves the visitor's status as the server does: a conversation's events through the conversation
   * lifecycle (the server's machine), the visitor-only ones (offline, overloaded, reset) through the
   * chat status table. An event the machine refuses is a bug in the test script, so it throws.
   */
  function applyEvent(event: ChatStatusEvent): void {
    let next: ChatStatus | undefined
    if (isConversationEvent(event)) {
      // The conversation under way, or the ended one being evaluated; otherwise this event starts a new one.
      const current: ConversationState | null =
        isConversationState(status) && (status.name !== 'ended' || event.type === 'evaluated') ? status : null
      next = transitionConversation(current, event)
      if (next && !current) {
        conversation++
        evaluation = null
        served = false
      }
    } else {
      next = transitionChatStatus(status, event)
    }
    if (!next) throw new Error(`test agent: "${event.type}" is not valid while the chat is "${status.name}"`)
    status = next
    if (next.name !== 'waiting') queuePosition = null
    if (event.type === 'assigned') served = true
    staff = event.type === 'assigned' ? event.staff : next.name === 'chatting' ? staff : null
    broadcast({ type: 'status', event })
  }

  /** The visitor's end, asking for an evaluation as the server does: only of a chat an agent served, not yet evaluated. */
  function visitorEnds(): void {
    const evaluate = status.name === 'chatting' && served && evaluation === null && (options.evaluateOnVisitorEnd ?? false)
    applyEvent({ type: 'ended', reason: 1, needsEvaluation: evaluate })
  }

  function store(body: MessageBody, sender: MessageSender, extra: Partial<ChatMessage> = {}): ChatMessage {
    const message: ChatMessage = {
      id: `m${seq + 1}`,
      seq: ++seq,
      sender,
      createdAt: Date.now(),
      state: 'sent',
      visibility: 'both',
      body,
      ...(sender === 'agent' && staff ? { senderName: staff.staffNickName } : {}),
      ...extra,
    }
    messages.push(message)
    return message
  }

  function fromServer(body: MessageBody, sender: Exclude<MessageSender, 'visitor'>, extra?: Partial<ChatMessage>) {
    const message = store(body, sender, extra)
    if (message.visibility === 'both') {
      broadcast({ type: 'message', message })
      broadcast({ type: 'unread', count: unread(), readSeq })
    }
    return message
  }

  function startConversation(): void {
    if (!agentsOnline) return goOffline()
    switch (options.onRequest ?? 'queue') {
      case 'accept':
        return accept()
      case 'bot':
        return applyEvent({ type: 'botStarted' })
      case 'offline':
        return goOffline()
      case 'queue':
        applyEvent({ type: 'queued' })
        return setQueue(1)
    }
  }

  function setQueue(position: number): void {
    if (status.name !== 'waiting') applyEvent({ type: 'queued' })
    queuePosition = position
    broadcast({ type: 'queue', position })
  }

  function accept(overrides: Partial<StaffInfo> = {}): void {
    applyEvent({
      type: 'assigned',
      staff: {
        staffId: 'agent-1',
        staffNickName: 'Test Agent',
        recordId: `test_${conversation + (isChatActive(status) ? 0 : 1)}`,
        ...options.staff,
        ...overrides,
      },
    })
  }

  function goOffline(mode: OfflineMode = options.offlineMode ?? 'leave-message', url = options.offlineUrl): void {
    applyEvent({ type: 'offline', mode, ...(url ? { url } : {}) })
  }

  function handle(connection: Connection, frame: ClientFrame): void {
    received.push(frame)
    const failure = failures.get(frame.type)
    if (failure) {
      failures.delete(frame.type)
      deliverTo(connection, { type: 'error', ...failure, ...('cid' in frame ? { cid: frame.cid } : {}) })
      return
    }
    if ('cid' in frame && acks.has(frame.cid)) {
      // A resend after a reconnect: acknowledge again, store nothing.
      const message = acks.get(frame.cid)
      deliverTo(connection, { type: 'ack', cid: frame.cid, ...(message ? { message } : {}) })
      return
    }
    const ack = (message?: ChatMessage) => {
      acks.set((frame as { cid: string }).cid, message)
      deliverTo(connection, { type: 'ack', cid: (frame as { cid: string }).cid, ...(message ? { message } : {}) })
    }
    switch (frame.type) {
      case 'hello': {
        if (frame.visitorToken !== undefined && frame.visitorToken !== visitorToken) {
          deliverTo(connection, { type: 'error', code: 'unauthorized', message: 'unknown visitor token' })
          return
        }
        connection.welcomed = true
        deliverTo(connection, {
          type: 'welcome',
          v: PROTOCOL_VERSION,
          visitorId,
          visitorToken,
          status,
          queuePosition,
          staff,
          agentsOnline,
          unread: unread(),
          readSeq,
          ...welcomePage(frame.lastSeq),
          evaluation,
          agentReadSeq,
        })
        return
      }
      case 'chat.request':
        if (frame.trigger === 'open' && options.startChatOn === 'message') {
          if (!agentsOnline && !isChatActive(status)) goOffline()
        } else if (!isChatActive(status)) startConversation()
        return ack()
      case 'message.send': {
        let body = frame.body
        // Like the server: validate and sanitize cards, never trusting the client.
        if (body.type === 'product' || body.type === 'order') {
          const card = validated(connection, frame.cid, () => validateCard(body.type === 'product' || body.type === 'order' ? body.card : null))
          if (!card) return
          body = card.type === 'order' ? { type: 'order', card } : { type: 'product', card }
        }
        if (!isChatActive(status)) startConversation()
        const agentOnly = body.type === 'product' && body.card.visibility === 2
        const message = store(body, 'visitor', {
          clientId: frame.cid,
          ...(agentOnly ? { visibility: 'agent' as const } : {}),
        })
        ack(message)
        if (!agentOnly) broadcast({ type: 'message', message }, connection)
        return
      }
      case 'identify': {
        const valid = validated(connection, frame.cid, () => validateVisitorIdentity(frame.identity))
        if (!valid) return
        identity = { ...identity, ...valid }
        return ack()
      }
      case 'evaluate': {
        // Like the server: only a chat an agent served is evaluated, during it or after its end.
        const asked = status.name === 'ended' && status.needsEvaluation
        if (!(status.name === 'chatting' || (status.name === 'ended' && (served || asked)))) {
          deliverTo(connection, { type: 'error', code: 'conflict', message: 'there is no chat with an agent to evaluate', cid: frame.cid })
          return
        }
        evaluation = { ...frame.evaluation, phase: status.name === 'ended' ? 'ended' : 'chatting' }
        evaluations.push(evaluation)
        if (status.name === 'ended' && status.needsEvaluation) applyEvent({ type: 'evaluated' })
        broadcast({ type: 'evaluation', evaluation })
        return ack()
      }
      case 'evaluation.dismiss':
        if (status.name === 'ended' && status.needsEvaluation) {
          status = { ...status, needsEvaluation: false }
          broadcast({ type: 'evaluationDismissed' }, connection)
        }
        return ack()
      case 'chat.end':
        if (isChatActive(status)) visitorEnds()
        return ack()
      case 'chat.handoff':
        if (status.name === 'bot') {
          if ((options.onHandoff ?? (options.onRequest === 'accept' ? 'accept' : 'queue')) === 'accept') accept()
          else setQueue(1)
        }
        return ack()
      case 'leaveMessage':
        leaveMessages.push(frame.leaveMessage)
        return ack()
      case 'trace':
        traces.push(frame.trace)
        return ack()
      case 'history': {
        const older = visible().filter((m) => (m.seq ?? 0) < frame.beforeSeq)
        const page = older.slice(-Math.min(frame.limit ?? 50, HISTORY_PAGE_MAX))
        acks.set(frame.cid, undefined)
        deliverTo(connection, { type: 'ack', cid: frame.cid, messages: page, more: older.length > page.length })
        return
      }
      case 'read':
        if (frame.seq > readSeq) {
          readSeq = Math.min(frame.seq, seq)
          broadcast({ type: 'unread', count: unread(), readSeq })
        }
        return
      case 'typing':
        return
      case 'ping':
        return deliverTo(connection, { type: 'pong' })
    }
  }

  /** Runs a validator; a ValidationError becomes the error frame the server would send. */
  function validated<T>(connection: Connection, cid: string, validate: () => T): T | undefined {
    try {
      return validate()
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      deliverTo(connection, { type: 'error', code: error.code, message: error.message, cid, issues: error.issues })
      return undefined
    }
  }

  function createTransport(): Transport {
    let connection: Connection | undefined
    return {
      connect(handlers) {
        const current: Connection = (connection = { handlers, up: true, welcomed: false })
        connections.add(current)
        defer(() => current.up && connections.has(current) && handlers.open())
      },
      send(frame) {
        const current = connection
        if (!current || !current.up) return
        // Copy, as a network would: later changes to the client's objects must not leak in.
        const copy = JSON.parse(JSON.stringify(frame)) as ClientFrame
        defer(() => current.up && connections.has(current) && handle(current, copy))
      },
      disconnect() {
        if (connection) connections.delete(connection)
        connection = undefined
      },
      upload(file, name) {
        const uploaded: UploadedFile = {
          url: `https://files.test.invalid/${seq + 1}/${encodeURIComponent(name)}`,
          name,
          size: file.size,
          mimeType: file.type || 'application/octet-stream',
        }
        return Promise.resolve(uploaded)
      },
    }
  }

  const transport = createTransport()

  const agent: TestAgent = {
    createTransport,
    transport,
    queue: setQueue,
    accept,
    startBot: () => applyEvent({ type: 'botStarted' }),
    say: (text) => fromServer({ type: 'text', text }, 'agent'),
    sayAsBot(text, { offerHandoff = false } = {}) {
      const actions: MessageAction[] = offerHandoff ? [{ type: 'handoff' }] : []
      return fromServer({ type: 'text', text }, 'bot', actions.length ? { actions } : {})
    },
    notice: (text, code, params) => fromServer({ type: 'notice', text, ...(code ? { code } : {}), ...(params ? { params } : {}) }, 'system'),
    pushCard(card) {
      const valid = validateCard(card)
      const body: MessageBody = valid.type === 'order' ? { type: 'order', card: valid } : { type: 'product', card: valid }
      const agentOnly = valid.type === 'product' && valid.visibility === 2
      return fromServer(body, 'agent', agentOnly ? { visibility: 'agent' } : {})
    },
    deliver: (body, { sender = 'agent', visibility = 'both' } = {}) =>
      sender === 'visitor' ? store(body, 'visitor', { visibility }) : fromServer(body, sender, { visibility }),
    end: (reason, { evaluate = false } = {}) => applyEvent({ type: 'ended', reason, needsEvaluation: evaluate }),
    goOffline,
    setAgentsOnline(online) {
      agentsOnline = online
      broadcast({ type: 'agents', online })
    },
    overload: () => applyEvent({ type: 'overloaded' }),
    reset: () => applyEvent({ type: 'reset' }),
    typing: (typing) => broadcast({ type: 'typing', typing }),
    agentRead(read) {
      agentReadSeq = Math.max(agentReadSeq, read)
      broadcast({ type: 'agentRead', seq: agentReadSeq })
    },
    sendTrackInfo: (info) => broadcast({ type: 'trackInfo', info }),
    failNext: (frameType, code, message) => void failures.set(frameType, { code, message }),
    dropConnections() {
      for (const connection of connections) {
        if (!connection.up) continue
        connection.up = false
        connection.welcomed = false
        connection.handlers.close({ reconnecting: true, reason: 'test: connection dropped' })
      }
    },
    restoreConnections() {
      for (const connection of connections) {
        if (connection.up) continue
        connection.up = true
        defer(() => connection.up && connection.handlers.open())
      }
    },
    async settle() {
      // Deliveries can schedule more deliveries; wait until the queue is empty and stays empty.
      for (let rounds = 0; rounds < 1000; rounds++) {
        await new Promise<void>((resolve) => setTimeout(resolve, 0))
        if (inFlight === 0) return
      }
      throw new Error('test agent: frames kept flowing for 1000 rounds')
    },
    get status() {
      return status
    },
    visitorId,
    get readSeq() {
      return readSeq
    },
    get unread() {
      return unread()
    },
    messages,
    received,
    get identity() {
      return identity
    },
    evaluations,
    leaveMessages,
    traces,
    get connectionCount() {
      return connections.size
    },
  }
  return agent
}
