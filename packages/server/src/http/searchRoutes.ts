import { KefuError, ValidationError } from '@kefu/core'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { MAX_SEQ } from '../realtime/frameSchemas'
import type { ServerContext } from '../realtime/ServerContext'
import { findConversation } from '../store/conversationStore'
import { listConversationMessages } from '../store/messageStore'
import { decodeSearchCursor, encodeSearchCursor, searchHistory } from '../store/searchStore'
import { routeDoc } from './apiDocs'
import { authenticateAgent } from './authenticate'

const searchQuery = z.object({
  q: z.string().trim().min(1, 'type something to search for').max(200, 'at most 200 characters'),
  before: z.string().max(200, 'not a cursor this search handed out').optional().describe('The `next` of the previous page, as it came'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})
// A conversation's id is its company's id (up to 64 characters) and a number.
const conversationParams = z.object({ conversationId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, - and _ only') })
const messagesQuery = z.object({
  afterSeq: z.coerce.number().int().min(0).max(MAX_SEQ).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
})

/** Parses with `schema`, refusing with the fields named (not "the request body", as the generic handler says). */
function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value)
  if (!result.success) throw new ValidationError('invalid_argument', result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
  return result.data
}

/** History search for the workbench (历史记录): conversations found by visitor or by what was said, and their threads. */
export function searchRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db, chat } = ctx

  app.get(
    '/api/v1/search/conversations',
    { schema: { ...routeDoc('history', 'Find conversations by visitor name, phone, e-mail, member id or message text, newest first'), querystring: searchQuery } },
    async (request) => {
      const agent = await authenticateAgent(ctx, request)
      const query = parse(searchQuery, request.query)
      const before = query.before === undefined ? undefined : decodeSearchCursor(query.before)
      if (before === null) throw new ValidationError('invalid_argument', [{ path: 'before', message: 'not a cursor this search handed out (pass `next` as it came)' }])
      const result = await searchHistory(db, agent.companyId, { query: query.q, limit: query.limit, ...(before ? { before } : {}) })
      const visitors = await chat.visitors.profilesOf(db, agent.companyId, [...new Set(result.hits.map((h) => h.conversation.visitorId))])
      const byId = new Map(visitors.map((v) => [v.visitorId, v]))
      return {
        hits: result.hits.map((h) => ({ ...h, visitor: byId.get(h.conversation.visitorId) ?? null })),
        next: result.next ? encodeSearchCursor(result.next) : null,
      }
    },
  )

  app.get(
    '/api/v1/conversations/:conversationId/messages',
    { schema: { ...routeDoc('history', 'One conversation’s messages, oldest first, later pages by afterSeq'), params: conversationParams, querystring: messagesQuery } },
    async (request) => {
      const agent = await authenticateAgent(ctx, request)
      const { conversationId } = parse(conversationParams, request.params)
      const query = parse(messagesQuery, request.query)
      // Another company's conversation is as absent as one that never was.
      if (!(await findConversation(db, agent.companyId, conversationId))) throw new KefuError('not_found', 'no such conversation')
      const messages = await listConversationMessages(db, agent.companyId, conversationId, query)
      return messages.map((m) => ({ ...m.message, conversationId: m.conversationId }))
    },
  )
}
