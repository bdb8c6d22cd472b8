import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ServerContext } from '../realtime/ServerContext'
import { generateMetaDataKey, generateSecret } from '../security'
import { authenticateAgent } from './authenticate'
import { routeDoc } from './apiDocs'

/**
 * The company's keys are shown when issued and never again: an admin who lost one (or fears it leaked)
 * rotates it and puts the new one on the store's server. The old key stops working at once.
 */
const rotateBody = z.object({ key: z.enum(['sign', 'meta']) })

export function companyKeyRoutes(app: FastifyInstance, ctx: ServerContext, options: { now: () => number }): void {
  app.post('/api/v1/company/keys/rotate', { schema: { ...routeDoc('company', 'Rotate the sign or metaData key: the new key is shown once', 'admin'), body: rotateBody } }, async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { key } = rotateBody.parse(request.body)
    const value = key === 'sign' ? generateSecret(32) : generateMetaDataKey()
    // Through the chat domain: every process drops its cached company, so the old key fails everywhere at once.
    const company = await ctx.chat.admin.rotateKey(admin.companyId, key, value, options.now())
    request.log.info({ companyId: admin.companyId, agentId: admin.agentId, key }, 'company key rotated')
    return key === 'sign'
      ? { key, signKey: company.signKey, rotatedAt: company.signKeyRotatedAt }
      : { key, metaKey: company.metaKey, rotatedAt: company.metaKeyRotatedAt }
  })
}
