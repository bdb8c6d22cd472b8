import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Queryable } from '../src/db/Database'
import { DATABASES, startHarness, type Harness } from './harness'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- REST bodies read as JSON
type Json = any

function expectError(res: { status: number; body: Json }, status: number, code: string, mentioning?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) })
  if (mentioning) expect(res.body.error.message).toContain(mentioning)
}

interface Seed {
  readonly id: string
  readonly visitorId: string
  readonly created: number
  readonly status?: 'ended' | 'chatting'
  readonly messages: readonly (readonly [sender: 'visitor' | 'agent' | 'system', text: string, visibility?: 'agent'])[]
}

async function addVisitor(db: Queryable, companyId: string, id: string, crm: object, partnerid: string | null = null) {
  await db.query('INSERT INTO visitors (id, company_id, partnerid, crm, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4::jsonb, 0, 0)', [
    id,
    companyId,
    partnerid,
    JSON.stringify(crm),
  ])
}

/** A conversation as the server stores one, with its text messages in order (sequence numbers per visitor). */
async function addConversation(db: Queryable, companyId: string, c: Seed) {
  const status = c.status ?? 'ended'
  await db.query(
    `INSERT INTO conversations (id, company_id, visitor_id, status, started_at, ended_at, last_visitor_activity_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $5, $5)`,
    [c.id, companyId, c.visitorId, status, c.created, status === 'ended' ? c.created + 60_000 : null],
  )
  for (const [i, [sender, text, visibility]] of c.messages.entries()) {
    await db.query(
      `INSERT INTO messages (id, company_id, visitor_id, conversation_id, seq, sender, visibility, body, created_at)
       VALUES ($1, $2, $3, $4, (SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE visitor_id = $3), $5, $6, $7::jsonb, $8)`,
      [`m_${c.id}_${i}`, companyId, c.visitorId, c.id, sender, visibility ?? 'both', JSON.stringify({ type: sender === 'system' ? 'notice' : 'text', text }), c.created + i],
    )
  }
}

const TIE_A = `${'x'.repeat(64)}_9007199254740990`
const TIE_B = `${'x'.repeat(64)}_9007199254740991`

