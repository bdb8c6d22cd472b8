import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertMessage, insertMessageBatch } from '../src/store/messageStore'
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

  /** A visitor in a chat with an agent, and the chat's conversation id. */
  async function chatting(name: string) {
    const agent = await h.addAgent({ email: `${name}-${h.companyId}@example.com`, name: 'Ada' })
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
    return { visitor, visitorId, conversationId: conversation!.id }
  }

  /** What a lifecycle step does (say.ts): change the conversation, then store the notice, in one transaction. */
  const chatChangeWithNotice = (visitorId: string, conversationId: string, i: number) =>
    h.server.context.db.transaction(async (tx) => {
      await tx.query(`UPDATE conversations SET id = id WHERE company_id = $1 AND id = $2`, [h.companyId, conversationId])
      return insertMessage(tx, { companyId: h.companyId, visitorId, conversationId, sender: 'system', body: { type: 'notice', code: 'agent.serving', text: `notice ${i}` } })
    })

  it('visitor messages and chat changes with notices, 20 of each at once: all stored, distinct sequence numbers, none fails', { timeout: 120_000 }, async () => {
    const { visitor, visitorId, conversationId } = await chatting('one')
    const start = Date.now()
    const visitorMessage = (i: number) =>
      insertMessage(h.server.context.db, {
        companyId: h.companyId,
        visitorId,
        conversationId,
        clientId: `lock-${i}`,
        sender: 'visitor',
        body: { type: 'text', text: `at once ${i}` },
        // Each later than the last: every one moves the conversation's last activity, so each locks its row.
        activityAt: start + i,
      })
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? visitorMessage(i) : chatChangeWithNotice(visitorId, conversationId, i))))
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([])
    const seqs = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof insertMessage>>>).value.stored.message.seq)
    expect(new Set(seqs).size).toBe(40)
    visitor.destroy()
  })

  it('batches of visitor messages and chat changes with notices at once: none fails, and the stored ones have distinct sequence numbers', { timeout: 120_000 }, async () => {
    const { visitor, visitorId, conversationId } = await chatting('batch')
    const start = Date.now()
    const batch = (i: number) =>
      insertMessageBatch(
        h.server.context.db,
        Array.from({ length: 4 }, (_, j) => ({
          companyId: h.companyId,
          visitorId,
          conversationId,
          clientId: `batch-${i}-${j}`,
          sender: 'visitor' as const,
          body: { type: 'text' as const, text: `batch ${i}.${j}` },
          activityAt: start + i * 4 + j,
        })),
      )
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? batch(i) : chatChangeWithNotice(visitorId, conversationId, i))))
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([])
    // Every batch stored all four (none left out to wait alone), each visitor message with its own number.
    const stored = results.filter((_, i) => i % 2).flatMap((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof batch>>>).value)
    expect(new Set(stored.filter((m) => m !== undefined).map((m) => m!.stored.message.seq)).size).toBe(stored.filter((m) => m !== undefined).length)
    visitor.destroy()
  })
})
