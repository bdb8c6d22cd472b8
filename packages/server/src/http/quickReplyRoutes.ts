import { KefuError } from '@kefu/core'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { newId } from '../domain/ids'
import type { ServerContext } from '../realtime/ServerContext'
import { deleteQuickReply, insertQuickReply, listQuickReplies, updateQuickReply } from '../store/quickReplyStore'
import { authenticateAgent } from './authenticate'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only')
const fields = {
  title: z.string().trim().min(1).max(50),
  text: z.string().min(1).max(2000),
  position: z.number().int().min(0).max(1_000_000),
}

/** The workbench's canned answers: every agent of the company reads them, admins edit them. */
export function quickReplyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx

  app.get('/api/v1/quick-replies', async (request) => listQuickReplies(db, (await authenticateAgent(ctx, request)).companyId))

  app.post('/api/v1/quick-replies', async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const body = z.object(fields).partial({ position: true }).parse(request.body)
    return reply.status(201).send(await insertQuickReply(db, admin.companyId, { id: newId('qr'), ...body }))
  })

  app.patch('/api/v1/quick-replies/:id', async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const params = z.object({ id }).parse(request.params)
    const body = z.object(fields).partial().parse(request.body ?? {})
    const updated = await updateQuickReply(db, admin.companyId, params.id, body)
    if (!updated) throw new KefuError('not_found', 'no such quick reply')
    return updated
  })

  app.delete('/api/v1/quick-replies/:id', async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const params = z.object({ id }).parse(request.params)
    if (!(await deleteQuickReply(db, admin.companyId, params.id))) throw new KefuError('not_found', 'no such quick reply')
    return reply.status(204).send()
  })
}
