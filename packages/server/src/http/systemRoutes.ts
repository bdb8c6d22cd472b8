import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../realtime/ServerContext'

export function systemRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await ctx.db.query('SELECT 1')
      return { ok: true, database: ctx.db.kind, visitors: ctx.connections.visitors, agents: ctx.connections.agents }
    } catch {
      return reply.status(503).send({ ok: false, database: ctx.db.kind })
    }
  })

  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4').send(ctx.metrics.render()))
}
