import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Queryable } from '../src/db/Database'
import { migrate } from '../src/db/migrate'
import { MIGRATIONS } from '../src/db/migrations'
import { pgliteDatabase } from '../src/db/pgliteDatabase'
import { DATABASES, startHarness, type Harness } from './harness'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- REST bodies read as JSON
type Json = any

function expectError(res: { status: number; body: Json }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) })
}

/** A moment in Shanghai (UTC+8, no daylight saving), as stored: ms since the epoch. */
const sh = (day: number, time: string) => {
  const [hh, mm, ss = '0'] = time.split(':')
  return Date.UTC(2026, 2, day, Number(hh) - 8, Number(mm), Number(ss))
}

interface Msg {
  readonly at: number
  readonly sender: 'visitor' | 'agent' | 'bot' | 'system'
  /** Typed by a person (agents' messages from the workbench carry a client id; automatic ones do not). */
  readonly typed?: boolean
  readonly note?: boolean
}

interface Chat {
  readonly id: string
  readonly created: number
  readonly bot?: boolean
  readonly humanRequested?: number
  readonly served?: number
  readonly agentId?: string
  readonly groupId?: string
  readonly messages: readonly Msg[]
  readonly end?: { readonly at: number; readonly reason: number }
  readonly score?: number
}

/**
 * Stores a chat as the server would have, moment by moment: the conversation opens, its messages are
 * written, and it ends with an UPDATE of its status — which is when the database computes its figures.
 */
async function storeChat(db: Queryable, companyId: string, chat: Chat): Promise<void> {
  const visitorId = `v_${chat.id}`
  await db.query('INSERT INTO visitors (id, company_id, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $3)', [visitorId, companyId, chat.created])
  await db.query(
    `INSERT INTO conversations (id, company_id, visitor_id, status, agent_id, group_id, last_visitor_activity_at, created_at,
                                bot_started_at, human_requested_at, served_at, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $7)`,
    [
      chat.id,
      companyId,
      visitorId,
      chat.served ? 'chatting' : chat.bot && !chat.humanRequested ? 'bot' : 'waiting',
      chat.agentId ?? null,
      chat.groupId ?? null,
      chat.created,
      chat.bot ? chat.created : null,
      chat.humanRequested ?? null,
      chat.served ?? null,
    ],
  )
  for (const [index, m] of chat.messages.entries()) {
    await db.query(
      `INSERT INTO messages (id, company_id, visitor_id, conversation_id, seq, client_id, sender, visibility, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '{"type":"text","text":"…"}', $9)`,
      [`m_${chat.id}_${index}`, companyId, visitorId, chat.id, index + 1, m.typed ? `cid-${index}` : null, m.sender, m.note ? 'agent' : 'both', m.at],
    )
  }
  if (chat.end) {
    await db.query(`UPDATE conversations SET status = 'ended', end_reason = $3, ended_at = $4, evaluation = $5::jsonb WHERE company_id = $1 AND id = $2`, [
      companyId,
      chat.id,
      chat.end.reason,
      chat.end.at,
      chat.score ? JSON.stringify({ score: chat.score, phase: 'ended' }) : null,
    ])
  }
}

/** The migration that added the report columns, whatever its number. */
const REPORTS_MIGRATION = MIGRATIONS.find((m) => m.name.startsWith('reports:'))!.id

