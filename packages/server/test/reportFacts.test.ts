import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Queryable } from '../src/db/Database'
import { DATABASES, startHarness, type Harness } from './harness'

/**
 * Each conversation's facts as reports counted them straight from `conversations` before migration 13,
 * written out independently of the migration: the table the database keeps must always equal this.
 */
const FROM_CONVERSATIONS = `
SELECT id AS conversation_id, company_id, created_at, group_id, agent_id,
  CASE WHEN first_response_at IS NOT NULL AND served_at IS NOT NULL AND first_response_at >= served_at THEN first_response_at - served_at END AS first_response,
  CASE WHEN served_at IS NOT NULL AND human_requested_at IS NOT NULL THEN served_at - human_requested_at END AS wait,
  CASE WHEN served_at IS NOT NULL AND status = 'ended' AND ended_at IS NOT NULL THEN ended_at - served_at END AS duration,
  CASE WHEN status = 'ended' AND message_count IS NOT NULL THEN message_count END AS message_count,
  CASE WHEN evaluation->>'score' IS NOT NULL THEN (evaluation->>'score')::int END AS score,
  served_at IS NOT NULL AS served,
  COALESCE(status = 'ended' AND human_requested_at IS NOT NULL AND served_at IS NULL AND end_reason IS DISTINCT FROM 1, false) AS missed,
  COALESCE(status = 'ended' AND human_requested_at IS NOT NULL AND served_at IS NULL AND end_reason = 1, false) AS abandoned,
  status = 'ended' AND bot_started_at IS NOT NULL AS bot_chat,
  status = 'ended' AND bot_started_at IS NOT NULL AND human_requested_at IS NULL AS bot_resolved
FROM conversations WHERE company_id = $1`

const KEPT = `
SELECT conversation_id, company_id, created_at, group_id, agent_id, first_response, wait, duration, message_count, score::int AS score,
  served, missed, abandoned, bot_chat, bot_resolved
FROM conversation_report_facts WHERE company_id = $1`

/** The facts the database keeps that differ from the conversations, both ways: empty when they agree. */
async function differences(db: Queryable, companyId: string): Promise<unknown[]> {
  return db.query(`(${KEPT} EXCEPT ${FROM_CONVERSATIONS}) UNION ALL (${FROM_CONVERSATIONS} EXCEPT ${KEPT})`, [companyId])
}

