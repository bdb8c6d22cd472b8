import type { ChatMessage } from '@kefu/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKefuServer, type KefuServer } from '../../src/createKefuServer'
import { eventually, startHarness, type Harness } from '../harness'
import { CLUSTER, REDIS_URL, redisPrefix } from './clusterEnv'

type Visitor = ReturnType<Harness['visitor']>

const endNotices = (visitor: Visitor): ChatMessage[] => visitor.getSnapshot().messages.filter((m) => m.body.type === 'notice' && !!m.body.code?.startsWith('chat.ended.'))

/**
 * Issue 10: the periodic work (inactivity and queue timeouts) runs once across the cluster, not once per
 * process: two servers on one PostgreSQL never both end the same conversation nor both tell its visitor.
 */
describe.skipIf(!CLUSTER)('the sweep runs once across the cluster (two servers, one PostgreSQL)', () => {
  let h: Harness
  let other: KefuServer
  const prefix = redisPrefix()
  const sweepIntervalMs = 100
  beforeAll(async () => {
    h = await startHarness('postgres', {
      companySettings: { receptionMode: 2, evaluateOnEnd: false },
      server: { redisUrl: REDIS_URL, redisPrefix: prefix, sweepIntervalMs },
    })
    other = await createKefuServer({ logLevel: 'silent', databaseUrl: h.databaseUrl!, redisUrl: REDIS_URL, redisPrefix: prefix, sweepIntervalMs, agentGraceMs: 200 })
    await other.listen()
  })
  afterAll(async () => {
    await other?.close()
    await h?.close()
  })

  /**
   * Four bot chats and a queued one, made to look long idle (rather than waiting ten minutes), behind a
   * chat with an agent that is still going (it keeps the queued visitor waiting).
   */
  async function staleConversations(): Promise<{ visitors: Visitor[]; conversationIds: string[] }> {
    const amy = await h.addAgent({ email: `amy-${Date.now()}-${h.companyId}@example.com`, name: 'Amy', capacity: 1 })
    await h.agent(amy.token)
    const visitors: Visitor[] = []
    for (let i = 0; i < 6; i++) {
      const visitor = h.visitor()
      visitor.connect()
      await visitor.requestChat(i < 4 ? { mode: 1 } : { mode: 2 })
      visitors.push(visitor)
    }
    await eventually(() => expect(visitors.map((v) => v.getSnapshot().status.name)).toEqual(['bot', 'bot', 'bot', 'bot', 'chatting', 'waiting']))
    const stale = [...visitors.slice(0, 4), visitors[5]!]
    const old = Date.now() - 24 * 60 * 60 * 1000
    const ids = await h.server.context.db.query<{ id: string }>(
      `UPDATE conversations SET last_visitor_activity_at = $3, queued_at = CASE WHEN status = 'waiting' THEN $3 ELSE queued_at END
       WHERE company_id = $1 AND visitor_id = ANY($2::text[]) AND status <> 'ended' RETURNING id`,
      [h.companyId, stale.map((v) => v.getSnapshot().visitorId), old],
    )
    expect(ids).toHaveLength(5)
    return { visitors: stale, conversationIds: ids.map((r) => r.id) }
  }

  async function endNoticesStored(conversationIds: string[]): Promise<Map<string, number>> {
    const rows = await h.server.context.db.query<{ conversation_id: string; n: string }>(
      `SELECT conversation_id, count(*)::text AS n FROM messages
       WHERE company_id = $1 AND conversation_id = ANY($2::text[]) AND body->>'type' = 'notice' AND body->>'code' LIKE 'chat.ended.%'
       GROUP BY conversation_id`,
      [h.companyId, conversationIds],
    )
    return new Map(rows.map((r) => [r.conversation_id, Number(r.n)]))
  }

  it('both servers sweeping every 100 ms end each timed-out chat once, with one notice each', async () => {
    const sweeps = { mine: 0, other: 0 }
    const count = (server: KefuServer, key: keyof typeof sweeps) => {
      const sweeper = server.context.chat.sweeper
      const sweep = sweeper.sweep.bind(sweeper)
      sweeper.sweep = () => {
        sweeps[key]++
        return sweep()
      }
    }
    count(h.server, 'mine')
    count(other, 'other')
    const { visitors, conversationIds } = await staleConversations()
    const started = Date.now()
    const before = sweeps.mine + sweeps.other
    await eventually(() => expect(visitors.map((v) => v.getSnapshot().status.name)).toEqual(Array(5).fill('ended')), 10_000)
    // Let more intervals pass: a second end or notice would show now, and the sweeps can be counted.
    await new Promise((resolve) => setTimeout(resolve, 20 * sweepIntervalMs))
    const swept = sweeps.mine + sweeps.other - before
    const elapsed = Date.now() - started
    const stored = await endNoticesStored(conversationIds)
    expect(conversationIds.map((id) => stored.get(id))).toEqual(Array(5).fill(1))
    for (const visitor of visitors) expect(endNotices(visitor)).toHaveLength(1)
    const reasons = visitors.map((v) => (v.getSnapshot().status as { reason?: number }).reason)
    expect(reasons).toEqual([8, 8, 8, 8, 6])
    // One sweep per interval for the cluster (the lease is held for 0.8 of one), not one per server: with
    // both sweeping, this would be about twice elapsed / interval.
    expect(sweeps.mine + sweeps.other).toBeGreaterThan(0)
    expect(swept).toBeLessThanOrEqual(Math.ceil(elapsed / (0.8 * sweepIntervalMs)) + 2)
    for (const visitor of visitors) visitor.destroy()
  })

  it('the lease goes to one server per interval, and a sweep both run at once still ends each chat once', async () => {
    for (let round = 0; round < 10; round++) {
      const claims = await Promise.all([h.server.context.chat.sweeper.claim(60_000), other.context.chat.sweeper.claim(60_000)])
      expect(claims.filter(Boolean).length, `round ${round}`).toBeLessThanOrEqual(1)
    }
    // Even if both processes sweep (a sweep longer than the interval, clocks apart), the company lock and the
    // re-read under it end each chat once.
    const { visitors, conversationIds } = await staleConversations()
    await Promise.all([h.server.context.chat.sweeper.sweep(), other.context.chat.sweeper.sweep(), h.server.context.chat.sweeper.sweep(), other.context.chat.sweeper.sweep()])
    await eventually(() => expect(visitors.map((v) => v.getSnapshot().status.name)).toEqual(Array(5).fill('ended')))
    const stored = await endNoticesStored(conversationIds)
    expect(conversationIds.map((id) => stored.get(id))).toEqual(Array(5).fill(1))
    for (const visitor of visitors) expect(endNotices(visitor)).toHaveLength(1)
    for (const visitor of visitors) visitor.destroy()
  })
})
