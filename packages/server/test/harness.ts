import { createChat, memoryStorage, type AgentClientFrame, type AgentServerFrame, type ChatClient, type ChatOptions } from '@kefu/core'
import { createTestVisibility } from '@kefu/core/testing'
import { websocketTransport } from '@kefu/core/websocket'
import pg from 'pg'
import { randomBytes, randomUUID } from 'node:crypto'
import { WebSocket } from 'ws'
import { createKefuServer, type KefuServer, type KefuServerOptions } from '../src/createKefuServer'
import { createCompany } from '../src/domain/createCompany'
import { newId } from '../src/domain/ids'
import { hashPassword } from '../src/security'
import { insertAgent, setAgentGroups } from '../src/store/agentStore'
import { insertFaq } from '../src/store/faqStore'
import { insertGroup } from '../src/store/groupStore'

/** Which databases the suite runs against: always PGlite; PostgreSQL too when CI gives its URL. */
export const DATABASES: readonly ('pglite' | 'postgres')[] = process.env.KEFU_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

/** A fresh PostgreSQL database for one test file, dropped afterwards. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.KEFU_TEST_DATABASE_URL!
  const name = `kefu_test_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  await client.query(`CREATE DATABASE ${name}`)
  await client.end()
  const url = new URL(admin)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

export interface Harness {
  readonly server: KefuServer
  readonly url: string
  readonly wsUrl: string
  readonly companyId: string
  readonly adminEmail: string
  /** The PostgreSQL database of this harness, when it runs on PostgreSQL. */
  readonly databaseUrl: string | undefined
  close(): Promise<void>
  /** Adds an agent and returns its session token. */
  addAgent(input: { email: string; name: string; capacity?: number; groupIds?: string[]; role?: 'admin' | 'agent'; companyId?: string }): Promise<{ agentId: string; token: string }>
  addGroup(name: string, companyId?: string): Promise<string>
  addFaq(question: string, answer: string, keywords?: string): Promise<void>
  addCompany(id: string, settings?: object): Promise<{ adminToken: string }>
  login(email: string, password?: string): Promise<string>
  visitor(options?: Partial<ChatOptions> & { companyId?: string }): ChatClient & { readonly page: ReturnType<typeof createTestVisibility> }
  agent(token: string): Promise<AgentTestClient>
  http(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of any route
}

const PASSWORD = 'correct horse battery'

