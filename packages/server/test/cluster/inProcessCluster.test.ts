import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKefuServer, type KefuServer } from '../../src/createKefuServer'
import { eventually, startHarness, type Harness } from '../harness'
import { CLUSTER, REDIS_URL, redisPrefix } from './clusterEnv'

// Two servers in this process, on one PostgreSQL database and one Redis: the shared-state paths without
// process management (the multi-process tests are in processCluster.test.ts).
describe.skipIf(!CLUSTER)('cluster mode in one process: two servers over PostgreSQL and Redis', () => {
  let h: Harness
  let other: KefuServer
  let otherUrl: string
  const prefix = redisPrefix()
  beforeAll(async () => {
    h = await startHarness('postgres', { server: { redisUrl: REDIS_URL, redisPrefix: prefix, presenceExpiryMs: 1500 } })
    other = await createKefuServer({ logLevel: 'silent', databaseUrl: h.databaseUrl!, redisUrl: REDIS_URL, redisPrefix: prefix, presenceExpiryMs: 1500, agentGraceMs: 200, metrics: { public: true } })
    otherUrl = await other.listen()
  })
  afterAll(async () => {
    await other?.close()
    await h?.close()
  })

  it('reports Redis in /healthz and labels metrics by process', async () => {
    const health = await (await fetch(`${otherUrl}/healthz`)).json()
    expect(health).toMatchObject({ ok: true, database: 'postgres', databaseState: 'up', redis: 'up', process: other.context.processId })
    expect(other.context.processId).not.toBe(h.server.context.processId)
    expect(await (await fetch(`${otherUrl}/metrics`)).text()).toContain(`process="${other.context.processId}"`)
  })

  it('a visitor on one server chats with an agent on the other; presence and settings are shared', async () => {
    const amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    // Amy's desk is on the other server; the visitor on the harness's.
    const { AgentTestClient } = await import('../harness')
    const desk = await AgentTestClient.connect(`${otherUrl.replace(/^http/, 'ws')}/ws/agent`, amy.token)
    const visitor = h.visitor()
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().agentsOnline).toBe(true))
    await visitor.requestChat({ mode: 2 })
    await eventually(() => expect(visitor.getSnapshot().staff?.staffId).toBe(amy.agentId))
    const conversationId = visitor.getSnapshot().staff!.recordId
    await visitor.send('你好')
    await desk.waitFor((f) => f.type === 'message' && f.message.body.type === 'text' && f.message.body.text === '你好')
    await desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: '您好，请讲' } })
    await eventually(() => expect(visitor.getSnapshot().messages.some((m) => m.body.type === 'text' && m.body.text === '您好，请讲')).toBe(true))

    // A settings change through one server reaches the other's cache.
    const admin = await h.login(h.adminEmail)
    const patched = await fetch(`${otherUrl}/api/v1/company`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { robotName: '小智' } }),
    })
    expect(patched.status).toBe(200)
    // The other process hears of it over the bus, a moment later.
    await eventually(async () => expect((await h.server.context.chat.companies.get(h.companyId)).company.settings.robotName).toBe('小智'))

    // Amy's last connection closes on the other server: the visitor's server ends the chat after the grace period.
    desk.close()
    await eventually(() => expect(visitor.getSnapshot().status).toEqual({ name: 'ended', reason: 5, needsEvaluation: false }))
    visitor.destroy()
  })
})
