import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../realtime/ServerContext'
import { buildReport, liveReport, reportQuerySchema, resolveRange } from '../reports'
import { findCompany } from '../store/companyStore'
import { authenticateAgent } from './authenticate'
import { routeDoc } from './apiDocs'

/** Reports for admins: figures over a range (`GET /api/v1/reports`) and what is happening now (`/live`). */
export function reportRoutes(app: FastifyInstance, ctx: ServerContext, options: { now: () => number }): void {
  app.get('/api/v1/reports', { schema: { ...routeDoc('reports', 'A report over a date range (overview, daily, hourly, agents, groups, offline)', 'admin'), querystring: reportQuerySchema } }, async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const query = reportQuerySchema.parse(request.query)
    // Days are the company's days: its working-hours time zone unless the request names another.
    const company = await findCompany(ctx.db, admin.companyId)
    const range = await resolveRange(ctx.db, query, company!.settings.workingHours.timeZone)
    return buildReport(ctx.db, admin.companyId, range, options.now())
  })

  app.get('/api/v1/reports/live', { schema: routeDoc('reports', 'Right now: the queue, agents online, chats open', 'admin') }, async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    return liveReport(ctx, admin.companyId, options.now())
  })
}
