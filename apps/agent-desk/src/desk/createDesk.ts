import {
  createStore,
  KefuError,
  type AgentClientFrame,
  type AgentInfo,
  type AgentPresence,
  type AgentServerFrame,
  type ChatMessage,
  type CrmFields,
  type LeaveMessageRecord,
  type OutgoingMessageBody,
  type ReadableStore,
  type UploadedFile,
  type VisibilitySource,
} from '@kefu/core'
import type { DeskAction } from './deskAction'
import { deskFetch, DeskHttpError, type FetchLike } from './deskHttp'
import { deskReducer } from './deskReducer'
import { INITIAL_DESK_SNAPSHOT, type AgentGroup, type DeskMessage, type DeskSnapshot, type QuickReply } from './deskSnapshot'

/** The part of the browser's WebSocket the desk uses, so tests can hand in a fake. */
export interface DeskSocket {
  readonly readyState: number
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { readonly data: unknown }) => void) | null
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

export type DeskSocketConstructor = new (url: string) => DeskSocket

/** Where the session token is kept: `sessionStorage`, so it ends with the tab. */
export interface SessionStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface DeskOptions {
  /** The kefu server; empty (the default) for the page's own origin. */
  readonly baseUrl?: string
  /** Defaults to `ws(s)://<baseUrl host>/ws/agent`. */
  readonly socketUrl?: string
  readonly fetch?: FetchLike
  readonly WebSocket?: DeskSocketConstructor
  readonly storage?: SessionStore
  readonly visibility?: VisibilitySource
  /** Reconnect backoff: `baseMs · 2ⁿ`, at most `maxMs`. */
  readonly reconnect?: { readonly baseMs?: number; readonly maxMs?: number }
  /** Keep-alive ping interval while connected; 0 turns it off. */
  readonly pingMs?: number
  /** How many messages one history page holds. */
  readonly historyPageSize?: number
}

export type SelectTarget = { readonly conversationId: string } | { readonly visitorId: string } | null

export type TransferTarget = { readonly agentId: string } | { readonly groupId: string }

export interface SendOptions {
  /** An internal note: only agents see it. */
  readonly note?: boolean
}

/** Events for the plugin host; the snapshot carries all state. */
export interface DeskEventMap {
  /** A message the server sent (not this agent's own acknowledgements). */
  message: { readonly visitorId: string; readonly conversationId: string | null; readonly message: ChatMessage }
  /** This agent's CRM edit, after the server stored it: only the fields that changed. */
  crmUpdated: { readonly visitorId: string; readonly changed: CrmFields }
}

/** The workbench's store (`getSnapshot` + `subscribe`; subscribers and events run once a change is complete, in order), and its actions. */
export interface Desk extends ReadableStore<DeskSnapshot> {
  on<K extends keyof DeskEventMap>(event: K, listener: (payload: DeskEventMap[K]) => void): () => void
  /** Resumes the session kept in this tab, if any. */
  start(): void
  /** `companyId` chooses when one e-mail and password sign in to several companies (the server answers `conflict`). */
  login(email: string, password: string, companyId?: string): Promise<AgentInfo>
  logout(): Promise<void>
  setPresence(presence: AgentPresence): Promise<void>
  accept(conversationId: string): Promise<void>
  select(target: SelectTarget): void
  send(conversationId: string, body: OutgoingMessageBody, options?: SendOptions): Promise<ChatMessage>
  /** Text to the selected conversation. */
  sendText(text: string, options?: SendOptions): Promise<ChatMessage>
  /** Uploads a file and sends it to the selected conversation as an image, video, voice or file message. */
  sendFile(file: Blob, name?: string): Promise<ChatMessage>
  upload(file: Blob, name?: string): Promise<UploadedFile>
  /** `note`: for the agent who takes over, kept as an internal note (agents only). */
  transfer(conversationId: string, to: TransferTarget, note?: string): Promise<void>
  end(conversationId: string): Promise<void>
  setChatSign(conversationId: string, chatSign: 0 | 1): Promise<void>
  updateCrm(visitorId: string, crm: CrmFields): Promise<void>
  setTyping(conversationId: string, typing: boolean): void
  /** Loads a visitor's latest messages, or (`older`) the page before the oldest one loaded. */
  loadHistory(visitorId: string, options?: { readonly older?: boolean }): Promise<void>
  loadLeaveMessages(): Promise<void>
  loadGroups(): Promise<void>
  loadQuickReplies(): Promise<void>
  /** An authenticated call to the kefu API (`path` like `/api/v1/plugins`). */
  http(path: string, init?: { readonly method?: string; readonly body?: unknown }): Promise<unknown>
  /** Reports an error in `lastError` (for failures the UI catches itself). */
  reportError(error: unknown): void
  clearError(): void
  destroy(): void
}

