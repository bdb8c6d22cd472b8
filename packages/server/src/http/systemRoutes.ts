import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../realtime/ServerContext'

export function systemRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // What a load balancer asks: 503 when this process cannot serve (its database or, in a cluster, Redis is down).
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Database and Redis state of this process: 200, or 503 when it cannot serve' } }, async (_request, reply) => {
    const databaseUp = await ctx.db.query('SELECT 1').then(
      () => true,
      () => false,
    )
    const redis = ctx.redis ? (ctx.redis.healthy ? 'up' : 'down') : 'none'
    const ok = databaseUp && redis !== 'down'
    return reply.status(ok ? 200 : 503).send({
      ok,
      database: ctx.db.kind,
      databaseState: databaseUp ? 'up' : 'down',
      redis,
      process: ctx.processId,
      visitors: ctx.connections.visitors,
      agents: ctx.connections.agents,
    })
  })
}
