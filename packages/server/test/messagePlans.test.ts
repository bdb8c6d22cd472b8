import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database, Queryable } from '../src/db/Database'
import { openDatabase } from '../src/db/openDatabase'
import { createCompany } from '../src/domain/createCompany'
import { insertConversation } from '../src/store/conversationStore'
import { insertMessage, insertMessageBatch, type NewMessage } from '../src/store/messageStore'
import { insertVisitor } from '../src/store/visitorStore'
import { DATABASES, freshPostgres } from './harness'

/** Indexes the message statements may read through: unique ones, so a lookup never walks a company's rows. */
const UNIQUE_LOOKUPS = new Set(['conversations_pkey', 'visitors_pkey', 'messages_pkey', 'messages_client', 'messages_visitor_id_seq_key'])

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  Plans?: PlanNode[]
}
const scans = (node: PlanNode): PlanNode[] => [...(node['Relation Name'] ? [node] : []), ...(node.Plans ?? []).flatMap(scans)]

describe.each(DATABASES)('the message statements in a young database (%s)', (database) => {
  let db: Database
  let drop: (() => Promise<void>) | undefined
  const companyId = `plans-${database}`

  beforeAll(async () => {
    const postgres = database === 'postgres' ? await freshPostgres() : undefined
    drop = postgres?.drop
    db = await openDatabase(postgres ? { databaseUrl: postgres.url } : {})
    await createCompany(db, { id: companyId, name: 'Plans', admin: { email: `admin@${companyId}.example`, name: 'Admin', password: 'correct horse battery' } })
    // One company with a few hundred chats and messages, and no statistics gathered yet: what a young
    // database looks like, and every PGlite database before kefu analyzed it.
    for (let i = 0; i < 300; i++) {
      await insertVisitor(db, { id: `v_plans_${i}`, companyId, entry: {} })
      await insertConversation(db, { id: `c_plans_${i}`, companyId, visitorId: `v_plans_${i}`, status: 'waiting', agentId: null, groupId: null, queueAgentId: null, routing: {}, vip: false, now: Date.now() })
      await insertMessage(db, message(i, `seed-${i}`))
    }
  }, 120_000)
  afterAll(async () => {
    await db?.close()
    await drop?.()
  })

  const message = (i: number, clientId: string): NewMessage => ({
    companyId,
    visitorId: `v_plans_${i}`,
    conversationId: `c_plans_${i}`,
    clientId,
    sender: 'visitor',
    body: { type: 'text', text: 'hello' },
    activityAt: Date.now(),
    expectedConversation: { status: 'waiting', agentId: null },
  })

  /** The plan PostgreSQL makes for the statement `store` sends, with the same parameters; nothing is stored. */
  async function planOf(store: (q: Queryable) => Promise<unknown>): Promise<PlanNode[]> {
    let sent: { sql: string; params: readonly unknown[] } | undefined
    await store({
      query: async <Row>(sql: string, params: readonly unknown[] = []) => {
        sent ??= { sql, params }
        // No rows: the store takes every message as left out, which is all a plan needs.
        return [] as Row[]
      },
    }).catch(() => {})
    const [row] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sent!.sql}`, sent!.params)
    const json = row!['QUERY PLAN']
    const [{ Plan }] = (typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: PlanNode }]
    return scans(Plan)
  }

  it.each([
    ['a batch', (q: Queryable) => insertMessageBatch(q, [message(1, 'plan-1'), message(2, 'plan-2'), message(3, 'plan-3')])],
    ['a single message', (q: Queryable) => insertMessage(q, message(4, 'plan-4'))],
  ])('%s reaches messages, conversations and visitors through unique indexes, never a company index or the whole messages table', async (_, store) => {
    const read = await planOf(store)
    expect(read.length).toBeGreaterThan(0)
    for (const scan of read) {
      const where = `${scan['Node Type']} on ${scan['Relation Name']}${scan['Index Name'] ? ` using ${scan['Index Name']}` : ''}`
      if (scan['Index Name']) expect(UNIQUE_LOOKUPS, where).toContain(scan['Index Name'])
      if (scan['Relation Name'] === 'messages') expect(scan['Node Type'], where).not.toBe('Seq Scan')
    }
  })
})
