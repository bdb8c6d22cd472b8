import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/Database'
import { insertMessage } from '../src/store/messageStore'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'
import { RawSocket } from './rawSocket'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames read as JSON
type Json = any

/**
 * Issue 12: 10,000 visitors reconnecting after a restart must not cost 10,000 times one query per concern.
 * These pin what a connect (hello → welcome, and the agents told the visitor is online) costs the database.
 */
describe.each(DATABASES)('what a visitor connect costs the database (%s)', (database) => {
  let h: Harness
  let desk: AgentTestClient
  const statements: string[] = []
  let transactions = 0
  beforeAll(async () => {
    h = await startHarness(database)
    const db = h.server.context.db as { -readonly [K in keyof Database]: Database[K] }
    const query = db.query.bind(db)
    const transaction = db.transaction.bind(db)
    db.query = (sql, params) => {
      statements.push(sql)
      return query(sql, params)
    }
    db.transaction = (work) => {
      transactions++
      return transaction(work)
    }
    const amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    desk = await h.agent(amy.token)
  })
  afterAll(async () => {
    desk?.close()
    await h?.close()
  })

  /** The agents hear of the visitor (online or not) last in a connect or a disconnect: then all its queries ran. */
  const told = (visitorId: string, online: boolean, from: number) =>
    desk.waitFor((f) => desk.frames.indexOf(f) >= from && f.type === 'visitor' && f.visitor.visitorId === visitorId && f.visitor.online === online, 20_000)

  /** Closes a visitor's only connection; resolves once the disconnect is done (its queries are not the next test's). */
  async function leave(socket: RawSocket, visitorId: string): Promise<void> {
    const from = desk.frames.length
    socket.close()
    await told(visitorId, false, from)
  }

  /** A visitor connects with `hello` and leaves; resolves with its welcome. */
  async function visitOnce(): Promise<Json> {
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await socket.hello(h.companyId)
    await leave(socket, welcome.visitorId)
    return welcome
  }

  /** The statements one connect runs, until the agents are told the visitor is online. */
  async function connectCost(hello: object): Promise<{ welcome: Json; statements: string[]; socket: RawSocket }> {
    statements.length = 0
    transactions = 0
    const from = desk.frames.length
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    socket.send({ type: 'hello', v: 1, companyId: h.companyId, ...hello })
    const welcome = await socket.waitFor((f) => f.type === 'welcome' || f.type === 'error', { timeoutMs: 20_000 })
    expect(welcome.type).toBe('welcome')
    await told(welcome.visitorId, true, from)
    await eventually(async () => expect(await h.server.context.chat.presence.visitorConnections(h.companyId, welcome.visitorId)).toBe(1))
    expect(transactions).toBe(0)
    return { welcome, statements: [...statements], socket }
  }

  it('a returning visitor with a valid token and nothing to catch up on costs one query', async () => {
    const first = await visitOnce()
    const { welcome, statements, socket } = await connectCost({ visitorToken: first.visitorToken, lastSeq: 0 })
    expect(welcome.visitorId).toBe(first.visitorId)
    expect(statements).toHaveLength(1)
    await leave(socket, welcome.visitorId)
  })

  it('a new visitor costs one: the row it is stored as, read back with what its welcome needs', async () => {
    const { welcome, statements, socket } = await connectCost({ lastSeq: 0 })
    expect(statements).toHaveLength(1)
    expect(statements[0]).toMatch(/INSERT INTO visitors/)
    expect(welcome.status).toEqual({ name: 'idle' })
    expect(welcome.messages).toEqual([])
    await leave(socket, welcome.visitorId)
  })

  it('visitors connecting at the same moment share statements: 40 new ones, then the same 40 returning', async () => {
    const n = 40
    const connectAll = async (hellos: object[]): Promise<{ welcomes: Json[]; sockets: RawSocket[]; statements: string[] }> => {
      const sockets = await Promise.all(hellos.map(() => RawSocket.open(`${h.wsUrl}/ws/visitor`)))
      statements.length = 0
      // Sent together, as after a restart: the server reads them in the same few turns of its event loop.
      sockets.forEach((socket, i) => socket.send({ type: 'hello', v: 1, companyId: h.companyId, ...hellos[i] }))
      const welcomes = await Promise.all(sockets.map((socket) => socket.waitFor((f) => f.type === 'welcome' || f.type === 'error', { timeoutMs: 30_000 })))
      for (const welcome of welcomes) expect(welcome.type).toBe('welcome')
      return { welcomes, sockets, statements: [...statements] }
    }
    const fresh = await connectAll(Array.from({ length: n }, () => ({ lastSeq: 0 })))
    expect(new Set(fresh.welcomes.map((w) => w.visitorId)).size).toBe(n)
    // One statement per turn of the event loop, not one per visitor.
    expect(fresh.statements.length).toBeLessThan(n / 2)
    for (const sql of fresh.statements) expect(sql).toMatch(/INSERT INTO visitors/)
    // Numbered one after the other, each once (访客 1, 访客 2, …).
    const numbers = await h.server.context.db.query<{ short_no: number }>('SELECT short_no FROM visitors WHERE id = ANY($1::text[]) ORDER BY short_no', [fresh.welcomes.map((w) => w.visitorId)])
    expect(numbers.map((r) => r.short_no)).toEqual(Array.from({ length: n }, (_, i) => numbers[0]!.short_no + i))
    // Leaving together: the agents hear of each, the visitors read back in a few statements, not one each.
    statements.length = 0
    const from = desk.frames.length
    for (const socket of fresh.sockets) socket.close()
    await Promise.all(fresh.welcomes.map((w) => told(w.visitorId, false, from)))
    expect(statements.length).toBeLessThan(n / 2)

    const back = await connectAll(fresh.welcomes.map((w) => ({ visitorToken: w.visitorToken, lastSeq: 0 })))
    expect(back.welcomes.map((w) => w.visitorId)).toEqual(fresh.welcomes.map((w) => w.visitorId))
    expect(back.statements.length).toBeLessThan(n / 2)
    for (const [i, socket] of back.sockets.entries()) await leave(socket, back.welcomes[i].visitorId)
  })

  it('a returning visitor holding its last message costs two: the welcome, and what was stored just before that message', async () => {
    const first = await visitOnce()
    for (const text of ['one', 'two']) {
      await insertMessage(h.server.context.db, { companyId: h.companyId, visitorId: first.visitorId, conversationId: null, sender: 'agent', senderName: 'Amy', body: { type: 'text', text } })
    }
    const { welcome, statements, socket } = await connectCost({ visitorToken: first.visitorToken, lastSeq: 2 })
    // The messages stored shortly before the client's last one are sent again (they may have been in flight).
    expect(welcome.messages.map((m: Json) => m.body.text)).toEqual(['one', 'two'])
    expect(statements).toHaveLength(2)
    await leave(socket, welcome.visitorId)
  })

  it('a reconnect with a changed entry writes it once more, and still reads the visitor only once', async () => {
    const first = await visitOnce()
    const { welcome, statements, socket } = await connectCost({ visitorToken: first.visitorToken, lastSeq: 0, entry: { echatTag: 'sale' } })
    expect(welcome.visitorId).toBe(first.visitorId)
    expect(statements).toHaveLength(2)
    expect(statements[1]).toMatch(/UPDATE visitors/)
    await leave(socket, welcome.visitorId)
  })
})