describe.each(DATABASES)('history search (%s)', (database) => {
  let h: Harness
  let agent: string
  let other: string
  const search = (params: Record<string, string>, token = agent) => h.http('GET', `/api/v1/search/conversations?${new URLSearchParams(params)}`, { token })
  const ids = (res: { body: Json }) => res.body.hits.map((hit: Json) => hit.conversation.conversationId)

  beforeAll(async () => {
    h = await startHarness(database)
    agent = (await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })).token
    const db = h.server.context.db
    const A = h.companyId
    await addVisitor(db, A, 'v_wang', { realname: '王小明', tel: '138 0013 8000', email: 'XiaoMing@example.com' }, 'member-1001')
    await addVisitor(db, A, 'v_lucy', { uname: 'Lucy' })
    await addVisitor(db, A, 'v_many', {})
    await addConversation(db, A, {
      id: 'k1',
      visitorId: 'v_wang',
      created: 1_000,
      messages: [
        ['visitor', '你好，我想申请退款'],
        ['agent', '好的，请提供订单号'],
        ['agent', '内部备注：老客户', 'agent'],
        ['system', '会话已结束'],
      ],
    })
    await addConversation(db, A, { id: 'k2', visitorId: 'v_lucy', created: 2_000, messages: [['visitor', 'Where is my ORDER?']] })
    await addConversation(db, A, { id: 'k3', visitorId: 'v_lucy', created: 3_000, status: 'chatting', messages: [['visitor', 'a refund of 100% please']] })
    // 25 chats that all mention 发票, the last with five such messages.
    for (let n = 0; n < 25; n++) {
      await addConversation(db, A, {
        id: `p${String(n).padStart(2, '0')}`,
        visitorId: 'v_many',
        created: 10_000 + n * 1_000,
        messages: n === 24 ? [1, 2, 3, 4, 5].map((i) => ['visitor', `发票 ${i}`] as const) : [['visitor', `要开发票 ${n}`]],
      })
    }
    // Two chats created at the same moment: the id breaks the tie, and paging keeps both. Their ids are as
    // long as a conversation id gets (a 64-character company id and a number).
    await addConversation(db, A, { id: TIE_A, visitorId: 'v_many', created: 50_000, messages: [['visitor', '同时 A']] })
    await addConversation(db, A, { id: TIE_B, visitorId: 'v_many', created: 50_000, messages: [['visitor', '同时 B']] })

    // Another company with the same name and words.
    const B = `o${h.companyId}`
    other = (await h.addCompany(B)).adminToken
    await addVisitor(db, B, 'v_other', { realname: '王小明' }, 'member-1001')
    await addConversation(db, B, { id: 'x1', visitorId: 'v_other', created: 5_000, messages: [['visitor', '退款']] })
  }, 60_000)
  afterAll(() => h?.close())

  it('finds a conversation by the visitor’s real name, with the visitor and no message matches', async () => {
    const res = await search({ q: '王小明' })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(ids(res)).toEqual(['k1'])
    const [hit] = res.body.hits
    expect(hit.conversation).toMatchObject({ conversationId: 'k1', visitorId: 'v_wang', status: 'ended', endedAt: 61_000 })
    expect(hit.visitor).toMatchObject({ visitorId: 'v_wang', partnerid: 'member-1001', crm: { realname: '王小明' } })
    expect(hit.matches).toEqual([])
    expect(res.body.next).toBeNull()
  })

  it('finds by nickname case-insensitively, ended and open chats, newest first', async () => {
    expect(ids(await search({ q: 'lUCY' }))).toEqual(['k3', 'k2'])
  })

  it('finds by part of the phone, the e-mail in any case, and the member id', async () => {
    expect(ids(await search({ q: '0013' }))).toEqual(['k1'])
    expect(ids(await search({ q: 'xiaoming@EXAMPLE' }))).toEqual(['k1'])
    expect(ids(await search({ q: 'member-10' }))).toEqual(['k1'])
  })

  it('finds by Chinese text inside a message and shows the matching messages', async () => {
    const res = await search({ q: '退款' })
    expect(ids(res)).toEqual(['k1'])
    expect(res.body.hits[0].matches).toEqual([{ id: 'm_k1_0', seq: 1, sender: 'visitor', text: '你好，我想申请退款', createdAt: 1_000 }])
    // Agents' internal notes are searchable by agents; notices are not text messages.
    expect(ids(await search({ q: '老客户' }))).toEqual(['k1'])
    expect(ids(await search({ q: '会话已结束' }))).toEqual([])
    expect(ids(await search({ q: 'order' }))).toEqual(['k2'])
  })

  it('takes %, _ and \\ literally', async () => {
    expect(ids(await search({ q: '100%' }))).toEqual(['k3'])
    expect(ids(await search({ q: '%' }))).toEqual(['k3'])
    expect(ids(await search({ q: '_' }))).toEqual([])
    expect(ids(await search({ q: '\\' }))).toEqual([])
  })

  it('at most three matching messages per hit, newest first', async () => {
    const [hit] = (await search({ q: '发票', limit: '1' })).body.hits
    expect(hit.conversation.conversationId).toBe('p24')
    expect(hit.matches.map((m: Json) => m.text)).toEqual(['发票 5', '发票 4', '发票 3'])
  })

  it('pages with a string cursor until the end, each conversation once, newest first', async () => {
    const seen: string[] = []
    const cursors: string[] = []
    let before: string | undefined
    for (let page = 0; page < 10; page++) {
      const res = await search({ q: '发票', limit: '10', ...(before ? { before } : {}) })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      seen.push(...ids(res))
      if (res.body.next === null) break
      expect(typeof res.body.next).toBe('string')
      cursors.push(res.body.next)
      before = res.body.next
    }
    expect(cursors).toHaveLength(2)
    expect(seen).toEqual(Array.from({ length: 25 }, (_, n) => `p${String(24 - n).padStart(2, '0')}`))
    // Ties on the creation time are broken by id, and a page boundary between them loses neither.
    const first = await search({ q: '同时', limit: '1' })
    expect(ids(first)).toEqual([TIE_B])
    const second = await search({ q: '同时', limit: '1', before: first.body.next })
    expect(ids(second)).toEqual([TIE_A])
    expect((await h.http('GET', `/api/v1/conversations/${TIE_A}/messages`, { token: agent })).body.map((m: Json) => m.body.text)).toEqual(['同时 A'])
    expect(second.body.next).toBeNull()
  })

  it('never shows another company’s conversations', async () => {
    expect(ids(await search({ q: '王小明' }, other))).toEqual(['x1'])
    expect(ids(await search({ q: 'member-1001' }, other))).toEqual(['x1'])
    expect(ids(await search({ q: '发票' }, other))).toEqual([])
  })

  it('opens a thread: the conversation’s messages in order, agent-only notes included', async () => {
    const res = await h.http('GET', '/api/v1/conversations/k1/messages', { token: agent })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.map((m: Json) => [m.seq, m.sender, m.body.text, m.visibility, m.conversationId])).toEqual([
      [1, 'visitor', '你好，我想申请退款', 'both', 'k1'],
      [2, 'agent', '好的，请提供订单号', 'both', 'k1'],
      [3, 'agent', '内部备注：老客户', 'agent', 'k1'],
      [4, 'system', '会话已结束', 'both', 'k1'],
    ])
    // Only this conversation's messages, though the visitor had others.
    const lucy = await h.http('GET', '/api/v1/conversations/k2/messages', { token: agent })
    expect(lucy.body.map((m: Json) => m.body.text)).toEqual(['Where is my ORDER?'])
    const page = await h.http('GET', '/api/v1/conversations/k1/messages?afterSeq=2&limit=1', { token: agent })
    expect(page.body.map((m: Json) => m.seq)).toEqual([3])
  })

  it('another company’s conversation, or none, is not found', async () => {
    expectError(await h.http('GET', '/api/v1/conversations/x1/messages', { token: agent }), 404, 'not_found', 'no such conversation')
    expectError(await h.http('GET', '/api/v1/conversations/k1/messages', { token: other }), 404, 'not_found', 'no such conversation')
    expectError(await h.http('GET', '/api/v1/conversations/nope/messages', { token: agent }), 404, 'not_found')
    expectError(await h.http('GET', '/api/v1/conversations/bad%20id/messages', { token: agent }), 400, 'invalid_argument', 'conversationId')
    expectError(await h.http('GET', '/api/v1/conversations/k1/messages?limit=0', { token: agent }), 400, 'invalid_argument', 'limit')
  })

  it('refuses bad input with a 400 that says what is wrong', async () => {
    expectError(await h.http('GET', '/api/v1/search/conversations', { token: agent }), 400, 'invalid_argument', 'q')
    expectError(await search({ q: '   ' }), 400, 'invalid_argument', 'q: type something to search for')
    expectError(await search({ q: 'x'.repeat(201) }), 400, 'invalid_argument', 'q: at most 200 characters')
    expect((await search({ q: 'x'.repeat(200) })).status).toBe(200)
    for (const limit of ['0', '51', '1.5', 'ten']) expectError(await search({ q: 'a', limit }), 400, 'invalid_argument', 'limit')
    for (const before of ['not a cursor!', 'eA', Buffer.from('12:k1').toString('base64'), Buffer.from('-1:k1').toString('base64url'), 'x'.repeat(300)]) {
      expectError(await search({ q: 'a', before }), 400, 'invalid_argument', 'before')
    }
    expectError(await search({ q: 'a\u0000b' }), 400, 'invalid_argument', 'NUL')
    expectError(await h.http('GET', '/api/v1/search/conversations?q=a&q=b', { token: agent }), 400, 'invalid_argument', 'q')
  })

  it('needs a signed-in agent', async () => {
    expectError(await h.http('GET', '/api/v1/search/conversations?q=a'), 401, 'unauthorized')
    expectError(await h.http('GET', '/api/v1/conversations/k1/messages'), 401, 'unauthorized')
  })
})