type AckedFrame = Extract<AgentClientFrame, { cid: string }>
type AckFrame = Extract<AgentServerFrame, { type: 'ack' }>
type Unacked<F> = F extends unknown ? Omit<F, 'cid'> : never

interface PendingRequest {
  readonly frame: AckedFrame
  resolve(ack: AckFrame): void
  reject(error: Error): void
}

const TOKEN_KEY = 'kefu.desk.session'
const OPEN = 1
const CLOSE_UNAUTHORIZED = 4401

/** The agent workbench's state and actions, free of any UI framework. */
export function createDesk(options: DeskOptions = {}): Desk {
  const baseUrl = (options.baseUrl ?? '').replace(/\/$/, '')
  const backoffBase = options.reconnect?.baseMs ?? 500
  const backoffMax = options.reconnect?.maxMs ?? 15_000
  const pingMs = options.pingMs ?? 25_000
  const pageSize = options.historyPageSize ?? 50
  // `state` is always the store's snapshot.
  const store = createStore(INITIAL_DESK_SNAPSHOT)
  let state = INITIAL_DESK_SNAPSHOT
  const eventListeners: { [K in keyof DeskEventMap]: Set<(payload: DeskEventMap[K]) => void> } = { message: new Set(), crmUpdated: new Set() }
  const pending = new Map<string, PendingRequest>()
  let socket: DeskSocket | null = null
  let welcomed = false
  let attempts = 0
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined
  let pingTimer: ReturnType<typeof setInterval> | undefined
  let unsubscribeVisibility: (() => void) | undefined
  let destroyed = false
  let firstWelcome = true

  // The environment is read on first use, never at import time.
  const fetchImpl: FetchLike = (input, init) => (options.fetch ?? globalThis.fetch.bind(globalThis))(input, init)
  const storage = (): SessionStore | null => {
    if (options.storage) return options.storage
    try {
      return globalThis.sessionStorage ?? null
    } catch {
      return null
    }
  }
  const visibility = (): VisibilitySource => options.visibility ?? documentVisibility()
  const isVisible = () => visibility().isVisible()

  // By visitor id: the furthest sequence number told to the server as read by this agent.
  const readReported = new Map<string, number>()
  function dispatch(action: DeskAction): void {
    store.set((state = deskReducer(state, action)))
    reportRead()
  }

  /** The open chat of a visible page is read: the shopper sees 已读 on what the agent has seen. */
  function reportRead(): void {
    const visitorId = state.selectedVisitorId
    if (!visitorId || !welcomed || !isVisible()) return
    const seq = latestSeq(state.messages[visitorId])
    if (seq === undefined || seq <= (readReported.get(visitorId) ?? 0)) return
    readReported.set(visitorId, seq)
    transmit({ type: 'read', visitorId, seq })
  }

  /** Runs the event's listeners in turn with the changes before it, never in the middle of one. */
  function emit<K extends keyof DeskEventMap>(event: K, payload: DeskEventMap[K]): void {
    for (const listener of [...eventListeners[event]]) store.queue(() => (listener as (p: DeskEventMap[K]) => void)(payload))
  }

  const token = () => (state.auth.status === 'signed-in' ? state.auth.token : null)

  async function http(path: string, init: { readonly method?: string; readonly body?: unknown } = {}): Promise<unknown> {
    const headers: Record<string, string> = {}
    const t = token()
    if (t) headers.authorization = `Bearer ${t}`
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    try {
      return await deskFetch(fetchImpl, `${baseUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      })
    } catch (error) {
      // Only the session itself being refused signs out (a plugin's bad signature is a 4xx with its own reason).
      if (error instanceof DeskHttpError && error.status === 401 && error.reason === 'unauthorized' && t) signOut('your session ended: sign in again')
      throw error
    }
  }

  function socketUrl(): string {
    if (options.socketUrl) return options.socketUrl
    const origin = baseUrl || (globalThis.location ? globalThis.location.origin : 'http://localhost')
    return `${origin.replace(/^http/, 'ws')}/ws/agent`
  }

  function connect(): void {
    if (destroyed || token() === null) return
    clearTimeout(reconnectTimer)
    const Ctor = options.WebSocket ?? (globalThis.WebSocket as unknown as DeskSocketConstructor)
    dispatch({ type: 'connection', connection: attempts === 0 && firstWelcome ? 'connecting' : 'reconnecting' })
    const ws = new Ctor(socketUrl())
    socket = ws
    welcomed = false
    ws.onopen = () => {
      if (socket !== ws) return
      const t = token()
      if (t) ws.send(JSON.stringify({ type: 'agent.hello', v: 1, token: t } satisfies AgentClientFrame))
    }
    ws.onmessage = (event) => {
      if (socket !== ws) return
      let frame: AgentServerFrame
      try {
        frame = JSON.parse(String(event.data)) as AgentServerFrame
      } catch {
        return
      }
      receive(frame)
    }
    ws.onerror = () => {}
    ws.onclose = (event) => {
      if (socket !== ws) return
      socket = null
      welcomed = false
      clearInterval(pingTimer)
      if (event.code === CLOSE_UNAUTHORIZED) return signOut(state.lastError?.message ?? 'your session ended: sign in again')
      if (destroyed || token() === null) return
      dispatch({ type: 'connection', connection: 'reconnecting' })
      const delay = Math.min(backoffMax, backoffBase * 2 ** attempts)
      attempts++
      reconnectTimer = setTimeout(connect, delay)
    }
  }

  function receive(frame: AgentServerFrame): void {
    dispatch({ type: 'frame', frame, visible: isVisible() })
    switch (frame.type) {
      case 'agent.welcome': {
        welcomed = true
        attempts = 0
        // A new connection may have missed the earlier report.
        readReported.clear()
        reportRead()
        // Unacknowledged actions go again; the server de-duplicates them by cid.
        for (const request of pending.values()) transmit(request.frame)
        if (pingMs > 0) {
          clearInterval(pingTimer)
          pingTimer = setInterval(() => transmit({ type: 'ping' }), pingMs)
        }
        if (firstWelcome) {
          firstWelcome = false
          void Promise.allSettled([loadGroups(), loadQuickReplies(), loadLeaveMessages()])
        }
        const selected = state.selectedVisitorId
        if (selected && state.history[selected]?.stale) void loadHistory(selected).catch(() => {})
        return
      }
      case 'ack': {
        const request = pending.get(frame.cid)
        pending.delete(frame.cid)
        request?.resolve(frame)
        return
      }
      case 'error': {
        if (!frame.cid) return
        const request = pending.get(frame.cid)
        pending.delete(frame.cid)
        request?.reject(new KefuError(frame.code, frame.message, frame.issues))
        return
      }
      case 'message':
        emit('message', { visitorId: frame.visitorId, conversationId: frame.conversationId, message: frame.message })
        return
      default:
        return
    }
  }

  function transmit(frame: AgentClientFrame): void {
    if (socket && socket.readyState === OPEN && welcomed) socket.send(JSON.stringify(frame))
  }

  function request(frame: Unacked<AckedFrame>, cid: string = newCid()): Promise<AckFrame> {
    if (token() === null) return Promise.reject(new KefuError('unauthorized', 'sign in first'))
    return new Promise((resolve, reject) => {
      const full = { ...frame, cid } as AckedFrame
      pending.set(cid, { frame: full, resolve, reject })
      transmit(full)
    })
  }

  function signOut(error: string | null): void {
    const s = storage()
    s?.removeItem(TOKEN_KEY)
    clearTimeout(reconnectTimer)
    clearInterval(pingTimer)
    const ws = socket
    socket = null
    welcomed = false
    attempts = 0
    firstWelcome = true
    ws?.close(1000, 'signed out')
    for (const request of pending.values()) request.reject(new KefuError('unauthorized', error ?? 'signed out'))
    pending.clear()
    dispatch({ type: 'signedOut', error })
  }

  function watchVisibility(): void {
    if (unsubscribeVisibility) return
    unsubscribeVisibility = visibility().subscribe(() => {
      if (isVisible()) dispatch({ type: 'visible' })
    })
  }

  function conversationOf(conversationId: string) {
    const conversation = state.conversations[conversationId]
    if (!conversation) throw new KefuError('not_found', `no such conversation: ${conversationId}`)
    return conversation
  }

  function selectedConversationId(): string {
    if (!state.selectedConversationId) throw new KefuError('invalid_argument', 'select a conversation first')
    return state.selectedConversationId
  }

  async function send(conversationId: string, body: OutgoingMessageBody, sendOptions: SendOptions = {}): Promise<ChatMessage> {
    const conversation = conversationOf(conversationId)
    const cid = newCid()
    const visibility = sendOptions.note ? 'agent' : 'both'
    const message: DeskMessage = {
      id: cid,
      clientId: cid,
      seq: null,
      sender: 'agent',
      ...(state.agent ? { senderName: state.agent.name } : {}),
      createdAt: Date.now(),
      state: 'pending',
      visibility,
      body,
      conversationId,
    }
    dispatch({ type: 'outgoing', visitorId: conversation.visitorId, message })
    const ack = await request({ type: 'message.send', conversationId, body, ...(sendOptions.note ? { visibility: 'agent' as const } : {}) }, cid)
    return ack.message ?? message
  }

  async function upload(file: Blob, name?: string): Promise<UploadedFile> {
    const fileName = name ?? (file as { name?: string }).name ?? 'file'
    const mimeType = file.type || 'application/octet-stream'
    const credential = (await http('/api/v1/agent/upload-credentials', { body: { name: fileName, size: file.size, mimeType } })) as { token: string }
    // Same origin as the API: the credential's absolute `uploadUrl` may name the server behind a proxy.
    return (await deskFetch(fetchImpl, `${baseUrl}/api/v1/uploads`, {
      method: 'POST',
      headers: { 'content-type': mimeType, 'x-kefu-upload-token': credential.token, 'x-kefu-file-name': encodeURIComponent(fileName) },
      body: file,
    })) as UploadedFile
  }

  async function loadHistory(visitorId: string, historyOptions: { readonly older?: boolean } = {}): Promise<void> {
    const older = historyOptions.older === true
    const list = state.messages[visitorId] ?? []
    const oldest = list.find((m) => m.seq !== null)?.seq
    if (older && oldest === undefined) return
    dispatch({ type: 'history.loading', visitorId })
    const query = new URLSearchParams({ limit: String(pageSize) })
    if (older && oldest !== undefined) query.set('beforeSeq', String(oldest))
    try {
      const messages = (await http(`/api/v1/visitors/${encodeURIComponent(visitorId)}/messages?${query}`)) as DeskMessage[]
      dispatch({ type: 'history.loaded', visitorId, messages, complete: messages.length < pageSize, fresh: !older })
    } catch (error) {
      dispatch({ type: 'history.failed', visitorId, error: (error as Error).message })
      throw error
    }
  }

  async function loadVisitor(visitorId: string): Promise<void> {
    const visitor = (await http(`/api/v1/visitors/${encodeURIComponent(visitorId)}`)) as DeskSnapshot['visitors'][string]
    dispatch({ type: 'frame', frame: { type: 'visitor', visitor }, visible: isVisible() })
  }

  async function loadGroups(): Promise<void> {
    const groups = (await http('/api/v1/groups')) as { groupId: string; name: string }[]
    dispatch({ type: 'groups', groups: groups.map((g): AgentGroup => ({ groupId: g.groupId, name: g.name })) })
  }

  async function loadQuickReplies(): Promise<void> {
    try {
      const replies = (await http('/api/v1/quick-replies')) as QuickReply[]
      dispatch({ type: 'quickReplies', quickReplies: Array.isArray(replies) ? replies : [] })
    } catch (error) {
      // A server without quick replies: none to show.
      if (error instanceof DeskHttpError && error.status === 404) return dispatch({ type: 'quickReplies', quickReplies: [] })
      throw error
    }
  }

  async function loadLeaveMessages(): Promise<void> {
    const leaveMessages = (await http('/api/v1/leave-messages')) as LeaveMessageRecord[]
    dispatch({ type: 'leaveMessages', leaveMessages })
  }

  const report = (error: unknown) => {
    const e = error as { code?: string; message?: string }
    dispatch({ type: 'error', error: { code: (e.code as never) ?? 'server_error', message: e.message ?? String(error), at: Date.now() } })
  }

  return {
    getSnapshot: store.getSnapshot,
    getInitialSnapshot: store.getInitialSnapshot,
    subscribe: store.subscribe,
    on(event, listener) {
      const set = eventListeners[event] as Set<typeof listener>
      set.add(listener)
      return () => void set.delete(listener)
    },
    start() {
      if (destroyed || state.auth.status !== 'signed-out') return
      const kept = storage()?.getItem(TOKEN_KEY)
      if (!kept) return
      dispatch({ type: 'auth', auth: { status: 'signed-in', token: kept } })
      watchVisibility()
      connect()
    },
    async login(email, password, companyId) {
      dispatch({ type: 'auth', auth: { status: 'signing-in' } })
      let result: { token: string; agent: AgentInfo }
      try {
        result = (await deskFetch(fetchImpl, `${baseUrl}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password, ...(companyId ? { companyId } : {}) }),
        })) as { token: string; agent: AgentInfo }
      } catch (error) {
        dispatch({ type: 'auth', auth: { status: 'signed-out', error: (error as Error).message } })
        throw error
      }
      storage()?.setItem(TOKEN_KEY, result.token)
      dispatch({ type: 'auth', auth: { status: 'signed-in', token: result.token } })
      watchVisibility()
      connect()
      return result.agent
    },
    async logout() {
      if (welcomed) {
        // Tell the server, so the agent's chats are handed on now rather than after the grace period.
        await Promise.race([request({ type: 'presence', presence: 'offline' }).catch(() => {}), new Promise((r) => setTimeout(r, 2000))])
      }
      signOut(null)
    },
    async setPresence(presence) {
      await request({ type: 'presence', presence })
    },
    async accept(conversationId) {
      await request({ type: 'conversation.accept', conversationId })
    },
    select(target) {
      let visitorId: string | null = null
      let conversationId: string | null = null
      if (target && 'conversationId' in target) {
        conversationId = target.conversationId
        visitorId = state.conversations[conversationId]?.visitorId ?? null
      } else if (target) {
        visitorId = target.visitorId
        conversationId = latestConversationOf(state, visitorId)
      }
      dispatch({ type: 'select', visitorId, conversationId, visible: isVisible() })
      if (!visitorId) return
      const history = state.history[visitorId]
      if (!history || history.stale || history.status === 'failed') void loadHistory(visitorId).catch(report)
      if (!state.visitors[visitorId]) void loadVisitor(visitorId).catch(report)
    },
    send,
    async sendText(text, sendOptions) {
      const trimmed = text.trim()
      if (!trimmed) throw new KefuError('invalid_argument', 'the message is empty')
      return send(selectedConversationId(), { type: 'text', text: trimmed }, sendOptions)
    },
    async sendFile(file, name) {
      const conversationId = selectedConversationId()
      const uploaded = await upload(file, name)
      return send(conversationId, bodyForFile(uploaded))
    },
    upload,
    async transfer(conversationId, to, note) {
      await request({ type: 'conversation.transfer', conversationId, to, ...(note?.trim() ? { note: note.trim() } : {}) })
    },
    async end(conversationId) {
      await request({ type: 'conversation.end', conversationId })
    },
    async setChatSign(conversationId, chatSign) {
      await request({ type: 'conversation.sign', conversationId, chatSign })
    },
    async updateCrm(visitorId, crm) {
      const before = state.visitors[visitorId]?.crm ?? {}
      const changed: Record<string, string | number> = {}
      for (const [key, value] of Object.entries(crm) as [keyof typeof crm, string | number | undefined][]) {
        if (value !== undefined && value !== (before[key] ?? '')) changed[key] = value
      }
      if (Object.keys(changed).length === 0) return
      await request({ type: 'visitor.update', visitorId, crm: changed })
      emit('crmUpdated', { visitorId, changed })
    },
    setTyping(conversationId, typing) {
      transmit({ type: 'typing', conversationId, typing })
    },
    loadHistory,
    loadLeaveMessages,
    loadGroups,
    loadQuickReplies,
    http,
    reportError: report,
    clearError: () => dispatch({ type: 'error', error: null }),
    destroy() {
      destroyed = true
      clearTimeout(reconnectTimer)
      clearInterval(pingTimer)
      unsubscribeVisibility?.()
      const ws = socket
      socket = null
      ws?.close(1000, 'destroyed')
      for (const request of pending.values()) request.reject(new KefuError('destroyed', 'the workbench was closed'))
      pending.clear()
      store.clear()
    },
  }
}

