import { KefuError } from '@kefu/core'
import type { FastifyInstance } from 'fastify'
import { createHash, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { rooms } from '../bus/Bus'
import { companySettingsSchema } from '../domain/companySettings'
import { createCompany } from '../domain/createCompany'
import { newId } from '../domain/ids'
import { SESSION_REVOKED } from '../realtime/agentSocket'
import type { ServerContext } from '../realtime/ServerContext'
import { generateSecret, hashPassword, signAgentSession, verifyPassword } from '../security'
import { agentInfo, deleteAgent, findAgentByEmail, insertAgent, listAgents, setAgentGroups, updateAgent } from '../store/agentStore'
import { findCompany, updateCompany } from '../store/companyStore'
import { findConversation, searchConversations } from '../store/conversationStore'
import { deleteFaq, insertFaq, listFaqs, updateFaq } from '../store/faqStore'
import { deleteGroup, insertGroup, listGroups, renameGroup } from '../store/groupStore'
import { listLeaveMessages } from '../store/leaveMessageStore'
import { listMessages } from '../store/messageStore'
import { authenticateAgent } from './authenticate'
import { keyedRateLimiter } from './keyedRateLimiter'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only')
const email = z.email().max(200)
const password = z.string().min(8).max(1024)
const agentFields = {
  name: z.string().min(1).max(50),
  role: z.enum(['admin', 'agent']),
  capacity: z.number().int().min(0).max(100),
  phone: z.string().max(40).nullable(),
  // Shown to visitors as the agent's picture: http(s) only, and nothing that breaks out of an attribute.
  avatar: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .regex(/^[^\s'"`\\<>]*$/, 'must not contain quotes, angle brackets, backslashes or spaces')
    .nullable(),
  info: z.string().max(500).nullable(),
  groupIds: z.array(id).max(50),
}
const faqBody = z.object({ question: z.string().min(1).max(500), answer: z.string().min(1).max(5000), keywords: z.string().max(500).default('') })

/** Sign-in, and the admin REST API; everything is scoped to the signed-in agent's company. */
export function adminRoutes(app: FastifyInstance, ctx: ServerContext, options: { adminToken: string | undefined }): void {
  const { db, chat } = ctx
  let decoyHash: Promise<string> | undefined

  const loginAllowed = keyedRateLimiter(ctx.httpLimits.loginPerSecond, ctx.httpLimits.loginBurst)
  app.post('/api/v1/auth/login', async (request) => {
    if (!loginAllowed(request.ip)) throw new KefuError('rate_limited', 'too many sign-in attempts; wait a minute and try again')
    const body = z.object({ email, password: z.string().min(1).max(1024) }).parse(request.body)
    const agent = await findAgentByEmail(db, body.email)
    // The same answer for an unknown e-mail and a wrong password, after the same work: an unknown e-mail
    // is checked against a decoy hash, so response times do not tell which accounts exist.
    decoyHash ??= hashPassword(generateSecret())
    const matches = await verifyPassword(body.password, agent?.passwordHash ?? (await decoyHash))
    if (!agent || agent.disabled || !matches) {
      throw new KefuError('unauthorized', 'wrong e-mail or password')
    }
    const token = signAgentSession({ companyId: agent.companyId, agentId: agent.agentId, role: agent.role }, ctx.tokenSecret)
    return { token, agent: agentInfo(agent) }
  })

  app.get('/api/v1/me', async (request) => agentInfo(await authenticateAgent(ctx, request)))

  // Creating tenants needs the server's admin token (`--admin-token` / KEFU_ADMIN_TOKEN).
  app.post('/api/v1/companies', async (request, reply) => {
    if (!options.adminToken || !sameSecret(request.headers.authorization ?? '', `Bearer ${options.adminToken}`)) {
      throw new KefuError('unauthorized', 'creating companies needs the server admin token')
    }
    const body = z
      .object({ id, name: z.string().min(1).max(100), settings: z.unknown().optional(), admin: z.object({ email, name: agentFields.name, password }) })
      .parse(request.body)
    if (await findCompany(db, body.id)) throw new KefuError('conflict', `company "${body.id}" exists`)
    if (await findAgentByEmail(db, body.admin.email)) throw new KefuError('conflict', 'that e-mail is taken')
    const { company, admin } = await createCompany(db, body)
    return reply.status(201).send({ company: publicCompany(company, true), admin: agentInfo(admin) })
  })

  app.get('/api/v1/company', async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const company = await findCompany(db, agent.companyId)
    return publicCompany(company!, agent.role === 'admin')
  })

  app.patch('/api/v1/company', async (request) => {
    const agent = await authenticateAgent(ctx, request, 'admin')
    const body = z.object({ name: z.string().min(1).max(100).optional(), settings: z.record(z.string(), z.unknown()).optional() }).parse(request.body)
    const current = (await findCompany(db, agent.companyId))!
    const settings = body.settings ? companySettingsSchema.parse({ ...current.settings, ...body.settings }) : undefined
    const company = await updateCompany(db, agent.companyId, { ...(body.name ? { name: body.name } : {}), ...(settings ? { settings } : {}) })
    await chat.refreshCompany(agent.companyId)
    return publicCompany(company!, true)
  })

  app.get('/api/v1/agents', async (request) => {
    const agent = await authenticateAgent(ctx, request)
    return (await listAgents(db, agent.companyId)).map(agentInfo)
  })

  app.post('/api/v1/agents', async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const body = z
      .object({ email, password, ...agentFields, role: agentFields.role.default('agent'), capacity: agentFields.capacity.default(5) })
      .partial({ phone: true, avatar: true, info: true, groupIds: true })
      .parse(request.body)
    if (await findAgentByEmail(db, body.email)) throw new KefuError('conflict', 'that e-mail is taken')
    const created = await insertAgent(db, {
      id: newId('a'),
      companyId: admin.companyId,
      email: body.email,
      name: body.name,
      passwordHash: await hashPassword(body.password),
      role: body.role,
      capacity: body.capacity,
      ...(body.phone ? { phone: body.phone } : {}),
      ...(body.avatar ? { avatar: body.avatar } : {}),
      ...(body.info ? { info: body.info } : {}),
    })
    if (body.groupIds) await setAgentGroups(db, admin.companyId, created.agentId, body.groupIds)
    await chat.refreshCompany(admin.companyId)
    return reply.status(201).send(agentInfo((await listAgents(db, admin.companyId)).find((a) => a.agentId === created.agentId)!))
  })

  app.patch('/api/v1/agents/:agentId', async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { agentId } = z.object({ agentId: id }).parse(request.params)
    const body = z.object({ ...agentFields, password, disabled: z.boolean() }).partial().parse(request.body)
    // Like deleting yourself: an admin who disables or demotes their own account may leave nobody to undo it.
    if (agentId === admin.agentId && (body.disabled === true || body.role === 'agent')) {
      throw new KefuError('conflict', 'you cannot disable or demote yourself; ask another admin')
    }
    const { password: newPassword, groupIds, ...rest } = body
    // A new password ends every session signed in with the old one.
    const passwordPatch = newPassword ? { passwordHash: await hashPassword(newPassword), sessionsValidAfter: Math.floor(Date.now() / 1000) } : {}
    const updated = await updateAgent(db, admin.companyId, agentId, { ...rest, ...passwordPatch })
    if (!updated) throw new KefuError('not_found', 'no such agent')
    if (groupIds) await setAgentGroups(db, admin.companyId, agentId, groupIds)
    await chat.refreshCompany(admin.companyId)
    if (updated.disabled || newPassword) ctx.bus.publish(rooms.agent(agentId), SESSION_REVOKED)
    return agentInfo((await listAgents(db, admin.companyId)).find((a) => a.agentId === agentId)!)
  })

  app.delete('/api/v1/agents/:agentId', async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { agentId } = z.object({ agentId: id }).parse(request.params)
    if (agentId === admin.agentId) throw new KefuError('conflict', 'you cannot delete yourself')
    if (!(await deleteAgent(db, admin.companyId, agentId))) throw new KefuError('not_found', 'no such agent')
    await chat.refreshCompany(admin.companyId)
    ctx.bus.publish(rooms.agent(agentId), SESSION_REVOKED)
    return reply.status(204).send()
  })

  app.get('/api/v1/groups', async (request) => listGroups(db, (await authenticateAgent(ctx, request)).companyId))

  app.post('/api/v1/groups', async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const body = z.object({ name: z.string().min(1).max(100), agentIds: z.array(id).max(200).default([]) }).parse(request.body)
    const group = await insertGroup(db, { id: newId('g'), companyId: admin.companyId, name: body.name })
    for (const agentId of body.agentIds) {
      const agent = (await listAgents(db, admin.companyId)).find((a) => a.agentId === agentId)
      if (agent) await setAgentGroups(db, admin.companyId, agentId, [...agent.groupIds, group.groupId])
    }
    await chat.refreshCompany(admin.companyId)
    return reply.status(201).send((await listGroups(db, admin.companyId)).find((g) => g.groupId === group.groupId))
  })

  app.patch('/api/v1/groups/:groupId', async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { groupId } = z.object({ groupId: id }).parse(request.params)
    const body = z.object({ name: z.string().min(1).max(100) }).parse(request.body)
    const group = await renameGroup(db, admin.companyId, groupId, body.name)
    if (!group) throw new KefuError('not_found', 'no such group')
    return group
  })

  app.delete('/api/v1/groups/:groupId', async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { groupId } = z.object({ groupId: id }).parse(request.params)
    if (!(await deleteGroup(db, admin.companyId, groupId))) throw new KefuError('not_found', 'no such group')
    await chat.refreshCompany(admin.companyId)
    return reply.status(204).send()
  })

  app.get('/api/v1/faqs', async (request) => listFaqs(db, (await authenticateAgent(ctx, request)).companyId))

  app.post('/api/v1/faqs', async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const body = faqBody.parse(request.body)
    const faq = await insertFaq(db, admin.companyId, { faqId: newId('f'), ...body })
    await chat.refreshCompany(admin.companyId)
    return reply.status(201).send(faq)
  })

  app.put('/api/v1/faqs/:faqId', async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { faqId } = z.object({ faqId: id }).parse(request.params)
    const faq = await updateFaq(db, admin.companyId, { faqId, ...faqBody.parse(request.body) })
    if (!faq) throw new KefuError('not_found', 'no such FAQ entry')
    await chat.refreshCompany(admin.companyId)
    return faq
  })

  app.delete('/api/v1/faqs/:faqId', async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { faqId } = z.object({ faqId: id }).parse(request.params)
    if (!(await deleteFaq(db, admin.companyId, faqId))) throw new KefuError('not_found', 'no such FAQ entry')
    await chat.refreshCompany(admin.companyId)
    return reply.status(204).send()
  })

  // History: any agent of the company may read it.
  app.get('/api/v1/conversations', async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const q = z
      .object({
        visitorId: id.optional(),
        agentId: id.optional(),
        status: z.enum(['waiting', 'bot', 'chatting', 'ended']).optional(),
        before: z.coerce.number().int().optional(),
        limit: z.coerce.number().int().min(1).max(200).optional(),
      })
      .parse(request.query)
    return searchConversations(db, agent.companyId, q)
  })

  app.get('/api/v1/conversations/:conversationId', async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const { conversationId } = z.object({ conversationId: id }).parse(request.params)
    const conversation = await findConversation(db, agent.companyId, conversationId)
    if (!conversation) throw new KefuError('not_found', 'no such conversation')
    return conversation
  })

  app.post('/api/v1/conversations/:conversationId/close', async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { conversationId } = z.object({ conversationId: id }).parse(request.params)
    await chat.closeBySystem(admin.companyId, conversationId)
    return { closed: conversationId }
  })

  app.get('/api/v1/visitors/:visitorId', async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const { visitorId } = z.object({ visitorId: id }).parse(request.params)
    const profile = await chat.visitorProfile(agent.companyId, visitorId)
    if (!profile) throw new KefuError('not_found', 'no such visitor')
    return profile
  })

  app.get('/api/v1/visitors/:visitorId/messages', async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const { visitorId } = z.object({ visitorId: id }).parse(request.params)
    const q = z.object({ beforeSeq: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(500).optional() }).parse(request.query)
    if (!(await chat.findVisitor(agent.companyId, visitorId))) throw new KefuError('not_found', 'no such visitor')
    const messages = await listMessages(db, agent.companyId, visitorId, q)
    return messages.map((m) => ({ ...m.message, conversationId: m.conversationId }))
  })

  app.get('/api/v1/leave-messages', async (request) => listLeaveMessages(db, (await authenticateAgent(ctx, request)).companyId))
}

/** Compares secrets in constant time (hashed first, so their lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}

function publicCompany(company: NonNullable<Awaited<ReturnType<typeof findCompany>>>, withKeys: boolean) {
  return {
    id: company.id,
    name: company.name,
    settings: company.settings,
    ...(withKeys ? { signKey: company.signKey, metaKey: company.metaKey } : {}),
  }
}
