import type { AgentServerFrame, ConversationSummary, VisitorProfile } from '@kefu/core'
import type { DeskSocket, SessionStore } from '../src/desk'

/** A WebSocket the test drives: it records what the desk sends and delivers frames on demand. */
export class FakeSocket implements DeskSocket {
  static instances: FakeSocket[] = []
  readyState = 0
  sent: Record<string, unknown>[] = []
  closed: { code?: number; reason?: string } | null = null
  onopen: DeskSocket['onopen'] = null
  onmessage: DeskSocket['onmessage'] = null
  onclose: DeskSocket['onclose'] = null
  onerror: DeskSocket['onerror'] = null

  constructor(readonly url: string) {
    FakeSocket.instances.push(this)
  }

  static get last(): FakeSocket {
    const socket = FakeSocket.instances[FakeSocket.instances.length - 1]
    if (!socket) throw new Error('no socket was opened')
    return socket
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open')
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }

  close(code?: number, reason?: string): void {
    this.closed = { code, reason }
    this.readyState = 3
  }

  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }

  receive(frame: AgentServerFrame): void {
    this.onmessage?.({ data: JSON.stringify(frame) })
  }

  /** The server (or the network) closed the connection. */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason })
  }

  sentOfType(type: string): Record<string, unknown>[] {
    return this.sent.filter((f) => f.type === type)
  }
}

export interface FakeRequest {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: unknown
}

type Answer = { status?: number; body?: unknown } | undefined
/** A route answers at once, or later (a request still in flight). */
type Route = (request: FakeRequest) => Answer | Promise<Answer>

/** A fetch that answers from a route table and records every request. */
export function fakeFetch(routes: Record<string, Route | { status?: number; body?: unknown }>) {
  const requests: FakeRequest[] = []
  const fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET'
    const headers = (init.headers ?? {}) as Record<string, string>
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : init.body
    const request = { method, url, headers, body }
    requests.push(request)
    const path = new URL(url, 'http://localhost').pathname
    const route = routes[`${method} ${path}`]
    const answer = await (typeof route === 'function' ? route(request) : route)
    if (!answer) return new Response(JSON.stringify({ error: { code: 'not_found', message: `no route ${method} ${path}` } }), { status: 404 })
    return new Response(answer.body === undefined ? '' : JSON.stringify(answer.body), { status: answer.status ?? 200 })
  }
  return { fetch, requests }
}

export function memorySession(initial: Record<string, string> = {}): SessionStore & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial))
  return {
    values,
    getItem: (k) => values.get(k) ?? null,
    setItem: (k, v) => void values.set(k, v),
    removeItem: (k) => void values.delete(k),
  }
}

export function fakeVisibility(visible = true) {
  const listeners = new Set<() => void>()
  return {
    visible,
    isVisible() {
      return this.visible
    },
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    set(value: boolean) {
      this.visible = value
      for (const l of listeners) l()
    },
  }
}

export const AGENT = {
  agentId: 'a1',
  companyId: 'demo',
  email: 'amy@demo.kefu.local',
  name: 'Amy',
  role: 'admin' as const,
  capacity: 5,
  groupIds: [],
}

export function conversation(patch: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    conversationId: 'c1',
    visitorId: 'v1',
    status: 'chatting',
    agentId: 'a1',
    groupId: null,
    queuePosition: null,
    endReason: null,
    needsEvaluation: false,
    evaluation: null,
    chatSign: 0,
    routing: {},
    createdAt: 1000,
    startedAt: 1000,
    endedAt: null,
    ...patch,
  }
}

export function visitor(patch: Partial<VisitorProfile> = {}): VisitorProfile {
  return {
    visitorId: 'v1',
    companyId: 'demo',
    partnerid: null,
    verifiedBy: null,
    crm: { uname: '小王' },
    params: {},
    customerFields: {},
    isVip: false,
    vipLevel: null,
    userLabel: null,
    myData: null,
    metaData: null,
    entry: {},
    trackInfo: null,
    trace: [],
    online: true,
    firstSeenAt: 0,
    lastSeenAt: 0,
    ...patch,
  }
}

export function welcome(patch: Partial<Extract<AgentServerFrame, { type: 'agent.welcome' }>> = {}): AgentServerFrame {
  return {
    type: 'agent.welcome',
    v: 1,
    agent: AGENT,
    presence: 'online',
    conversations: [conversation()],
    visitors: [visitor()],
    queue: [],
    colleagues: [
      { agentId: 'a1', name: 'Amy', presence: 'online' },
      { agentId: 'a2', name: 'Ben', presence: 'online' },
    ],
    ...patch,
  }
}

export const LOGIN_ROUTES = {
  'POST /api/v1/auth/login': (r: FakeRequest) =>
    (r.body as { password: string }).password === 'right'
      ? { body: { token: 'tok-1', agent: AGENT } }
      : { status: 401, body: { error: { code: 'unauthorized', message: 'wrong e-mail or password' } } },
  'GET /api/v1/groups': { body: [{ groupId: 'g1', name: '售后', agentIds: [] }] },
  'GET /api/v1/leave-messages': { body: [] },
  'GET /api/v1/visitors/v1/messages': { body: [] },
}