describe('the reports migration on a database that already has chats', () => {
  it('fills in the figures of ended chats from their messages, and an agent’s chats count as served when they started', async () => {
    const db = await pgliteDatabase()
    try {
      await db.exec('CREATE TABLE schema_migrations (id int PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)')
      for (const migration of MIGRATIONS.filter((m) => m.id < REPORTS_MIGRATION)) {
        for (const statement of migration.statements) await db.query(statement)
        await db.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, 0)', [migration.id, migration.name])
      }
      await db.query(`INSERT INTO companies (id, name, sign_key, meta_key, created_at) VALUES ('old', 'Old shop', 'k', 'm', 0)`)
      await db.query(`INSERT INTO agents (id, company_id, email, name, password_hash, role, created_at) VALUES ('a1', 'old', 'a@x', 'A', 'h', 'agent', 0)`)
      await db.query(`INSERT INTO visitors (id, company_id, first_seen_at, last_seen_at) VALUES ('v1', 'old', 0, 0)`)
      await db.query(
        `INSERT INTO conversations (id, company_id, visitor_id, status, agent_id, started_at, ended_at, end_reason, last_visitor_activity_at, created_at)
         VALUES ('old_1', 'old', 'v1', 'ended', 'a1', 1000, 9000, 1, 0, 900), ('old_2', 'old', 'v1', 'ended', NULL, NULL, 3000, 6, 0, 2000)`,
      )
      const rows: [string, string | null, string, number][] = [
        ['visitor', null, 'both', 1100],
        ['agent', null, 'both', 1200], // the automatic greeting
        ['agent', 'c1', 'agent', 1300], // an internal note
        ['agent', 'c2', 'both', 1500],
        ['system', null, 'both', 9000],
      ]
      for (const [i, [sender, cid, visibility, at]] of rows.entries()) {
        await db.query(
          `INSERT INTO messages (id, company_id, visitor_id, conversation_id, seq, client_id, sender, visibility, body, created_at) VALUES ($1, 'old', 'v1', 'old_1', $2, $3, $4, $5, '{}', $6)`,
          [`m${i}`, i + 1, cid, sender, visibility, at],
        )
      }

      expect(await migrate(db)).toEqual(MIGRATIONS.filter((m) => m.id >= REPORTS_MIGRATION).map((m) => m.id))
      const figures = await db.query(
        'SELECT id, served_at, human_requested_at, first_response_at, message_count, visitor_message_count FROM conversations ORDER BY id',
      )
      expect(figures.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : k === 'id' ? v : Number(v)])))).toEqual([
        { id: 'old_1', served_at: 1000, human_requested_at: 1000, first_response_at: 1500, message_count: 3, visitor_message_count: 1 },
        { id: 'old_2', served_at: null, human_requested_at: null, first_response_at: null, message_count: 0, visitor_message_count: 0 },
      ])
      // The facts reports read (migration 13) are filled in for the chats already there.
      const facts = await db.query<Record<string, unknown>>(
        `SELECT conversation_id, first_response, wait, duration, message_count, score, served, missed, abandoned, bot_chat, agent_id
         FROM conversation_report_facts ORDER BY conversation_id`,
      )
      expect(facts).toEqual([
        { conversation_id: 'old_1', first_response: 500, wait: 0, duration: 8000, message_count: 3, score: null, served: true, missed: false, abandoned: false, bot_chat: false, agent_id: 'a1' },
        { conversation_id: 'old_2', first_response: null, wait: null, duration: null, message_count: 0, score: null, served: false, missed: false, abandoned: false, bot_chat: false, agent_id: null },
      ])
    } finally {
      await db.close()
    }
  }, 120_000) // a fresh PGlite migrated step by step, on a loaded machine
})

