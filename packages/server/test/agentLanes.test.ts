import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startHarness, type Harness } from './harness'

// A chat whose storage is held up (here: its visitor's row locked by another transaction, as a slow disk or a
// long statement would) must not hold up the agent's other chats. PostgreSQL only: PGlite has one connection,
// so a lock held there holds everything.
describe.skipIf(!process.env.KEFU_TEST_DATABASE_URL)('an agent serving several chats (postgres)', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness('postgres')
  })
  afterAll(() => h?.close())

  it("answers one chat while another chat's message waits for the database, and keeps each chat's order", async () => {
    const agent = await h.addAgent({ email: `lanes-${h.companyId}@example.com`, name: 'Lan', capacity: 5 })
    const desk = await h.agent(agent.token)
    const [slow, quick] = [h.visitor(), h.visitor()]
    for (const visitor of [slow, quick]) {
      visitor.connect()
      await visitor.requestChat()
      await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'), 20_000)
    }
    const slowId = slow.getSnapshot().staff!.recordId
    const quickId = quick.getSnapshot().staff!.recordId

    const blocker = new pg.Client({ connectionString: h.databaseUrl })
    await blocker.connect()
    try {
      await blocker.query('BEGIN')
      await blocker.query(`SELECT 1 FROM visitors WHERE id = (SELECT visitor_id FROM conversations WHERE id = $1) FOR UPDATE`, [slowId])
      // Sent first, on the same connection: stuck until the lock goes.
      const stuck = desk.request({ type: 'message.send', conversationId: slowId, body: { type: 'text', text: 'held up' } })
      const heldUp = { settled: false }
      void stuck.finally(() => (heldUp.settled = true))
      // Sent after it: answered while the first still waits.
      const replies = []
      for (let i = 1; i <= 5; i++) replies.push(desk.request({ type: 'message.send', conversationId: quickId, body: { type: 'text', text: `quick ${i}` } }))
      const acks = await Promise.all(replies)
      expect(heldUp.settled).toBe(false)
      expect(acks.map((a) => a.message?.seq)).toEqual([...acks.map((a) => a.message!.seq!)].sort((x, y) => x - y))
      await eventually(() => expect(quick.getSnapshot().messages.filter((m) => m.sender === 'agent').map((m) => (m.body as { text: string }).text)).toEqual(['quick 1', 'quick 2', 'quick 3', 'quick 4', 'quick 5']), 20_000)
      await blocker.query('COMMIT')
      expect((await stuck).message).toMatchObject({ sender: 'agent' })
      await eventually(() => expect(slow.getSnapshot().messages.some((m) => m.sender === 'agent' && (m.body as { text: string }).text === 'held up')).toBe(true), 20_000)
    } finally {
      await blocker.end()
    }
  }, 120_000)
})
