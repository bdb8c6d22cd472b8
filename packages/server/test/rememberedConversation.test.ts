import type { AgentServerFrame } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'

type MessageFrame = Extract<AgentServerFrame, { type: 'message' }>

/**
 * The message path remembers each chat's conversation instead of reading it for every message. These tests change
 * a chat behind the server's back (as another server process of a cluster does, writing the database directly),
 * and check that the next messages still go where the chat is now: the remembered copy is only a hint.
 */
describe.each(DATABASES)('remembered conversations (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  async function setUp() {
    const companyId = `r${randomBytes(4).toString('hex')}`
    await h.addCompany(companyId, { receptionMode: 2 })
    const agent = async (name: string) => {
      const added = await h.addAgent({ email: `${name.toLowerCase()}-${companyId}@example.com`, name, companyId })
      return { ...added, desk: await h.agent(added.token) }
    }
    const amy = await agent('Amy')
    const bob = await agent('Bob')
    const visitor = h.visitor({ companyId })
    visitor.connect()
    await visitor.requestChat({ mode: 2, agentId: amy.agentId, agentModeFlag: 1 })
    const conversationId = visitor.getSnapshot().staff!.recordId
    const db = h.server.context.db
    return { companyId, amy, bob, visitor, conversationId, db }
  }

  const textsTo = (desk: AgentTestClient, conversationId: string) =>
    desk.frames
      .filter((f): f is MessageFrame => f.type === 'message' && f.conversationId === conversationId && f.message.sender === 'visitor')
      .map((f) => (f.message.body.type === 'text' ? f.message.body.text : ''))

  it('a chat transferred by another process: the visitor’s next message reaches the new agent, who may answer; the old one may not', async () => {
    const { amy, bob, visitor, conversationId, db } = await setUp()
    await visitor.send('first, to Amy')
    await eventually(() => expect(textsTo(amy.desk, conversationId)).toEqual(['first, to Amy']))
    await amy.desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'Amy here' } })

    await db.query('UPDATE conversations SET agent_id = $1 WHERE id = $2', [bob.agentId, conversationId])
    await visitor.send('second, to whoever serves now')
    await eventually(() => expect(textsTo(bob.desk, conversationId)).toEqual(['second, to whoever serves now']))
    expect(textsTo(amy.desk, conversationId)).toEqual(['first, to Amy'])
    await bob.desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'Bob here' } })
    await expect(amy.desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'still me?' } })).rejects.toMatchObject({ code: 'forbidden' })
    await eventually(() => expect(visitor.getSnapshot().messages.filter((m) => m.sender === 'agent').map((m) => m.senderName)).toEqual(['Amy', 'Bob']))
  })

  it('a chat ended by another process: the visitor’s next message starts a new chat instead of joining the ended one', async () => {
    const { companyId, visitor, conversationId, db } = await setUp()
    await visitor.send('before the end')
    await db.query(`UPDATE conversations SET status = 'ended', end_reason = 6, ended_at = $1 WHERE id = $2`, [Date.now(), conversationId])
    await visitor.send('after the end')
    const rows = await db.query<{ conversation_id: string; text: string }>(
      `SELECT conversation_id, body->>'text' AS text FROM messages WHERE company_id = $1 AND sender = 'visitor' ORDER BY seq`,
      [companyId],
    )
    expect(rows[0]).toEqual({ conversation_id: conversationId, text: 'before the end' })
    expect(rows[1]!.text).toBe('after the end')
    expect(rows[1]!.conversation_id).not.toBe(conversationId)
    const [started] = await db.query<{ status: string }>('SELECT status FROM conversations WHERE id = $1', [rows[1]!.conversation_id])
    expect(started!.status).not.toBe('ended')
  })

  it('reads nothing but the store for a chat’s later messages', async () => {
    const { amy, visitor, conversationId } = await setUp()
    await visitor.send('warm up')
    await amy.desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'warm up' } })
    const db = h.server.context.db
    const query = db.query.bind(db)
    const statements: string[] = []
    db.query = ((sql: string, params?: readonly unknown[]) => (statements.push(sql), query(sql, params))) as typeof db.query
    try {
      await visitor.send('one')
      await amy.desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'two' } })
    } finally {
      db.query = query
    }
    expect(statements.filter((sql) => sql.includes('FROM conversations c') && sql.includes('unnest'))).toEqual([])
    expect(statements.filter((sql) => sql.includes('INSERT INTO messages'))).toHaveLength(2)
  })
})
