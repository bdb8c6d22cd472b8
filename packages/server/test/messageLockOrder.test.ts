import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertMessage } from '../src/store/messageStore'
import { DATABASES, eventually, startHarness, type Harness } from './harness'

/**
 * A visitor's message locks the visitor's row and the conversation's row; a change of the chat (served,
 * transferred, ended) updates the conversation and then says so with a notice, in one transaction. Taken in
 * different orders, PostgreSQL ends one of them as a deadlock, and the visitor's message was refused with
 * server_error (seen after a reconnect, when the outbox resends while the chat is being served).
 */
describe.each(DATABASES)('messages of one visitor stored at once (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  it('visitor messages and chat changes with notices, 20 of each at once: all stored, distinct sequence numbers, none fails', { timeout: 120_000 }, async () => {
    const agent = await h.addAgent({ email: `lock-${h.companyId}@example.com`, name: 'Ada' })
    await h.agent(agent.token)
    const visitor = h.visitor()
    visitor.connect()
    await visitor.requestChat()
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
    const visitorId = visitor.getSnapshot().visitorId!
    const [conversation] = await h.server.context.db.query<{ id: string }>(
      `SELECT id FROM conversations WHERE company_id = $1 AND visitor_id = $2 AND status <> 'ended'`,
      [h.companyId, visitorId],
    )
    const db = h.server.context.db
    const start = Date.now()
    const visitorMessage = (i: number) =>
      insertMessage(db, {
        companyId: h.companyId,
        visitorId,
        conversationId: conversation!.id,
        clientId: `lock-${i}`,
        sender: 'visitor',
        body: { type: 'text', text: `at once ${i}` },
        // Each later than the last: every one moves the conversation's last activity, so each locks its row.
        activityAt: start + i,
      })
    // What a lifecycle step does (say.ts): change the conversation, then store the notice, in one transaction.
    const chatChangeWithNotice = (i: number) =>
      db.transaction(async (tx) => {
        await tx.query(`UPDATE conversations SET id = id WHERE company_id = $1 AND id = $2`, [h.companyId, conversation!.id])
        return insertMessage(tx, { companyId: h.companyId, visitorId, conversationId: conversation!.id, sender: 'system', body: { type: 'notice', code: 'agent.serving', text: `notice ${i}` } })
      })
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? visitorMessage(i) : chatChangeWithNotice(i))))
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([])
    const seqs = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof insertMessage>>>).value.stored.message.seq)
    expect(new Set(seqs).size).toBe(40)
    visitor.destroy()
  })
})
