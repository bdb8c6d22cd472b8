import type { AgentPresence, EntryData, TraceRecord } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { toConversation, type ConversationRow, type ConversationRecord } from './conversationStore'
import { latestTracesJson, toTrace, toVisitor, type VisitorRecord, type VisitorRow } from './visitorStore'

/** What a visitor connection needs to be welcomed, as stored when it arrives. */
export interface VisitorArrival {
  readonly visitor: VisitorRecord
  /** The open conversation if there is one, else the latest (ended) one. */
  readonly conversation: ConversationRecord | null
  /** Each agent's chosen presence, by id (who is online also needs their connections: Presence). */
  readonly agentPresence: ReadonlyMap<string, AgentPresence>
  /** The latest traces, newest first: what agents see of the visitor (`VisitorProfile.trace`). */
  readonly traces: readonly TraceRecord[]
  /** When the message the client holds last (`lastSeq`) was stored; undefined when there is none. */
  readonly lastMessageAt: number | undefined
  /** Whether the visitor has any message it may see (a first connection's page is empty otherwise). */
  readonly hasVisibleMessages: boolean
}

/** Traces a visitor profile carries. */
export const PROFILE_TRACES = 20

/** A connection's ask for its visitor's arrival: it holds the messages up to `lastSeq`. */
export interface ArrivalAsk {
  readonly companyId: string
  readonly visitorId: string
  readonly lastSeq: number
}

/** A visitor to store as it first connects. */
export interface NewVisitor {
  readonly id: string
  readonly companyId: string
  readonly entry: EntryData
  readonly userAgent?: string
}

type TraceRow = { args: TraceRecord; created_at: number }

/** Each agent's chosen presence in the companies the visitors of one statement belong to (`[company, agent, presence]` rows). */
const agentPresenceJson = (companies: string) =>
  `(SELECT coalesce(json_agg(json_build_array(a.company_id, a.id, a.presence)), '[]'::json) FROM agents a WHERE a.company_id IN (${companies}))`

function presenceByCompany(rows: [string, string, AgentPresence][]): Map<string, Map<string, AgentPresence>> {
  const byCompany = new Map<string, Map<string, AgentPresence>>()
  for (const [companyId, agentId, presence] of rows) {
    let agents = byCompany.get(companyId)
    if (!agents) byCompany.set(companyId, (agents = new Map()))
    agents.set(agentId, presence)
  }
  return byCompany
}

const NO_AGENTS: ReadonlyMap<string, AgentPresence> = new Map()

/**
 * Everything the connects of `asks` read, in one statement: a reconnect of 10,000 visitors must not cost
 * 10,000 times one query per concern, nor one query per visitor. Answers in the order asked; null for a
 * visitor that does not exist (in that company).
 */
export async function readVisitorArrivals(db: Queryable, asks: readonly ArrivalAsk[]): Promise<(VisitorArrival | null)[]> {
  const [row] = await db.query<{
    arrivals: { i: number; visitor: VisitorRow; conversation: ConversationRow | null; traces: TraceRow[]; last_at: number | null; has_visible: boolean }[]
    agents: [string, string, AgentPresence][]
  }>(
    `WITH k AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS k(company_id, visitor_id, last_seq, i))
     SELECT
       (SELECT coalesce(json_agg(json_build_object(
          'i', k.i,
          'visitor', row_to_json(v),
          'conversation', (SELECT row_to_json(c) FROM conversations c WHERE c.company_id = k.company_id AND c.visitor_id = k.visitor_id
                           ORDER BY c.status <> 'ended' DESC, c.created_at DESC, c.id DESC LIMIT 1),
          'traces', ${latestTracesJson('$4', 'k.company_id', 'k.visitor_id')},
          'last_at', (SELECT m.created_at FROM messages m WHERE m.company_id = k.company_id AND m.visitor_id = k.visitor_id AND m.seq = k.last_seq AND k.last_seq > 0),
          'has_visible', EXISTS (SELECT 1 FROM messages m WHERE m.company_id = k.company_id AND m.visitor_id = k.visitor_id AND m.visibility = 'both')
        )), '[]'::json)
        FROM k JOIN visitors v ON v.company_id = k.company_id AND v.id = k.visitor_id) AS arrivals,
       ${agentPresenceJson('SELECT company_id FROM k')} AS agents`,
    [asks.map((a) => a.companyId), asks.map((a) => a.visitorId), asks.map((a) => a.lastSeq), PROFILE_TRACES],
    { name: 'kefu.readVisitorArrivals' },
  )
  const agents = presenceByCompany(row!.agents)
  const answers: (VisitorArrival | null)[] = asks.map(() => null)
  for (const a of row!.arrivals) {
    const visitor = toVisitor(a.visitor)
    answers[a.i - 1] = {
      visitor,
      conversation: a.conversation ? toConversation(a.conversation) : null,
      agentPresence: agents.get(visitor.companyId) ?? NO_AGENTS,
      traces: a.traces.map(toTrace),
      lastMessageAt: a.last_at === null ? undefined : Number(a.last_at),
      hasVisibleMessages: a.has_visible,
    }
  }
  return answers
}

/**
 * Stores `visitors` (each numbered after its company's last one: 访客 1, 访客 2, …) and reads what their
 * welcomes need, in one statement: a new visitor has no conversation, trace or message yet. Answers in the
 * order given; null for a visitor whose company is gone.
 */
export async function insertVisitorArrivals(db: Queryable, visitors: readonly NewVisitor[]): Promise<(VisitorArrival | null)[]> {
  const [row] = await db.query<{ visitors: VisitorRow[]; agents: [string, string, AgentPresence][] }>(
    `WITH k AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS k(id, company_id, entry, user_agent, i)),
     counts AS (SELECT company_id, count(*)::int AS n FROM k GROUP BY company_id),
     counter AS (UPDATE companies c SET visitor_count = c.visitor_count + counts.n FROM counts WHERE c.id = counts.company_id
                 RETURNING c.id, c.visitor_count - counts.n AS before),
     inserted AS (INSERT INTO visitors (id, company_id, entry, first_seen_at, last_seen_at, short_no, user_agent)
                  SELECT k.id, k.company_id, k.entry::jsonb, $5, $5, counter.before + row_number() OVER (PARTITION BY k.company_id ORDER BY k.i), k.user_agent
                  FROM k JOIN counter ON counter.id = k.company_id RETURNING *)
     SELECT (SELECT coalesce(json_agg(row_to_json(inserted)), '[]'::json) FROM inserted) AS visitors,
            ${agentPresenceJson('SELECT id FROM counter')} AS agents`,
    [visitors.map((v) => v.id), visitors.map((v) => v.companyId), visitors.map((v) => JSON.stringify(v.entry)), visitors.map((v) => v.userAgent ?? null), Date.now()],
    { name: 'kefu.insertVisitorArrivals' },
  )
  const agents = presenceByCompany(row!.agents)
  const inserted = new Map(row!.visitors.map((v) => [v.id, toVisitor(v)]))
  return visitors.map((v) => {
    const visitor = inserted.get(v.id)
    if (!visitor) return null
    return { visitor, conversation: null, agentPresence: agents.get(v.companyId) ?? NO_AGENTS, traces: [], lastMessageAt: undefined, hasVisibleMessages: false }
  })
}
