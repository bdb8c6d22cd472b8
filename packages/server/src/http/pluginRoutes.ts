import { KefuError } from '@kefu/core'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Queryable } from '../db/Database'
import { newId } from '../domain/ids'
import { createPluginBody, httpOriginOf, patchPluginBody, pluginFieldsSchema } from '../plugins/pluginFieldsSchema'
import { verifyPluginConfig } from '../plugins/verifyPluginConfig'
import type { ServerContext } from '../realtime/ServerContext'
import { generateSecret } from '../security'
import { contextProofSignature } from '../security/pluginSignature'
import {
  deletePlugin,
  findPlugin,
  insertPlugin,
  listPlugins,
  lockCompanyPlugins,
  publicPlugin,
  takenPageIds,
  updatePlugin,
  type PluginPage,
} from '../store/pluginStore'
import { authenticateAgent } from './authenticate'
import { routeDoc } from './apiDocs'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only')

/** Refuses page ids another plugin of the company has; call inside the transaction that saves them. */
async function checkPageIdsFree(tx: Queryable, companyId: string, pages: readonly PluginPage[], pluginId?: string): Promise<void> {
  await lockCompanyPlugins(tx, companyId)
  const taken = await takenPageIds(tx, companyId, pages.map((page) => page.pageId), pluginId)
  if (taken.length) throw new KefuError('conflict', `page id ${taken.join(', ')} already belongs to another plugin of this company`)
}

/** A body that is not JSON at all is a malformed signature body too, answered in the verify route's own format. */
function bodyParseErrorsAsBadRequest(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code?.startsWith('FST_ERR_CTP_')) return reply.status(400).send({ error: 'bad_request', message: `the signature body is not valid: ${error.message}` })
  // Anything else (a missing session, a database failure) is handled like everywhere else.
  throw error
}

/**
 * Business-system plugins of the agent workbench: admins register them (each with its own secret); any
 * agent lists them, has the server check a plugin page's config signature, and gets context proofs.
 */
const pluginParams = z.object({ pluginId: id })
const proofBody = z.object({ visitorId: id })

export function pluginRoutes(app: FastifyInstance, ctx: ServerContext, options: { now: () => number }): void {
  const { db } = ctx

  app.get('/api/v1/plugins', { schema: routeDoc('plugins', 'The workbench’s plugins') }, async (request) => {
    const agent = await authenticateAgent(ctx, request)
    return (await listPlugins(db, agent.companyId)).map(publicPlugin)
  })

  app.post('/api/v1/plugins', { schema: { ...routeDoc('plugins', 'Register a plugin: its secret is shown once', 'admin'), body: createPluginBody } }, async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const body = createPluginBody.parse(request.body)
    const fields = pluginFieldsSchema.parse({ ...body, allowedOrigin: body.allowedOrigin ?? httpOriginOf(body.url), secret: body.secret ?? generateSecret(32) })
    const plugin = await db.transaction(async (tx) => {
      await checkPageIdsFree(tx, admin.companyId, fields.pages)
      return insertPlugin(tx, { ...fields, pluginId: newId('pl'), companyId: admin.companyId, now: options.now() })
    })
    // The only time the secret is shown, with rotation: the business's server must store it.
    return reply.status(201).send({ ...publicPlugin(plugin), secret: plugin.secret })
  })

  app.patch('/api/v1/plugins/:pluginId', { schema: { ...routeDoc('plugins', 'Change a plugin', 'admin'), params: pluginParams, body: patchPluginBody } }, async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { pluginId } = pluginParams.parse(request.params)
    const patch = patchPluginBody.parse(request.body ?? {})
    const plugin = await db.transaction(async (tx) => {
      const current = await findPlugin(tx, admin.companyId, pluginId)
      if (!current) throw new KefuError('not_found', 'no such plugin')
      const fields = pluginFieldsSchema.parse({ ...current, ...patch })
      if (patch.pages) await checkPageIdsFree(tx, admin.companyId, fields.pages, pluginId)
      return (await updatePlugin(tx, admin.companyId, pluginId, patch, options.now()))!
    })
    return publicPlugin(plugin)
  })

  app.post('/api/v1/plugins/:pluginId/secret', { schema: { ...routeDoc('plugins', 'Issue a new secret for a plugin', 'admin'), params: pluginParams } }, async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { pluginId } = pluginParams.parse(request.params)
    const plugin = await updatePlugin(db, admin.companyId, pluginId, { secret: generateSecret(32) }, options.now())
    if (!plugin) throw new KefuError('not_found', 'no such plugin')
    return { ...publicPlugin(plugin), secret: plugin.secret }
  })

  app.delete('/api/v1/plugins/:pluginId', { schema: { ...routeDoc('plugins', 'Remove a plugin', 'admin'), params: pluginParams } }, async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { pluginId } = pluginParams.parse(request.params)
    if (!(await deletePlugin(db, admin.companyId, pluginId))) throw new KefuError('not_found', 'no such plugin')
    return reply.status(204).send()
  })

  // The workbench forwards a plugin page's config here. Failures answer `{ error: reason, message }`:
  // the reason goes as is to the page's `error` callback.
  app.post('/api/v1/plugins/:pluginId/verify', { errorHandler: bodyParseErrorsAsBadRequest, schema: { ...routeDoc('plugins', 'Check a plugin page’s signed configuration (the Agent SDK calls this)'), params: pluginParams } }, async (request, reply) => {
    const agent = await authenticateAgent(ctx, request)
    const { pluginId } = request.params as { pluginId: string }
    const result = await verifyPluginConfig(db, agent.companyId, pluginId, request.body, options.now())
    if (!result.ok) return reply.status(result.status).send({ error: result.reason, message: result.message })
    return { pluginId: result.pluginId, verifiedAt: result.verifiedAt }
  })

  app.post('/api/v1/plugins/:pluginId/context-proof', { schema: { ...routeDoc('plugins', 'A signed proof of the visitor the agent is serving, for the plugin’s server'), params: pluginParams, body: proofBody } }, async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const { pluginId } = pluginParams.parse(request.params)
    const { visitorId } = proofBody.parse(request.body)
    const plugin = await findPlugin(db, agent.companyId, pluginId)
    if (!plugin) throw new KefuError('not_found', 'no such plugin')
    if (!(await ctx.chat.visitors.find(agent.companyId, visitorId))) throw new KefuError('not_found', 'no such visitor')
    const proof = { issuedAt: Math.floor(options.now() / 1000), companyId: agent.companyId, agentId: agent.agentId, visitorId }
    return {
      companyId: proof.companyId,
      agentId: proof.agentId,
      visitorId: proof.visitorId,
      issuedAt: proof.issuedAt,
      signature: contextProofSignature(plugin.secret, proof),
    }
  })
}
