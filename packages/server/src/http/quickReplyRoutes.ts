import { KefuError, ValidationError } from '@kefu/core'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Queryable } from '../db/Database'
import { newId } from '../domain/ids'
import type { ServerContext } from '../realtime/ServerContext'
import type { AgentRecord } from '../store/agentStore'
import { findAgent } from '../store/agentStore'
import { findGroup } from '../store/groupStore'
import {
  deleteQuickReply,
  findQuickReply,
  insertQuickReply,
  listQuickReplies,
  listQuickRepliesFor,
  updateQuickReply,
  type QuickReply,
  type QuickReplyScope,
} from '../store/quickReplyStore'
import { authenticateAgent } from './authenticate'
import { routeDoc } from './apiDocs'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only')
const fields = {
  title: z.string().trim().min(1).max(50),
  text: z.string().min(1).max(2000),
  position: z.number().int().min(0).max(1_000_000),
  scope: z.enum(['company', 'group', 'agent']),
  groupId: id.nullable(),
  agentId: id.nullable(),
}

/** The owner columns a scope needs, checked against the company: a group reply names a group, a personal one an agent. */
async function ownerOf(
  db: Queryable,
  caller: AgentRecord,
  scope: QuickReplyScope,
  wanted: { groupId?: string | null | undefined; agentId?: string | null | undefined },
): Promise<{ scope: QuickReplyScope; groupId: string | null; agentId: string | null }> {
  if (scope === 'company') {
    if (wanted.groupId || wanted.agentId) throw new ValidationError('invalid_argument', [{ path: 'scope', message: 'a company reply names no group or agent' }])
    return { scope, groupId: null, agentId: null }
  }
  if (scope === 'group') {
    if (!wanted.groupId) throw new ValidationError('invalid_argument', [{ path: 'groupId', message: 'a group reply needs its group' }])
    if (wanted.agentId) throw new ValidationError('invalid_argument', [{ path: 'agentId', message: 'a group reply names no agent' }])
    if (!(await findGroup(db, caller.companyId, wanted.groupId))) throw new KefuError('not_found', 'no such group')
    return { scope, groupId: wanted.groupId, agentId: null }
  }
  if (wanted.groupId) throw new ValidationError('invalid_argument', [{ path: 'groupId', message: 'a personal reply names no group' }])
  const agentId = wanted.agentId ?? caller.agentId
  if (agentId !== caller.agentId && !(await findAgent(db, caller.companyId, agentId))) throw new KefuError('not_found', 'no such agent')
  return { scope, groupId: null, agentId }
}

/** Agents manage their own personal replies; company and group replies, and other agents' replies, need an admin. */
function mayChange(caller: AgentRecord, reply: Pick<QuickReply, 'scope' | 'agentId'>): boolean {
  return caller.role === 'admin' || (reply.scope === 'agent' && reply.agentId === caller.agentId)
}

const listQuery = z.object({ all: z.enum(['true', 'false']).optional() })
const createBody = z.object(fields).partial({ position: true, scope: true, groupId: true, agentId: true })
const patchBody = z.object(fields).partial()
const replyParams = z.object({ id })

const FORBIDDEN = 'only admins manage company and group quick replies and other agents’ replies'

/**
 * The workbench's canned answers, shared by the company, by a group, or kept by one agent. Each agent
 * reads those meant for them; admins read (`?all=true`) and edit them all; agents edit their own.
 */
export function quickReplyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx

  app.get('/api/v1/quick-replies', { schema: { ...routeDoc('quick replies', 'The quick replies the agent may use (all=true: every one, admins)'), querystring: listQuery } }, async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const { all } = listQuery.parse(request.query)
    if (all === 'true') {
      if (agent.role !== 'admin') throw new KefuError('forbidden', 'listing every agent’s quick replies needs an admin account')
      return listQuickReplies(db, agent.companyId)
    }
    return listQuickRepliesFor(db, agent.companyId, agent.agentId)
  })

  app.post('/api/v1/quick-replies', { schema: { ...routeDoc('quick replies', 'Add a quick reply (company and group ones: admins)'), body: createBody } }, async (request, reply) => {
    const caller = await authenticateAgent(ctx, request)
    const body = createBody.parse(request.body)
    const owner = await ownerOf(db, caller, body.scope ?? 'company', body)
    if (!mayChange(caller, owner)) throw new KefuError('forbidden', FORBIDDEN)
    const created = await insertQuickReply(db, caller.companyId, { id: newId('qr'), title: body.title, text: body.text, position: body.position, ...owner })
    return reply.status(201).send(created)
  })

  app.patch('/api/v1/quick-replies/:id', { schema: { ...routeDoc('quick replies', 'Change a quick reply'), params: replyParams, body: patchBody } }, async (request) => {
    const caller = await authenticateAgent(ctx, request)
    const params = replyParams.parse(request.params)
    const body = patchBody.parse(request.body ?? {})
    const current = await findQuickReply(db, caller.companyId, params.id)
    if (!current) throw new KefuError('not_found', 'no such quick reply')
    if (!mayChange(caller, current)) throw new KefuError('forbidden', FORBIDDEN)
    const { scope, groupId, agentId, ...rest } = body
    const moving = scope !== undefined || groupId !== undefined || agentId !== undefined
    const owner = moving
      ? await ownerOf(db, caller, scope ?? current.scope, {
          groupId: groupId !== undefined ? groupId : (scope ?? current.scope) === 'group' ? current.groupId : null,
          agentId: agentId !== undefined ? agentId : (scope ?? current.scope) === 'agent' ? current.agentId : null,
        })
      : {}
    if (moving && !mayChange(caller, owner as QuickReply)) throw new KefuError('forbidden', FORBIDDEN)
    return (await updateQuickReply(db, caller.companyId, params.id, { ...rest, ...owner }))!
  })

  app.delete('/api/v1/quick-replies/:id', { schema: { ...routeDoc('quick replies', 'Delete a quick reply'), params: replyParams } }, async (request, reply) => {
    const caller = await authenticateAgent(ctx, request)
    const params = replyParams.parse(request.params)
    const current = await findQuickReply(db, caller.companyId, params.id)
    if (!current) throw new KefuError('not_found', 'no such quick reply')
    if (!mayChange(caller, current)) throw new KefuError('forbidden', FORBIDDEN)
    await deleteQuickReply(db, caller.companyId, params.id)
    return reply.status(204).send()
  })
}
