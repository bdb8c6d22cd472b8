import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ServerContext } from '../realtime/ServerContext'
import { routeDoc } from './apiDocs'
import { authenticateAgent } from './authenticate'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only')
const params = z.object({ id })
// `null` unassigns; an empty body changes nothing and returns the message as it is.
const patchBody = z.strictObject({ status: z.enum(['new', 'open', 'done']).optional(), assigneeId: id.nullable().optional() })
// The workbench's reply box allows 5000 characters, as the visitor's own leave message does.
const replyBody = z.strictObject({ text: z.string().trim().min(1).max(5000) })

/**
 * Offline (leave) messages for the workbench: the list, their handling (status, assignee) and replies.
 * Any agent of the company may take and answer them; another company's message is not found (404).
 */
export function leaveMessageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { chat } = ctx

  app.get('/api/v1/leave-messages', { schema: routeDoc('leave messages', 'Offline messages visitors left, newest first, with their handling and replies') }, async (request) =>
    chat.leaveMessages.list((await authenticateAgent(ctx, request)).companyId),
  )

  app.patch(
    '/api/v1/leave-messages/:id',
    { schema: { ...routeDoc('leave messages', 'Change the status or assignee of an offline message'), params, body: patchBody } },
    async (request) => {
      const agent = await authenticateAgent(ctx, request)
      const { id: leaveMessageId } = params.parse(request.params)
      const body = patchBody.parse(request.body ?? {})
      return chat.leaveMessages.update(agent.companyId, leaveMessageId, {
        ...(body.status !== undefined ? { status: body.status } : {}),
        ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId } : {}),
      })
    },
  )

  app.post(
    '/api/v1/leave-messages/:id/replies',
    { schema: { ...routeDoc('leave messages', "Reply to an offline message: it reaches the visitor's chat and the company's webhook"), params, body: replyBody } },
    async (request, reply) => {
      const agent = await authenticateAgent(ctx, request)
      const { id: leaveMessageId } = params.parse(request.params)
      const { text } = replyBody.parse(request.body)
      return reply.status(201).send(await chat.leaveMessages.reply(agent.companyId, agent.agentId, leaveMessageId, text))
    },
  )
}
