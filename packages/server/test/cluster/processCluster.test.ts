import type { AgentServerFrame } from '@kefu/core'
import { memoryStorage } from '@kefu/core'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../harness'
import { RawSocket } from '../rawSocket'
import { CLUSTER, REDIS_URL, redisPrefix } from './clusterEnv'
import { Balancer, desk, freshDatabase, login, pinnedTo, seedCompany, textsOf, visitorClient } from './clusterFixture'
import { startServerProcess, type ServerProcess } from './serverProcess'

type Frame<T extends AgentServerFrame['type']> = Extract<AgentServerFrame, { type: T }>

// Real server processes (three, on three ports) over one PostgreSQL database and one Redis.
describe.skipIf(!CLUSTER)('three server processes', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>
  let servers: ServerProcess[] = []
  const prefix = redisPrefix()
  const start = () =>
    startServerProcess({ databaseUrl: database.url, redisUrl: REDIS_URL, redisPrefix: prefix, presenceExpiryMs: 2000, agentGraceMs: 1500 })

  beforeAll(async () => {
    database = await freshDatabase(process.env.KEFU_TEST_DATABASE_URL!)
    // Started together: their migrations race, and the advisory lock lets one run them.
    servers = await Promise.all([start(), start(), start()])
  }, 120_000)
  afterAll(async () => {
    await Promise.allSettled(servers.map((s) => s.stop()))
    await database?.drop()
  })

  it('a visitor on one process, its agent on another, a second tab on the third: messages, cards, read marks, typing, transfer and end flow across', async () => {
    const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess]
    const shop = await seedCompany(database.url, [
      { name: 'Amy', capacity: 5 },
      { name: 'Bob', capacity: 5 },
    ])
    const [amy, bob] = shop.agents as [(typeof shop.agents)[number], (typeof shop.agents)[number]]
    const amyDesk = await desk(b.wsUrl, await login(b.url, amy.email))
    await amyDesk.request({ type: 'presence', presence: 'online' })
    const storage = memoryStorage()
    const tab1 = visitorClient(shop.companyId, pinnedTo(a.wsUrl), storage)
    await eventually(() => expect(tab1.getSnapshot().ready).toBe(true), 20_000)
    const tab2 = visitorClient(shop.companyId, pinnedTo(c.wsUrl), storage)
    await eventually(() => expect(tab2.getSnapshot().visitorId).toBe(tab1.getSnapshot().visitorId), 20_000)

    await tab1.requestChat({ mode: 2, agentId: amy.agentId, agentModeFlag: 1 })
    await eventually(() => expect(tab2.getSnapshot().staff?.staffId).toBe(amy.agentId), 10_000)
    const conversationId = tab1.getSnapshot().staff!.recordId

    await tab1.send('在吗？')
    await tab2.sendCard({ title: '羊毛围巾', content: '¥199', imageUrl: 'https://shop.example.com/p/1.jpg', urlForVisitor: 'https://shop.example.com/p/1' })
    await amyDesk.waitFor((f) => f.type === 'message' && f.message.body.type === 'product', 10_000)
    expect(amyDesk.frames.filter((f): f is Frame<'message'> => f.type === 'message' && f.message.sender === 'visitor').map((f) => f.message.body.type)).toEqual(['text', 'product'])
    await eventually(() => expect(textsOf(tab2, 'visitor')).toEqual(['在吗？']))

    await amyDesk.request({ type: 'message.send', conversationId, body: { type: 'text', text: '在的' } })
    for (const tab of [tab1, tab2]) await eventually(() => expect(tab.getSnapshot().unread).toBe(1), 10_000)
    tab2.open() // read on the third process: the first tab's badge clears too
    await eventually(() => expect(tab1.getSnapshot().unread).toBe(0), 10_000)

    amyDesk.raw({ type: 'typing', conversationId, typing: true })
    await eventually(() => expect(tab1.getSnapshot().agentTyping && tab2.getSnapshot().agentTyping).toBe(true), 10_000)

    // Bob signs in on the third process; Amy hands the chat over.
    const bobDesk = await desk(c.wsUrl, await login(c.url, bob.email))
    await amyDesk.waitFor((f) => f.type === 'presence' && f.agentId === bob.agentId && f.presence === 'online', 10_000)
    await amyDesk.request({ type: 'conversation.transfer', conversationId, to: { agentId: bob.agentId } })
    await eventually(() => expect([tab1, tab2].map((t) => t.getSnapshot().staff?.staffId)).toEqual([bob.agentId, bob.agentId]), 10_000)
    await bobDesk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'Bob 为您服务' } })
    await eventually(() => expect(textsOf(tab1, 'agent')).toEqual(['在的', 'Bob 为您服务']), 10_000)

    await bobDesk.request({ type: 'conversation.end', conversationId })
    for (const tab of [tab1, tab2]) await eventually(() => expect(tab.getSnapshot().status).toEqual({ name: 'ended', reason: 2, needsEvaluation: false }), 10_000)
    await amyDesk.waitFor((f) => f.type === 'conversation' && f.conversation.conversationId === conversationId && f.conversation.status === 'ended', 10_000)
    for (const client of [tab1, tab2]) client.destroy()
    amyDesk.close()
    bobDesk.close()
  }, 60_000)

  it('200 chat requests at once across the three: never over capacity, nobody served twice, queue positions exact for everyone', async () => {
    const shop = await seedCompany(
      database.url,
      Array.from({ length: 8 }, (_, i) => ({ name: `Agent${i}`, capacity: 5 })),
    )
    const desks = await Promise.all(shop.agents.map(async (agent, i) => desk(servers[i % 3]!.wsUrl, await login(servers[i % 3]!.url, agent.email))))
    const visitors = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const socket = await RawSocket.open(`${servers[i % 3]!.wsUrl}/ws/visitor`)
        socket.send({ type: 'hello', v: 1, companyId: shop.companyId, lastSeq: 0 })
        const welcome = await socket.waitFor((f) => f.type === 'welcome', { timeoutMs: 60_000 })
        return { socket, visitorId: welcome.visitorId as string, vip: i % 10 === 0 }
      }),
    )
    // Every request at once.
    const answers = await Promise.all(
      visitors.map((v, i) => {
        const cid = `request-${i}`
        v.socket.send({ type: 'chat.request', cid, routing: { mode: 2, ...(v.vip ? { queueFirst: true } : {}) } })
        // They queue up behind one another on the company's routing lock: give the last one time.
        return v.socket.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.cid === cid, { timeoutMs: 90_000 })
      }),
    )
    expect(answers.every((a) => a.type === 'ack')).toBe(true)

    const db = new pg.Client({ connectionString: database.url })
    await db.connect()
    try {
      const check = async (served: number, ended: number) => {
        const loads = await db.query(`SELECT agent_id, count(*)::int AS n FROM conversations WHERE company_id = $1 AND status = 'chatting' GROUP BY agent_id`, [shop.companyId])
        expect(loads.rows.every((row) => row.n <= 5)).toBe(true)
        expect(loads.rows.reduce((sum, row) => sum + row.n, 0)).toBe(served)
        const perVisitor = await db.query(`SELECT visitor_id, count(*)::int AS n FROM conversations WHERE company_id = $1 GROUP BY visitor_id`, [shop.companyId])
        expect(perVisitor.rows).toHaveLength(200)
        expect(perVisitor.rows.every((row) => row.n === 1)).toBe(true)
        const queue = await db.query(
          `SELECT visitor_id, vip FROM conversations WHERE company_id = $1 AND status = 'waiting' ORDER BY vip DESC, queued_at, id`,
          [shop.companyId],
        )
        expect(queue.rows).toHaveLength(200 - served - ended)
        // VIPs (queueFirst) wait ahead of everybody else.
        const firstOrdinary = queue.rows.findIndex((row) => !row.vip)
        expect(queue.rows.slice(firstOrdinary).every((row) => !row.vip)).toBe(true)
        // Each waiting visitor was last told its exact place.
        const byId = new Map(visitors.map((v) => [v.visitorId, v]))
        await eventually(() => {
          queue.rows.forEach((row, index) => {
            const frames = byId.get(row.visitor_id)!.socket.frames.filter((f: { type: string }) => f.type === 'queue')
            expect({ visitor: row.visitor_id, position: frames.at(-1)?.position }).toEqual({ visitor: row.visitor_id, position: index + 1 })
          })
        }, 20_000)
      }
      await check(40, 0)

      // Ten chats end: the first ten in line are served, everyone else moves up ten places.
      const served = await db.query(`SELECT id, agent_id FROM conversations WHERE company_id = $1 AND status = 'chatting' ORDER BY id LIMIT 10`, [shop.companyId])
      for (const row of served.rows) {
        const agentDesk = desks[shop.agents.findIndex((a) => a.agentId === row.agent_id)]!
        await agentDesk.request({ type: 'conversation.end', conversationId: row.id })
      }
      await check(40, 10)
      const ended = await db.query(`SELECT count(*)::int AS n FROM conversations WHERE company_id = $1 AND status = 'ended'`, [shop.companyId])
      expect(ended.rows[0].n).toBe(10)
    } finally {
      await db.end()
      for (const v of visitors) v.socket.close()
      for (const d of desks) d.close()
    }
  }, 180_000)

  // Last: it kills one of the three.
  it('SIGKILL one process during a run: its clients reconnect to the others, no acknowledged message is lost or shown twice, presence is corrected within the expiry', async () => {
    const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess]
    const shop = await seedCompany(database.url, [
      { name: 'Amy', capacity: 10 },
      { name: 'Bob', capacity: 10 },
    ])
    const [amy, bob] = shop.agents as [(typeof shop.agents)[number], (typeof shop.agents)[number]]
    const amyDesk = await desk(a.wsUrl, await login(a.url, amy.email))
    const bobDesk = await desk(c.wsUrl, await login(c.url, bob.email))
    await amyDesk.waitFor((f) => f.type === 'presence' && f.agentId === bob.agentId && f.presence === 'online', 10_000)
    const balancer = new Balancer([a.wsUrl, b.wsUrl, c.wsUrl])
    const visitors = Array.from({ length: 9 }, () => visitorClient(shop.companyId, balancer.webSocket()))
    await Promise.all(visitors.map((v) => v.requestChat({ mode: 2 })))
    await eventually(() => expect(visitors.every((v) => v.getSnapshot().status.name === 'chatting')).toBe(true), 20_000)
    const servedByBob = visitors.filter((v) => v.getSnapshot().staff?.staffId === bob.agentId)

    const acknowledged = new Map<number, string[]>()
    const run = async (visitor: (typeof visitors)[number], index: number) => {
      for (let i = 1; i <= 6; i++) {
        const text = `v${index} m${i}`
        await visitor.send(text)
        acknowledged.set(index, [...(acknowledged.get(index) ?? []), text])
      }
    }
    const runs = visitors.map((v, i) => run(v, i))
    await eventually(() => expect([...acknowledged.values()].flat().length).toBeGreaterThanOrEqual(18), 20_000)
    // The load balancer stops sending to the third process, which dies without a word.
    balancer.use([a.wsUrl, b.wsUrl])
    c.child.kill('SIGKILL')
    expect(await c.exited).toBe('SIGKILL')
    await Promise.all(runs)

    const started = Date.now()
    await amyDesk.waitFor((f) => f.type === 'presence' && f.agentId === bob.agentId && f.presence === 'offline', 15_000)
    // Presence expiry is 2 s, checked on every beat of the survivors.
    expect(Date.now() - started).toBeLessThan(10_000)
    // Bob's chats follow the agent-left rules: after the grace period they end with reason 5.
    for (const v of servedByBob) await eventually(() => expect(v.getSnapshot().status).toMatchObject({ name: 'ended', reason: 5 }), 20_000)

    const db = new pg.Client({ connectionString: database.url })
    await db.connect()
    try {
      for (const [index, visitor] of visitors.entries()) {
        const sent = acknowledged.get(index)!
        expect(sent).toHaveLength(6)
        // Shown once each, in order, acknowledged; stored exactly once each.
        expect(textsOf(visitor, 'visitor')).toEqual(sent)
        expect(visitor.getSnapshot().messages.every((m) => m.state === 'sent')).toBe(true)
        const stored = await db.query(
          `SELECT body->>'text' AS text FROM messages WHERE visitor_id = $1 AND sender = 'visitor' ORDER BY seq`,
          [visitor.getSnapshot().visitorId],
        )
        expect(stored.rows.map((row) => row.text)).toEqual(sent)
      }
    } finally {
      await db.end()
    }
    // Amy's workbench saw each of her visitors' messages at most once.
    const seen = amyDesk.frames.flatMap((f) => (f.type === 'message' && f.message.sender === 'visitor' ? [f.message.id] : []))
    expect(new Set(seen).size).toBe(seen.length)
    for (const v of visitors) v.destroy()
    amyDesk.close()
    bobDesk.close()
  }, 120_000)
})
