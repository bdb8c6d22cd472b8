import type { AgentPresence, TraceRecord } from '@kefu/core'
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

/**
 * Everything a connect reads, in one statement: a reconnect of 10,000 visitors must not cost 10,000 times
 * one query per concern. Null when the visitor does not exist (in this company).
 */
export async function readVisitorArrival(db: Queryable, companyId: string, visitorId: string, lastSeq: number): Promise<VisitorArrival | null> {
  const [row] = await db.query<{
    visitor: VisitorRow | null
    conversation: ConversationRow | null
    agents: [string, AgentPresence][]
    traces: { args: TraceRecord; created_at: number }[]
    last_at: number | null
    has_visible: boolean
  }>(
    `SELECT
       (SELECT row_to_json(v) FROM visitors v WHERE v.company_id = $1 AND v.id = $2) AS visitor,
       (SELECT row_to_json(c) FROM conversations c WHERE c.company_id = $1 AND c.visitor_id = $2
         ORDER BY c.status <> 'ended' DESC, c.created_at DESC, c.id DESC LIMIT 1) AS conversation,
       (SELECT coalesce(json_agg(json_build_array(a.id, a.presence)), '[]'::json) FROM agents a WHERE a.company_id = $1) AS agents,
       ${latestTracesJson('$4')} AS traces,
       (SELECT created_at FROM messages WHERE company_id = $1 AND visitor_id = $2 AND seq = $3 AND $3 > 0) AS last_at,
       EXISTS (SELECT 1 FROM messages WHERE company_id = $1 AND visitor_id = $2 AND visibility = 'both') AS has_visible`,
    [companyId, visitorId, lastSeq, PROFILE_TRACES],
  )
  if (!row?.visitor) return null
  return {
    visitor: toVisitor(row.visitor),
    conversation: row.conversation ? toConversation(row.conversation) : null,
    agentPresence: new Map(row.agents),
    traces: row.traces.map(toTrace),
    lastMessageAt: row.last_at === null ? undefined : Number(row.last_at),
    hasVisibleMessages: row.has_visible,
  }
}