/** The newest conversation of a visitor, or null. */
export function latestConversationOf(state: DeskSnapshot, visitorId: string): string | null {
  let latest: { id: string; at: number } | null = null
  for (const c of Object.values(state.conversations)) {
    if (c.visitorId === visitorId && (!latest || c.createdAt > latest.at)) latest = { id: c.conversationId, at: c.createdAt }
  }
  return latest?.id ?? null
}

/** The message an uploaded file becomes: images, video and audio are shown inline. */
export function bodyForFile(file: UploadedFile): OutgoingMessageBody {
  if (file.mimeType.startsWith('image/')) return { type: 'image', url: file.url, name: file.name, size: file.size }
  if (file.mimeType.startsWith('video/')) return { type: 'video', url: file.url, name: file.name, size: file.size }
  if (file.mimeType.startsWith('audio/')) return { type: 'voice', url: file.url, name: file.name, size: file.size }
  return { type: 'file', url: file.url, name: file.name, size: file.size, mimeType: file.mimeType }
}

function newCid(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  return crypto?.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
}

function documentVisibility(): VisibilitySource {
  const doc = (globalThis as { document?: Document }).document
  if (!doc) return { isVisible: () => true, subscribe: () => () => {} }
  return {
    isVisible: () => doc.visibilityState !== 'hidden',
    subscribe(listener) {
      doc.addEventListener('visibilitychange', listener)
      return () => doc.removeEventListener('visibilitychange', listener)
    },
  }
}

function latestSeq(messages: readonly DeskMessage[] | undefined): number | undefined {
  for (let i = (messages?.length ?? 0) - 1; i >= 0; i--) {
    const seq = messages![i]!.seq
    if (typeof seq === 'number' && seq > 0) return seq
  }
  return undefined
}
