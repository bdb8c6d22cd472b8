import type { MessageSender } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { toConversation, type ConversationRecord, type ConversationRow } from './conversationStore'

/** Where a page of results ends: the last conversation's creation time and id (the sort order's keyset). */
export interface SearchCursor {
  readonly createdAt: number
  readonly id: string
}

/** A message of the conversation that holds the query. */
export interface SearchMatch {
  readonly id: string
  readonly seq: number
  readonly sender: MessageSender
  readonly text: string
  readonly createdAt: number
}

export interface SearchResult {
  readonly hits: readonly { readonly conversation: ConversationRecord; readonly matches: readonly SearchMatch[] }[]
  readonly next: SearchCursor | null
}

/** Matching messages shown with each hit, newest first. */
const MATCHES_PER_HIT = 3

/** `%`, `_` and `\` in what the agent typed match themselves, not any character. */
const containing = (query: string) => `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * A company's conversations, newest first, whose visitor's name (real name or nickname), phone, e-mail or
 * member id, or one of whose text messages, contains `query` (case-insensitive), a page after `before`.
 *
 * Substring matching with ILIKE rather than PostgreSQL full-text search: the `simple` and `english`
 * configurations (the ones PGlite has too) take a run of Chinese characters as one word, so 退款 would not
 * find 我想申请退款, and a phone or member id is searched by part as often as whole. No B-tree serves a
 * `%…%` pattern, so a search reads the company's text messages once (PostgreSQL hashes the conversations
 * that match); `conversations_company_recent` serves the order and the cursor. A trigram index (pg_trgm)
 * would be the next step for very large histories, but PGlite only has it as an extension to load.
 */
export async function searchHistory(
  db: Queryable,
  companyId: string,
  options: { query: string; before?: SearchCursor; limit: number },
): Promise<SearchResult> {
  const params: unknown[] = [companyId, containing(options.query)]
  let after = ''
  if (options.before) {
    params.push(options.before.createdAt, options.before.id)
    after = `AND (c.created_at, c.id) < ($3::bigint, $4::text)`
  }
  params.push(options.limit + 1)
  const rows = await db.query<ConversationRow>(
    `SELECT c.* FROM conversations c
     JOIN visitors v ON v.id = c.visitor_id AND v.company_id = c.company_id
     WHERE c.company_id = $1 ${after}
       AND (v.crm->>'realname' ILIKE $2 OR v.crm->>'uname' ILIKE $2 OR v.crm->>'tel' ILIKE $2 OR v.crm->>'email' ILIKE $2
            OR v.partnerid ILIKE $2
            OR EXISTS (SELECT 1 FROM messages m
                       WHERE m.conversation_id = c.id AND m.company_id = $1 AND m.body->>'type' = 'text' AND m.body->>'text' ILIKE $2))
     ORDER BY c.created_at DESC, c.id DESC
     LIMIT $${params.length}`,
    params,
  )
  const page = rows.slice(0, options.limit).map(toConversation)
  const last = page[page.length - 1]
  const next = rows.length > options.limit && last ? { createdAt: last.createdAt, id: last.conversationId } : null
  if (page.length === 0) return { hits: [], next }

  const matches = await db.query<{ id: string; conversation_id: string; seq: number; sender: MessageSender; text: string; created_at: number }>(
    `SELECT id, conversation_id, seq, sender, text, created_at FROM (
       SELECT m.id, m.conversation_id, m.seq, m.sender, m.body->>'text' AS text, m.created_at,
              row_number() OVER (PARTITION BY m.conversation_id ORDER BY m.seq DESC) AS n
       FROM messages m
       WHERE m.company_id = $1 AND m.conversation_id = ANY($3::text[]) AND m.body->>'type' = 'text' AND m.body->>'text' ILIKE $2
     ) ranked
     WHERE n <= ${MATCHES_PER_HIT}
     ORDER BY seq DESC`,
    [companyId, containing(options.query), page.map((c) => c.conversationId)],
  )
  const byConversation = new Map<string, SearchMatch[]>()
  for (const m of matches) {
    const list = byConversation.get(m.conversation_id) ?? []
    list.push({ id: m.id, seq: m.seq, sender: m.sender, text: m.text, createdAt: Number(m.created_at) })
    byConversation.set(m.conversation_id, list)
  }
  return { hits: page.map((conversation) => ({ conversation, matches: byConversation.get(conversation.conversationId) ?? [] })), next }
}

/** The cursor as the API hands it out: opaque, URL-safe, so clients pass it back rather than build one. */
export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(`${cursor.createdAt}:${cursor.id}`, 'utf8').toString('base64url')
}

/** A cursor `encodeSearchCursor` made, or null for anything else. */
export function decodeSearchCursor(value: string): SearchCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null
  const match = /^(\d{1,15}):([A-Za-z0-9_-]{1,100})$/.exec(Buffer.from(value, 'base64url').toString('utf8'))
  if (!match) return null
  const cursor = { createdAt: Number(match[1]), id: match[2]! }
  // Base64 has several spellings of the same bytes; only the one handed out is accepted.
  return encodeSearchCursor(cursor) === value ? cursor : null
}
