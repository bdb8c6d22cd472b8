import type { MessageBody } from '@kefu/core'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/Database'
import { openDatabase } from '../src/db/openDatabase'
import { createCompany } from '../src/domain/createCompany'
import { newId } from '../src/domain/ids'
import { insertConversation } from '../src/store/conversationStore'
import { MessageBatcher } from '../src/store/MessageBatcher'
import { insertMessage, listMessages, StaleConversationError, type NewMessage } from '../src/store/messageStore'
import { findVisitor, insertVisitor } from '../src/store/visitorStore'
import { DATABASES, eventually, freshPostgres } from './harness'

const text = (t: string): MessageBody => ({ type: 'text', text: t })

describe.each(DATABASES)('group commit of messages (%s)', (database) => {
  let db: Database
  /** Statements sent to the database, to see that messages were stored together. */
  let statements = 0
  let drop: (() => Promise<void>) | undefined
  let databaseUrl: string | undefined
  const companyId = `batch-${database}`

  beforeAll(async () => {
    const postgres = database === 'postgres' ? await freshPostgres() : undefined
    drop = postgres?.drop
    databaseUrl = postgres?.url
    const opened = await openDatabase(postgres ? { databaseUrl: postgres.url } : {})
    db = {
      ...opened,
      kind: opened.kind,
      query: (sql, params) => {
        statements++
        return opened.query(sql, params)
      },
    }
    await createCompany(opened, { id: companyId, name: 'Batch', admin: { email: `admin@${companyId}.example`, name: 'Admin', password: 'correct horse battery' } })
    db.close = () => opened.close()
  })
  afterAll(async () => {
    await db?.close()
    await drop?.()
  })

  async function newVisitor(): Promise<string> {
    const id = newId('v')
    await insertVisitor(db, { id, companyId, entry: {} })
    return id
  }

  const fromVisitor = (visitorId: string, clientId: string, t = clientId): NewMessage => ({
    companyId,
    visitorId,
    conversationId: null,
    clientId,
    sender: 'visitor',
    body: text(t),
  })

  it.each([
    { name: 'default sizes', options: {} },
    { name: 'small batches, several at once', options: { maxBatch: 7, maxInFlight: 4 } },
  ])('stores many concurrent messages of several visitors once each, numbered in send order ($name)', async ({ options }) => {
    const batcher = new MessageBatcher(db, options)
    const visitors = await Promise.all(Array.from({ length: 6 }, () => newVisitor()))
    const perVisitor = 40
    const before = statements
    // Sent round-robin, as frames of many sockets arrive: visitor 0's first, visitor 1's first, …
    const sends: Promise<Awaited<ReturnType<MessageBatcher['insert']>>>[][] = visitors.map(() => [])
    for (let i = 0; i < perVisitor; i++) {
      for (const [v, visitorId] of visitors.entries()) sends[v]!.push(batcher.insert(fromVisitor(visitorId, `c${i}`)))
    }
    const results = await Promise.all(sends.map((s) => Promise.all(s)))
    // Stored together: far fewer statements than messages.
    expect(statements - before).toBeLessThan((visitors.length * perVisitor) / 4)
    for (const [v, visitorId] of visitors.entries()) {
      const mine = results[v]!
      expect(mine.map((r) => r.duplicate)).toEqual(mine.map(() => false))
      // Each caller is answered with its own message: its client id, the next sequence number.
      expect(mine.map((r) => [r.stored.message.clientId, r.stored.message.seq])).toEqual(mine.map((_, i) => [`c${i}`, i + 1]))
      const stored = await listMessages(db, companyId, visitorId)
      expect(stored.map((s) => [s.message.seq, (s.message.body as { text: string }).text])).toEqual(mine.map((_, i) => [i + 1, `c${i}`]))
      expect(stored.map((s) => s.message.id)).toEqual(mine.map((r) => r.stored.message.id))
      expect((await findVisitor(db, companyId, visitorId))?.lastSeq).toBe(perVisitor)
    }
  })

  it('answers a resend with the stored message, in or out of a batch, and stores nothing twice', async () => {
    const batcher = new MessageBatcher(db)
    const visitorId = await newVisitor()
    const first = await batcher.insert(fromVisitor(visitorId, 'a'))
    const [resend, b, twiceB, c] = await Promise.all([
      batcher.insert(fromVisitor(visitorId, 'a', 'a again')),
      batcher.insert(fromVisitor(visitorId, 'b')),
      // The same client id twice in one batch: one is stored, the other answered with it.
      batcher.insert(fromVisitor(visitorId, 'b', 'b again')),
      batcher.insert(fromVisitor(visitorId, 'c')),
    ])
    expect(resend).toMatchObject({ duplicate: true, stored: { message: { id: first.stored.message.id, seq: 1, body: text('a') } } })
    expect(b).toMatchObject({ duplicate: false, stored: { message: { seq: 2, body: text('b') } } })
    expect(twiceB).toMatchObject({ duplicate: true, stored: { message: { id: b.stored.message.id, seq: 2 } } })
    expect(c).toMatchObject({ duplicate: false, stored: { message: { seq: 3, body: text('c') } } })
    const stored = await listMessages(db, companyId, visitorId)
    expect(stored.map((s) => [s.message.seq, s.message.clientId])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ])
  })

  it('fails only the message that cannot be stored, not the others of its batch', async () => {
    const batcher = new MessageBatcher(db)
    const [one, two] = [await newVisitor(), await newVisitor()]
    const results = await Promise.allSettled([
      batcher.insert(fromVisitor(one, 'x1')),
      // No such visitor: left out of the statement, then refused on its own.
      batcher.insert(fromVisitor(newId('v'), 'ghost')),
      batcher.insert(fromVisitor(two, 'y1')),
      // No such conversation: the statement fails as a whole, and every message is stored one by one.
      batcher.insert({ ...fromVisitor(one, 'bad'), conversationId: 'no-such-conversation' }),
      batcher.insert(fromVisitor(one, 'x2')),
      batcher.insert(fromVisitor(two, 'y2')),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/not found/)
    // No sequence number is lost to the refused message: the visitor's stream has no gap.
    expect((await listMessages(db, companyId, one)).map((s) => [s.message.seq, s.message.clientId])).toEqual([
      [1, 'x1'],
      [2, 'x2'],
    ])
    expect((await listMessages(db, companyId, two)).map((s) => [s.message.seq, s.message.clientId])).toEqual([
      [1, 'y1'],
      [2, 'y2'],
    ])
  })

  it.runIf(database === 'postgres')('answers the others of a batch while one visitor’s row is held by another transaction', async () => {
    const batcher = new MessageBatcher(db)
    const [held, free] = [await newVisitor(), await newVisitor()]
    const other = new pg.Client({ connectionString: databaseUrl })
    await other.connect()
    try {
      await other.query('BEGIN')
      await other.query('SELECT 1 FROM visitors WHERE id = $1 FOR UPDATE', [held])
      const stuck = batcher.insert(fromVisitor(held, 'h1'))
      const settled = { done: false }
      void stuck.finally(() => (settled.done = true))
      const quick = await Promise.all([batcher.insert(fromVisitor(free, 'f1')), batcher.insert(fromVisitor(free, 'f2'))])
      expect(quick.map((r) => r.stored.message.seq)).toEqual([1, 2])
      expect(settled.done).toBe(false)
      // The held visitor's next message keeps its place behind the first.
      const next = batcher.insert(fromVisitor(held, 'h2'))
      await other.query('COMMIT')
      expect([(await stuck).stored.message.seq, (await next).stored.message.seq]).toEqual([1, 2])
    } finally {
      await other.end()
    }
  })

  it.runIf(database === 'postgres')(
    'leaves a visitor out of a batch while one of its conversations is held, though its other message has none',
    async () => {
      const batcher = new MessageBatcher(db)
      const visitorId = await newVisitor()
      const conversationId = newId('c')
      await insertConversation(db, { id: conversationId, companyId, visitorId, status: 'waiting', agentId: null, groupId: null, queueAgentId: null, routing: {}, vip: false, now: Date.now() })
      const other = new pg.Client({ connectionString: databaseUrl })
      await other.connect()
      try {
        // Another process ends the chat and has not committed yet when the batch runs.
        await other.query('BEGIN')
        await other.query(`UPDATE conversations SET status = 'ended' WHERE id = $1`, [conversationId])
        const staleSend = batcher.insert({ ...fromVisitor(visitorId, 'held-1'), conversationId, expectedConversation: { status: 'waiting', agentId: null } })
        const fineSend = batcher.insert(fromVisitor(visitorId, 'held-2'))
        // The batch has run and the held message waits for the row (in a statement of its own, or in the batch).
        await eventually(async () => {
          const [{ waiting }] = (await other.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows
          expect(waiting).toBeGreaterThan(0)
        }, 10_000)
        await other.query('COMMIT')
        const [stale, fine] = await Promise.allSettled([staleSend, fineSend])
        // Decided on the chat as it is once the other transaction ends: ended, not what the sender saw.
        expect(stale.status === 'rejected' && stale.reason).toBeInstanceOf(StaleConversationError)
        expect(fine.status === 'fulfilled' && fine.value.stored.message.seq).toBe(1)
        expect((await listMessages(db, companyId, visitorId)).map((m) => m.message.clientId)).toEqual(['held-2'])
      } finally {
        await other.end()
      }
    },
    20_000,
  )

  it('keeps the unread count and the last visitor activity as the single-message path does', async () => {
    const batcher = new MessageBatcher(db)
    const visitorId = await newVisitor()
    const conversationId = newId('c')
    const start = Date.now()
    await insertConversation(db, {
      id: conversationId,
      companyId,
      visitorId,
      status: 'chatting',
      agentId: null,
      groupId: null,
      queueAgentId: null,
      routing: {},
      vip: false,
      now: start,
    })
    await insertMessage(db, { companyId, visitorId, conversationId, sender: 'agent', senderId: 'a1', body: text('hello') })
    const fromAgent = (t: string, extra: Partial<NewMessage> = {}): NewMessage => ({ companyId, visitorId, conversationId, sender: 'agent', senderId: 'a1', body: text(t), ...extra })
    const results = await Promise.all([
      batcher.insert(fromAgent('one')),
      batcher.insert({ ...fromVisitor(visitorId, 'v1'), conversationId, activityAt: start + 5000 }),
      batcher.insert(fromAgent('notice', { body: { type: 'notice', text: 'joined' } as MessageBody })),
      batcher.insert(fromAgent('note', { visibility: 'agent' })),
      batcher.insert(fromAgent('two')),
    ])
    // The count after each: notices, internal notes and the visitor's own messages are not unread.
    expect(results.map((r) => [r.stored.message.seq, r.unread?.count])).toEqual([
      [2, 2],
      [3, 2],
      [4, 2],
      [5, 2],
      [6, 3],
    ])
    expect((await findVisitor(db, companyId, visitorId))?.unreadCount).toBe(3)
    const [row] = await db.query<{ at: string }>('SELECT last_visitor_activity_at AS at FROM conversations WHERE id = $1', [conversationId])
    expect(Number(row!.at)).toBe(start + 5000)
  })

  it("never stores a message in another company's conversation or for another company's visitor, in or out of a batch", async () => {
    const otherCompany = `${companyId}-other`
    await createCompany(db, { id: otherCompany, name: 'Other', admin: { email: `admin@${otherCompany}.example`, name: 'Admin', password: 'correct horse battery' } })
    const batcher = new MessageBatcher(db)
    const mine = await newVisitor()
    const theirs = newId('v')
    await insertVisitor(db, { id: theirs, companyId: otherCompany, entry: {} })
    const theirConversation = newId('c')
    await insertConversation(db, { id: theirConversation, companyId: otherCompany, visitorId: theirs, status: 'waiting', agentId: null, groupId: null, queueAgentId: null, routing: {}, vip: false, now: Date.now() })
    const expected = { status: 'waiting', agentId: null }
    const activity = async () => Number((await db.query<{ at: number }>('SELECT last_visitor_activity_at AS at FROM conversations WHERE id = $1', [theirConversation]))[0]!.at)
    const activityBefore = await activity()
    const [intoTheirs, asTheirs, fine] = await Promise.allSettled([
      batcher.insert({ ...fromVisitor(mine, 'cross-1'), conversationId: theirConversation, expectedConversation: expected, activityAt: Date.now() + 60_000 }),
      batcher.insert(fromVisitor(theirs, 'cross-2')),
      batcher.insert(fromVisitor(mine, 'cross-3')),
    ])
    expect(intoTheirs.status).toBe('rejected')
    expect(asTheirs.status).toBe('rejected')
    expect(fine.status === 'fulfilled' && fine.value.stored.message.seq).toBe(1)
    expect((await listMessages(db, companyId, mine)).map((m) => m.message.clientId)).toEqual(['cross-3'])
    expect(await listMessages(db, otherCompany, theirs)).toEqual([])
    expect((await findVisitor(db, otherCompany, theirs))?.lastSeq).toBe(0)
    expect(await activity()).toBe(activityBefore)
  })

  it('stores nothing for a conversation no longer as its sender saw it, in or out of a batch, and says so', async () => {
    const batcher = new MessageBatcher(db)
    const visitorId = await newVisitor()
    const other = await newVisitor()
    const conversation = async (visitor: string) => {
      const id = newId('c')
      await insertConversation(db, { id, companyId, visitorId: visitor, status: 'bot', agentId: null, groupId: null, queueAgentId: null, routing: {}, vip: false, now: Date.now() })
      return id
    }
    const conversationId = await conversation(visitorId)
    const otherConversation = await conversation(other)
    // Handed off to the queue (by another server process, say) after the sender read it as the bot's.
    await db.query(`UPDATE conversations SET status = 'waiting' WHERE id = $1`, [conversationId])
    const seen = { status: 'bot', agentId: null }
    const stale: NewMessage = { ...fromVisitor(visitorId, 'stale-1'), conversationId, expectedConversation: seen }
    const [batched, fine] = await Promise.allSettled([
      batcher.insert(stale),
      batcher.insert({ ...fromVisitor(other, 'fine-1'), conversationId: otherConversation, expectedConversation: seen }),
    ])
    expect(batched.status === 'rejected' && batched.reason).toBeInstanceOf(StaleConversationError)
    expect(fine.status === 'fulfilled' && fine.value.stored.message.seq).toBe(1)
    await expect(insertMessage(db, { ...stale, clientId: 'stale-2' })).rejects.toBeInstanceOf(StaleConversationError)
    expect((await findVisitor(db, companyId, visitorId))?.lastSeq).toBe(0)
    expect(await listMessages(db, companyId, visitorId)).toEqual([])
    // Ended, then read as it is: stored.
    await db.query(`UPDATE conversations SET status = 'ended' WHERE id = $1`, [conversationId])
    await expect(insertMessage(db, { ...stale, expectedConversation: { status: 'waiting', agentId: null } })).rejects.toBeInstanceOf(StaleConversationError)
    const stored = await batcher.insert({ ...stale, expectedConversation: { status: 'ended', agentId: null } })
    expect(stored.stored.message.seq).toBe(1)
    // A resend of it after a further change is answered with the stored message, not refused as stale.
    await db.query(`UPDATE conversations SET status = 'waiting' WHERE id = $1`, [conversationId])
    const resent = await insertMessage(db, { ...stale, expectedConversation: { status: 'ended', agentId: null } })
    expect(resent).toMatchObject({ duplicate: true, stored: { message: { id: stored.stored.message.id } } })
  })
})