export async function startHarness(
  database: 'pglite' | 'postgres',
  options: { companySettings?: object; server?: Partial<KefuServerOptions>; dataDir?: string } = {},
): Promise<Harness> {
  const postgres = database === 'postgres' ? await freshPostgres() : undefined
  const server = await createKefuServer({
    // KEFU_TEST_LOG_LEVEL=error shows what a server_error in a test was.
    logLevel: (process.env.KEFU_TEST_LOG_LEVEL as 'error' | undefined) ?? 'silent',
    agentGraceMs: 200,
    visitorGraceMs: 200,
    // Suites sign many agents in from one address; the production limits have their own test.
    httpLimits: { loginBurst: 10_000, uploadBurst: 10_000 },
    // Suites read /metrics; who may read it in production has its own test.
    metrics: { public: true },
    ...(postgres ? { databaseUrl: postgres.url } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...options.server,
    // Suites connect every visitor from one address and send faster than people type: the shared
    // per-visitor and per-address limits have their own tests (floodLimits.test.ts).
    limits: {
      visitorFrameBurst: 100_000,
      addressFrameBurst: 100_000,
      newVisitorsPerAddressPerMinute: 100_000,
      ...options.server?.limits,
    },
  })
  const url = await server.listen()
  const db = server.context.db
  const companyId = `c${randomBytes(3).toString('hex')}`
  const adminEmail = `admin-${companyId}@example.com`
  await createCompany(db, { id: companyId, name: 'Test shop', settings: options.companySettings ?? {}, admin: { email: adminEmail, name: 'Admin', password: PASSWORD } })
  const clients: { close(): void }[] = []

  const http: Harness['http'] = async (method, path, { token, body, headers = {} } = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : undefined }
  }

  const login = async (email: string, password = PASSWORD) => {
    const res = await http('POST', '/api/v1/auth/login', { body: { email, password } })
    if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`)
    return res.body.token as string
  }

  return {
    server,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    companyId,
    adminEmail,
    databaseUrl: postgres?.url,
    http,
    login,
    async addAgent({ email, name, capacity = 3, groupIds = [], role = 'agent', companyId: company = companyId }) {
      const agent = await insertAgent(db, { id: newId('a'), companyId: company, email, name, passwordHash: await hashPassword(PASSWORD), role, capacity })
      if (groupIds.length) await setAgentGroups(db, company, agent.agentId, groupIds)
      await server.context.chat.companies.changed(company)
      return { agentId: agent.agentId, token: await login(email) }
    },
    async addGroup(name, company = companyId) {
      const group = await insertGroup(db, { id: newId('g'), companyId: company, name })
      return group.groupId
    },
    async addFaq(question, answer, keywords = '') {
      await insertFaq(db, companyId, { faqId: newId('f'), question, answer, keywords })
      await server.context.chat.companies.changed(companyId)
    },
    async addCompany(id, settings = {}) {
      const email = `admin-${id}@example.com`
      await createCompany(db, { id, name: id, settings, admin: { email, name: 'Admin', password: PASSWORD } })
      return { adminToken: await login(email) }
    },
    visitor(overrides = {}) {
      const page = createTestVisibility()
      const chat = createChat({
        companyId,
        transport: websocketTransport({ url: `${url.replace(/^http/, 'ws')}/ws/visitor`, WebSocket: WebSocket as never, backoff: { initialMs: 20, maxMs: 200 } }),
        storage: memoryStorage(),
        visibility: page,
        ...overrides,
      })
      clients.push({ close: () => chat.destroy() })
      return Object.assign(chat, { page })
    },
    async agent(token) {
      const client = await AgentTestClient.connect(`${url.replace(/^http/, 'ws')}/ws/agent`, token)
      clients.push(client)
      return client
    },
    async close() {
      for (const client of clients) client.close()
      await server.close()
      await postgres?.drop()
    },
  }
}

type WithoutCid<F> = F extends unknown ? Omit<F, 'cid'> : never

/** A scripted workbench connection: sends frames, records every frame it receives, awaits acks. */
export class AgentTestClient {
  readonly frames: AgentServerFrame[] = []
  readonly #waiters = new Set<() => void>()

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)))
      for (const wake of [...this.#waiters]) wake()
    })
  }

  static async connect(url: string, token: string): Promise<AgentTestClient> {
    const socket = new WebSocket(url)
    await new Promise((resolve, reject) => {
      socket.once('open', resolve)
      socket.once('error', reject)
    })
    const client = new AgentTestClient(socket)
    client.raw({ type: 'agent.hello', v: 1, token })
    await client.waitFor((f) => f.type === 'agent.welcome' || f.type === 'error')
    return client
  }

  get welcome() {
    return this.frames.find((f): f is Extract<AgentServerFrame, { type: 'agent.welcome' }> => f.type === 'agent.welcome')
  }

  raw(frame: AgentClientFrame | object): void {
    this.socket.send(JSON.stringify(frame))
  }

  /** Sends an acknowledged frame; resolves with its ack, rejects with its error frame. */
  async request(frame: WithoutCid<Extract<AgentClientFrame, { cid: string }>>): Promise<Extract<AgentServerFrame, { type: 'ack' }>> {
    const cid = randomUUID()
    this.raw({ ...frame, cid })
    const answer = await this.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.cid === cid)
    if (answer.type === 'error') throw Object.assign(new Error(answer.message), answer)
    return answer as Extract<AgentServerFrame, { type: 'ack' }>
  }

  /** The first frame (already received or still to come) that matches. */
  waitFor<F extends AgentServerFrame>(match: (frame: AgentServerFrame) => boolean, timeoutMs = 5000): Promise<F> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match)
        if (!found) return false
        this.#waiters.delete(wake)
        clearTimeout(timer)
        resolve(found as F)
        return true
      }
      const wake = () => void check()
      const timer = setTimeout(() => {
        this.#waiters.delete(wake)
        reject(new Error(`no matching agent frame within ${timeoutMs} ms; got ${this.frames.map((f) => f.type).join(', ')}`))
      }, timeoutMs)
      if (!check()) this.#waiters.add(wake)
    })
  }

  close(): void {
    this.socket.terminate()
  }
}

/** Waits until `check` passes (returns without throwing), polling. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await check()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}
