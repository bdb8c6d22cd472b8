import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/Database'
import { openDatabase } from '../src/db/openDatabase'
import { createCompany } from '../src/domain/createCompany'
import { newId } from '../src/domain/ids'
import { ConversationLookup } from '../src/store/ConversationLookup'
import { insertConversation, updateConversation } from '../src/store/conversationStore'
import { insertVisitor } from '../src/store/visitorStore'
import { DATABASES, freshPostgres } from './harness'

describe.each(DATABASES)('conversation lookups of the message path (%s)', (database) => {
  let db: Database
  let statements = 0
  let drop: (() => Promise<void>) | undefined
  const companyId = `lookup-${database}`

  beforeAll(async () => {
    const postgres = database === 'postgres' ? await freshPostgres() : undefined
    drop = postgres?.drop
    const opened = await openDatabase(postgres ? { databaseUrl: postgres.url } : {})
    db = {
      ...opened,
      query: (sql, params) => {
        statements++
        return opened.query(sql, params)
      },
    }
    await createCompany(opened, { id: companyId, name: 'Lookup', admin: { email: `admin@${companyId}.example`, name: 'Admin', password: 'correct horse battery' } })
  })
  afterAll(async () => {
    await db?.close()
    await drop?.()
  })

  async function visitorWithChat(open: boolean) {
    const visitorId = newId('v')
    await insertVisitor(db, { id: visitorId, companyId, entry: {} })
    const conversationId = newId('c')
    await insertConversation(db, { id: conversationId, companyId, visitorId, status: 'chatting', agentId: null, groupId: null, queueAgentId: null, routing: {}, vip: false, now: Date.now() })
    if (!open) await updateConversation(db, companyId, conversationId, { status: 'ended', endedAt: Date.now() })
    return { visitorId, conversationId }
  }

  it('answers the asks of one turn with one query each, every caller its own conversation', async () => {
    const lookup = new ConversationLookup(db)
    const chats = await Promise.all([visitorWithChat(true), visitorWithChat(true), visitorWithChat(false)])
    const before = statements
    const [open, byId] = await Promise.all([
      Promise.all([...chats.map((c) => lookup.open(companyId, c.visitorId)), lookup.open(companyId, chats[0]!.visitorId), lookup.open('other-company', chats[1]!.visitorId)]),
      Promise.all([...chats.map((c) => lookup.byId(companyId, c.conversationId)), lookup.byId(companyId, 'no-such-conversation')]),
    ])
    expect(statements - before).toBe(2)
    expect(open.map((c) => c?.conversationId ?? null)).toEqual([chats[0]!.conversationId, chats[1]!.conversationId, null, chats[0]!.conversationId, null])
    expect(byId.map((c) => c?.status ?? null)).toEqual(['chatting', 'chatting', 'ended', null])
  })

  it('remembers what it read, so a chat\'s later asks read nothing; `fresh` reads the change', async () => {
    const lookup = new ConversationLookup(db)
    const { visitorId, conversationId } = await visitorWithChat(true)
    expect((await lookup.open(companyId, visitorId))?.conversationId).toBe(conversationId)
    await updateConversation(db, companyId, conversationId, { status: 'ended', endedAt: Date.now() })
    const before = statements
    // A hint: the message store checks it under the row lock (see messageStore's expectedConversation).
    expect((await lookup.open(companyId, visitorId))?.status).toBe('chatting')
    expect((await lookup.byId(companyId, conversationId))?.status).toBe('chatting')
    expect(statements - before).toBe(0)
    expect(await lookup.open(companyId, visitorId, { fresh: true })).toBeNull()
    expect((await lookup.byId(companyId, conversationId, { fresh: true }))?.status).toBe('ended')
    // No open chat is not remembered: the next ask reads again.
    expect(await lookup.open(companyId, visitorId)).toBeNull()
    expect(statements - before).toBe(3)
  })

  it('forgets a visitor\'s open chat once told it ended: the next ask reads', async () => {
    const lookup = new ConversationLookup(db)
    const { visitorId, conversationId } = await visitorWithChat(true)
    const open = (await lookup.open(companyId, visitorId))!
    await updateConversation(db, companyId, conversationId, { status: 'ended', endedAt: Date.now() })
    lookup.remember({ ...open, status: 'ended' })
    const before = statements
    expect(await lookup.open(companyId, visitorId)).toBeNull()
    expect(statements - before).toBe(1)
    expect((await lookup.byId(companyId, conversationId))?.status).toBe('ended')
    expect(statements - before).toBe(1)
  })
})