describe.each(DATABASES)('the report facts follow every change to a conversation (%s)', (database) => {
  let h: Harness
  let db: Queryable
  let groupA: string
  let groupB: string
  let agentA: string
  let agentB: string

  beforeAll(async () => {
    h = await startHarness(database)
    db = h.server.context.db
    groupA = await h.addGroup('售前')
    groupB = await h.addGroup('售后')
    agentA = (await h.addAgent({ email: `fa-${h.companyId}@example.com`, name: 'A', groupIds: [groupA] })).agentId
    agentB = (await h.addAgent({ email: `fb-${h.companyId}@example.com`, name: 'B', groupIds: [groupB] })).agentId
  })
  afterAll(() => h?.close())

  const open = async (id: string, fields: { bot?: boolean; humanRequested?: number; served?: number; agentId?: string; groupId?: string } = {}) => {
    await db.query('INSERT INTO visitors (id, company_id, first_seen_at, last_seen_at) VALUES ($1, $2, 0, 0) ON CONFLICT DO NOTHING', [`v_${id}`, h.companyId])
    await db.query(
      `INSERT INTO conversations (id, company_id, visitor_id, status, agent_id, group_id, last_visitor_activity_at, created_at, bot_started_at, human_requested_at, served_at, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1000, 1000, $7, $8, $9, 1000)`,
      [id, h.companyId, `v_${id}`, fields.served ? 'chatting' : fields.bot ? 'bot' : 'waiting', fields.agentId ?? null, fields.groupId ?? null, fields.bot ? 1000 : null, fields.humanRequested ?? null, fields.served ?? null],
    )
  }
  const message = async (id: string, seq: number, sender: string, at: number, typed = false) =>
    db.query(
      `INSERT INTO messages (id, company_id, visitor_id, conversation_id, seq, client_id, sender, visibility, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'both', '{}', $8)`,
      [`m_${id}_${seq}`, h.companyId, `v_${id}`, id, seq, typed ? `cid${seq}` : null, sender, at],
    )
  const facts = async (id: string) => {
    const [row] = await db.query<Record<string, unknown>>(`${KEPT} AND conversation_id = $2`, [h.companyId, id])
    return row && Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) && k !== 'conversation_id' ? Number(v) : v]))
  }

  it('from the moment a chat opens, through its handoff, transfer, end and later rating', async () => {
    await open('f1', { bot: true })
    expect(await facts('f1')).toMatchObject({ served: false, bot_chat: false, wait: null, group_id: null })
    await db.query(`UPDATE conversations SET status = 'waiting', human_requested_at = 2000, group_id = $2 WHERE id = $1`, ['f1', groupA])
    await db.query(`UPDATE conversations SET status = 'chatting', served_at = 5000, agent_id = $2 WHERE id = $1`, ['f1', agentA])
    expect(await facts('f1')).toMatchObject({ served: true, wait: 3000, agent_id: agentA, group_id: groupA, duration: null })
    await message('f1', 1, 'visitor', 5500)
    await message('f1', 2, 'agent', 7000, true)
    // Transferred to another group's agent: the chat counts for where it ended up.
    await db.query(`UPDATE conversations SET agent_id = $2, group_id = $3 WHERE id = $1`, ['f1', agentB, groupB])
    await db.query(`UPDATE conversations SET status = 'ended', end_reason = 2, ended_at = 65000 WHERE id = $1`, ['f1'])
    expect(await facts('f1')).toMatchObject({ agent_id: agentB, group_id: groupB, first_response: 2000, duration: 60000, message_count: 2, bot_chat: true, bot_resolved: false, score: null })
    // Rated after the end.
    await db.query(`UPDATE conversations SET evaluation = '{"score": 4, "phase": "ended"}' WHERE id = $1`, ['f1'])
    expect(await facts('f1')).toMatchObject({ score: 4 })
    expect(await differences(db, h.companyId)).toEqual([])
  })

  it('missed, abandoned and bot-only chats, and a rating that is not a whole number, which neither fails the write nor counts', async () => {
    await open('f2', { humanRequested: 1000 })
    await db.query(`UPDATE conversations SET status = 'ended', end_reason = 6, ended_at = 9000 WHERE id = $1`, ['f2'])
    await open('f3', { humanRequested: 1000, groupId: groupA })
    await db.query(`UPDATE conversations SET status = 'ended', end_reason = 1, ended_at = 9000 WHERE id = $1`, ['f3'])
    await open('f4', { bot: true })
    await db.query(`UPDATE conversations SET status = 'ended', end_reason = 1, ended_at = 9000, evaluation = '{"score": 4.5}' WHERE id = $1`, ['f4'])
    expect(await facts('f2')).toMatchObject({ missed: true, abandoned: false })
    expect(await facts('f3')).toMatchObject({ missed: false, abandoned: true })
    expect(await facts('f4')).toMatchObject({ bot_chat: true, bot_resolved: true, score: null, message_count: 0 })
    await db.query(`UPDATE conversations SET evaluation = NULL WHERE id = $1`, ['f4'])
    expect(await differences(db, h.companyId)).toEqual([])
  })

  it('a deleted group or agent leaves its chats without one, and a deleted chat takes its facts along', async () => {
    await open('f5', { humanRequested: 1000, served: 1500, agentId: agentA, groupId: groupA })
    await db.query('DELETE FROM groups WHERE id = $1', [groupA])
    await db.query('DELETE FROM agents WHERE id = $1', [agentA])
    expect(await facts('f5')).toMatchObject({ group_id: null, agent_id: null, served: true })
    expect(await facts('f3')).toMatchObject({ group_id: null })
    await db.query('DELETE FROM conversations WHERE id = $1', ['f5'])
    expect(await facts('f5')).toBeUndefined()
    expect(await differences(db, h.companyId)).toEqual([])
  })
})