describe.each(DATABASES)('reports over stored chats (%s)', (database) => {
  let h: Harness
  let admin: string
  let amy: { agentId: string; token: string }
  let ben: { agentId: string; token: string }
  let presales: string
  let aftersales: string

  beforeAll(async () => {
    h = await startHarness(database)
    admin = await h.login(h.adminEmail)
    presales = await h.addGroup('售前')
    aftersales = await h.addGroup('售后')
    amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy', groupIds: [presales] })
    ben = await h.addAgent({ email: `ben-${h.companyId}@example.com`, name: 'Ben', groupIds: [aftersales] })
    const db = h.server.context.db
    const A = amy.agentId
    const B = ben.agentId
    const chats: Chat[] = [
      // Monday 2 March: two served chats.
      {
        id: 'c1', created: sh(2, '09:00'), humanRequested: sh(2, '09:00'), served: sh(2, '09:00:30'), agentId: A, groupId: presales, score: 5,
        messages: [
          { at: sh(2, '09:00:05'), sender: 'visitor' },
          { at: sh(2, '09:00:30'), sender: 'system' },
          { at: sh(2, '09:00:30'), sender: 'agent' }, // automatic greeting: not a response
          { at: sh(2, '09:01'), sender: 'agent', typed: true },
          { at: sh(2, '09:01:10'), sender: 'visitor' },
          { at: sh(2, '09:01:20'), sender: 'agent', typed: true, note: true },
        ],
        end: { at: sh(2, '09:10:30'), reason: 1 },
      },
      {
        id: 'c2', created: sh(2, '14:00'), humanRequested: sh(2, '14:00'), served: sh(2, '14:02'), agentId: B, groupId: aftersales, score: 3,
        messages: [
          { at: sh(2, '14:02:10'), sender: 'visitor' },
          { at: sh(2, '14:02:20'), sender: 'agent', typed: true },
        ],
        end: { at: sh(2, '14:20'), reason: 2 },
      },
      // Tuesday: the bot resolves one, hands one to Amy, and a visitor leaves the queue.
      { id: 'c3', created: sh(3, '10:00'), bot: true, messages: [{ at: sh(3, '10:00:10'), sender: 'visitor' }, { at: sh(3, '10:00:11'), sender: 'bot' }], end: { at: sh(3, '10:05'), reason: 1 } },
      {
        id: 'c4', created: sh(3, '11:00'), bot: true, humanRequested: sh(3, '11:01'), served: sh(3, '11:03'), agentId: A, groupId: presales, score: 4,
        messages: [
          { at: sh(3, '11:00:30'), sender: 'visitor' },
          { at: sh(3, '11:00:31'), sender: 'bot' },
          { at: sh(3, '11:04'), sender: 'agent', typed: true },
        ],
        end: { at: sh(3, '11:30'), reason: 8 },
      },
      { id: 'c5', created: sh(3, '23:30'), humanRequested: sh(3, '23:30'), groupId: presales, messages: [{ at: sh(3, '23:30:05'), sender: 'visitor' }], end: { at: sh(3, '23:32'), reason: 1 } },
      // Wednesday: a queue timeout, a handoff with nobody online, and a chat still going on.
      { id: 'c6', created: sh(4, '08:00'), humanRequested: sh(4, '08:00'), messages: [], end: { at: sh(4, '08:30'), reason: 6 } },
      {
        id: 'c7', created: sh(4, '09:00'), bot: true, humanRequested: sh(4, '09:01'),
        messages: [{ at: sh(4, '09:00:20'), sender: 'visitor' }, { at: sh(4, '09:00:21'), sender: 'bot' }],
        end: { at: sh(4, '09:01'), reason: 0 },
      },
      { id: 'c8', created: sh(4, '12:00'), humanRequested: sh(4, '12:00'), served: sh(4, '12:00:10'), agentId: A, messages: [{ at: sh(4, '12:01'), sender: 'agent', typed: true }] },
      // Thursday 00:10 in Shanghai, still Wednesday in UTC.
      { id: 'c9', created: sh(5, '00:10'), humanRequested: sh(5, '00:10'), messages: [], end: { at: sh(5, '00:40'), reason: 6 } },
      // Before the range.
      { id: 'c0', created: sh(1, '23:59'), humanRequested: sh(1, '23:59'), served: sh(1, '23:59:30'), agentId: B, messages: [], end: { at: sh(2, '00:10'), reason: 2 } },
    ]
    for (const chat of chats) await storeChat(db, h.companyId, chat)
    // Another company's chat on the same day is never counted.
    await h.addCompany(`o${h.companyId}`)
    await storeChat(db, `o${h.companyId}`, { id: 'x1', created: sh(2, '10:00'), humanRequested: sh(2, '10:00'), messages: [], end: { at: sh(2, '10:01'), reason: 1 } })
    for (const [id, created, handled, group] of [
      ['lm1', sh(2, '20:00'), sh(3, '09:00'), null],
      ['lm2', sh(3, '21:00'), null, null],
      ['lm3', sh(4, '07:00'), sh(4, '07:30'), aftersales],
    ] as const) {
      await db.query(
        `INSERT INTO leave_messages (id, company_id, visitor_id, content, group_id, created_at, handled_at) VALUES ($1, $2, 'v_c6', '有人吗？', $3, $4, $5)`,
        [id, h.companyId, group, created, handled],
      )
    }
  })
  afterAll(() => h?.close())

  const report = async (query: string, token = admin) => h.http('GET', `/api/v1/reports?${query}`, { token })
  const RANGE = 'from=2026-03-02&to=2026-03-04&timeZone=Asia/Shanghai'

  it('the overview: volume, outcomes, response and wait times, duration, messages, satisfaction', async () => {
    const res = await report(RANGE)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.range).toEqual({ from: '2026-03-02', to: '2026-03-04', timeZone: 'Asia/Shanghai', groupId: null, agentId: null })
    expect(res.body.overview).toEqual({
      conversations: 8,
      served: 4,
      missed: 2,
      abandoned: 1,
      botChats: 3,
      botResolved: 1,
      botResolutionRate: 0.3333,
      // 30 s, 20 s, 60 s: p90 interpolates between 30 s and 60 s.
      firstResponse: { p50: 30_000, p90: 54_000, avg: 36_667, count: 3 },
      wait: { p50: 75_000, p90: 120_000, avg: 70_000, count: 4 },
      duration: { p50: 1_080_000, p90: 1_512_000, avg: 1_100_000, count: 3 },
      messagesPerChat: { p50: 2, p90: 3.4, avg: 2, count: 7 },
      satisfaction: { evaluated: 3, average: 4, distribution: [0, 0, 1, 1, 1], rate: 0.75 },
    })
  })

  it('per day and per hour in the report’s time zone, days without chats included', async () => {
    const { daily, hourly } = (await report(RANGE)).body
    expect(daily).toEqual([
      { date: '2026-03-02', conversations: 2, served: 2, missed: 0, abandoned: 0, botResolved: 0 },
      { date: '2026-03-03', conversations: 3, served: 1, missed: 0, abandoned: 1, botResolved: 1 },
      { date: '2026-03-04', conversations: 3, served: 1, missed: 2, abandoned: 0, botResolved: 0 },
    ])
    expect(hourly).toHaveLength(24)
    expect(hourly.filter((h: Json) => h.conversations).map((h: Json) => [h.hour, h.conversations])).toEqual([
      [8, 1],
      [9, 2],
      [10, 1],
      [11, 1],
      [12, 1],
      [14, 1],
      [23, 1],
    ])
    // The same dates in UTC take in c9 (Thursday 00:10 in Shanghai) and move c5 and c6 a day.
    const utc = (await report('from=2026-03-02&to=2026-03-04&timeZone=UTC')).body
    expect(utc.overview.conversations).toBe(9)
    expect(utc.daily.map((d: Json) => d.conversations)).toEqual([2, 3, 4])
    expect(utc.hourly.find((h: Json) => h.hour === 1).conversations).toBe(2) // c1 and c7, 09:00 in Shanghai
    // Without a time zone, the company's working-hours zone (Asia/Shanghai by default).
    expect((await report('from=2026-03-02&to=2026-03-04')).body.range.timeZone).toBe('Asia/Shanghai')
    const week = (await report('from=2026-02-28&to=2026-03-06&timeZone=Asia/Shanghai')).body.daily
    expect(week.map((d: Json) => d.date)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'])
    expect(week.map((d: Json) => d.conversations)).toEqual([0, 1, 2, 3, 3, 1, 0])
  })

  it('per agent and per group', async () => {
    const { agents, groups } = (await report(RANGE)).body
    expect(agents).toEqual([
      { agentId: amy.agentId, name: 'Amy', served: 3, firstResponseAvg: 45_000, firstResponseP50: 45_000, durationAvg: 1_110_000, messagesAvg: 3.5, evaluated: 2, satisfactionAvg: 4.5 },
      { agentId: ben.agentId, name: 'Ben', served: 1, firstResponseAvg: 20_000, firstResponseP50: 20_000, durationAvg: 1_080_000, messagesAvg: 2, evaluated: 1, satisfactionAvg: 3 },
      { agentId: expect.any(String), name: 'Admin', served: 0, firstResponseAvg: null, firstResponseP50: null, durationAvg: null, messagesAvg: null, evaluated: 0, satisfactionAvg: null },
    ])
    expect(groups).toEqual([
      { groupId: null, name: null, conversations: 4, served: 1, missed: 2, abandoned: 0, waitP50: 10_000, waitP90: 10_000, satisfactionAvg: null },
      { groupId: presales, name: '售前', conversations: 3, served: 2, missed: 0, abandoned: 1, waitP50: 75_000, waitP90: 111_000, satisfactionAvg: 4.5 },
      { groupId: aftersales, name: '售后', conversations: 1, served: 1, missed: 0, abandoned: 0, waitP50: 120_000, waitP90: 120_000, satisfactionAvg: 3 },
    ])
  })

  it('offline messages: received, handled and how fast', async () => {
    expect((await report(RANGE)).body.offline).toEqual({
      received: 3,
      handled: 2,
      handling: { p50: 24_300_000, p90: 42_300_000, avg: 24_300_000, count: 2 },
      daily: [
        { date: '2026-03-02', received: 1, handled: 1 },
        { date: '2026-03-03', received: 1, handled: 0 },
        { date: '2026-03-04', received: 1, handled: 1 },
      ],
    })
  })

  it('filtered to one agent or one group', async () => {
    const mine = (await report(`${RANGE}&agentId=${amy.agentId}`)).body
    expect(mine.range.agentId).toBe(amy.agentId)
    expect(mine.overview).toMatchObject({ conversations: 3, served: 3, missed: 0, abandoned: 0, wait: { p50: 30_000, count: 3 } })
    expect(mine.agents.map((a: Json) => a.name)).toEqual(['Amy'])
    expect(mine.daily.map((d: Json) => d.served)).toEqual([1, 1, 1])

    const group = (await report(`${RANGE}&groupId=${presales}`)).body
    expect(group.overview).toMatchObject({ conversations: 3, served: 2, abandoned: 1, satisfaction: { evaluated: 2, average: 4.5 } })
    expect(group.groups.map((g: Json) => g.name)).toEqual(['售前'])
    expect(group.agents.map((a: Json) => a.name)).toEqual(['Amy'])
    // Leave messages follow the group filter.
    expect((await report(`${RANGE}&groupId=${aftersales}`)).body.offline).toMatchObject({ received: 1, handled: 1 })
  })

  it('a range, zone or filter that cannot be reported gets a 400 that says why', async () => {
    for (const [query, path] of [
      ['from=2026-03-04&to=2026-03-02', 'to'],
      ['from=2026-03-02', 'to'],
      ['from=2026-02-30&to=2026-03-02', 'from'],
      ['from=2025-01-01&to=2026-03-02', 'to'],
      ['from=2026-03-02&to=2026-03-04&timeZone=Mars/Base', 'timeZone'],
      ['from=2026-03-02&to=2026-03-04&agentId=a;drop', 'agentId'],
    ]) {
      const res = await report(query!)
      expectError(res, 400, 'invalid_argument')
      expect(res.body.error.issues.map((i: Json) => i.path), query).toContain(path)
    }
  })

  it('needs an admin: agents get 403, and the live view too', async () => {
    expectError(await report(RANGE, amy.token), 403, 'forbidden')
    expectError(await h.http('GET', '/api/v1/reports/live', { token: amy.token }), 403, 'forbidden')
    expectError(await h.http('GET', `/api/v1/reports?${RANGE}`), 401, 'unauthorized')
  })

  it('the live view: agents with their presence and chats, chats with the bot, the queue', async () => {
    const desk = await h.agent(amy.token)
    try {
      const live = (await h.http('GET', '/api/v1/reports/live', { token: admin })).body
      expect(live.chatting).toBe(1) // c8
      expect(live.bot).toBe(0)
      expect(live.queue).toBe(0)
      expect(live.longestWaitSince).toBeNull()
      expect(live.agents).toEqual(
        expect.arrayContaining([
          { agentId: amy.agentId, name: 'Amy', presence: 'online', chats: 1, capacity: 3 },
          { agentId: ben.agentId, name: 'Ben', presence: 'offline', chats: 0, capacity: 3 },
        ]),
      )
      await storeChat(h.server.context.db, h.companyId, { id: `q${randomBytes(3).toString('hex')}`, created: Date.now() - 60_000, humanRequested: Date.now() - 60_000, messages: [] })
      const after = (await h.http('GET', '/api/v1/reports/live', { token: admin })).body
      expect(after.queue).toBe(1)
      expect(after.longestWaitSince).toBeGreaterThan(Date.now() - 120_000)
    } finally {
      desk.close()
    }
  })
})
