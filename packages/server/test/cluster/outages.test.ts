import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../harness'
import { CLUSTER, REDIS_URL, redisPrefix } from './clusterEnv'
import { desk, freshDatabase, login, pinnedTo, seedCompany, textsOf, visitorClient } from './clusterFixture'
import { privatePostgres, privateRedis, type PrivatePostgres, type PrivateRedis } from './privateServices'
import { startServerProcess, type ServerProcess } from './serverProcess'

// Outages of the brokers, on private instances this file starts (the machine's are shared).
describe.skipIf(!CLUSTER)('a Redis restart during a run', () => {
  let redis: PrivateRedis
  let database: Awaited<ReturnType<typeof freshDatabase>>
  let servers: ServerProcess[] = []
  beforeAll(async () => {
    redis = await privateRedis()
    database = await freshDatabase(process.env.KEFU_TEST_DATABASE_URL!)
    const prefix = redisPrefix()
    const start = () => startServerProcess({ databaseUrl: database.url, redisUrl: redis.url, redisPrefix: prefix, presenceExpiryMs: 3000 })
    servers = await Promise.all([start(), start()])
  }, 120_000)
  afterAll(async () => {
    await Promise.allSettled(servers.map((s) => s.stop()))
    await redis?.remove()
    await database?.drop()
  })

  it('fan-out resumes by itself, and every message sent before, during and after is delivered or resynced', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    const shop = await seedCompany(database.url, [{ name: 'Amy', capacity: 5 }])
    const amy = shop.agents[0]!
    const agentDesk = await desk(b.wsUrl, await login(b.url, amy.email))
    const visitor = visitorClient(shop.companyId, pinnedTo(a.wsUrl))
    await visitor.requestChat({ mode: 2 })
    await eventually(() => expect(visitor.getSnapshot().staff?.staffId).toBe(amy.agentId), 10_000)
    const conversationId = visitor.getSnapshot().staff!.recordId
    const say = (text: string) => agentDesk.request({ type: 'message.send', conversationId, body: { type: 'text', text } })

    await say('before')
    await eventually(() => expect(textsOf(visitor, 'agent')).toEqual(['before']), 10_000)
    await redis.stop()
    // During the outage: the agent's process stores and acknowledges, but cannot publish.
    await say('during')
    const sent = visitor.send('visitor during')
    await redis.start()
    // When the bus is back, each process tells its clients to resync (close code 1012); the workbench reconnects.
    await eventually(() => expect(agentDesk.socket.readyState).toBe(agentDesk.socket.CLOSED), 20_000)
    const again = await desk(b.wsUrl, await login(b.url, amy.email))
    await again.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'after' } })
    await sent
    // Nothing is missing on the visitor's side, nothing is there twice.
    await eventually(() => expect(textsOf(visitor, 'agent')).toEqual(['before', 'during', 'after']), 20_000)
    expect(textsOf(visitor, 'visitor')).toEqual(['visitor during'])
    // The resynced workbench has the visitor's message from the outage in the history it reloads.
    const history = await (await fetch(`${b.url}/api/v1/visitors/${visitor.getSnapshot().visitorId}/messages`, { headers: { authorization: `Bearer ${await login(b.url, amy.email)}` } })).json()
    expect((history as { body: { text?: string } }[]).map((m) => m.body.text)).toContain('visitor during')
    // Fan-out works again both ways.
    await visitor.send('and later')
    await again.waitFor((f) => f.type === 'message' && f.message.body.type === 'text' && f.message.body.text === 'and later', 10_000)
    const metrics = await (await fetch(`${a.url}/metrics`)).text()
    expect(metrics).toMatch(/^kefu_bus_gaps_total\{[^}]*\} [1-9]/m)
    visitor.destroy()
    agentDesk.close()
    again.close()
  }, 90_000)
})

describe.skipIf(!CLUSTER)('a PostgreSQL restart during a run', () => {
  let postgres: PrivatePostgres
  let server: ServerProcess
  let databaseUrl: string
  beforeAll(async () => {
    postgres = await privatePostgres()
    databaseUrl = (await freshDatabase(postgres.url)).url
    server = await startServerProcess({ databaseUrl, redisUrl: REDIS_URL, redisPrefix: redisPrefix() })
  }, 180_000)
  afterEach(async () => {
    await postgres?.start().catch(() => {})
  })
  afterAll(async () => {
    await server?.stop()
    await postgres?.remove()
  })

  it('the server survives: /healthz says so during the outage, and chats go on afterwards', async () => {
    const shop = await seedCompany(databaseUrl, [{ name: 'Amy', capacity: 5 }])
    const amy = shop.agents[0]!
    const agentDesk = await desk(server.wsUrl, await login(server.url, amy.email))
    const visitor = visitorClient(shop.companyId, pinnedTo(server.wsUrl))
    await visitor.requestChat({ mode: 2 })
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'), 10_000)
    await visitor.send('before')

    await postgres.stop()
    await eventually(async () => {
      const health = await fetch(`${server.url}/healthz`)
      expect(health.status).toBe(503)
      expect(await health.json()).toMatchObject({ ok: false, databaseState: 'down', redis: 'up' })
    }, 20_000)
    // A message during the outage is refused with server_error, and the client retries it until it is stored.
    const during = visitor.send('during')

    await postgres.start()
    await eventually(async () => expect((await fetch(`${server.url}/healthz`)).status).toBe(200), 30_000)
    await eventually(() => expect(server.child.exitCode).toBeNull())
    expect((await during).state).toBe('sent')
    const after = await visitor.send('after')
    expect(after.state).toBe('sent')
    await agentDesk.waitFor((f) => f.type === 'message' && f.message.body.type === 'text' && f.message.body.text === 'during', 10_000)
    await agentDesk.waitFor((f) => f.type === 'message' && f.message.body.type === 'text' && f.message.body.text === 'after', 10_000)
    visitor.destroy()
    agentDesk.close()
  }, 120_000)
})
