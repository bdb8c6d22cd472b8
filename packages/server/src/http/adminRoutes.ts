import { KefuError, ValidationError } from '@kefu/core'
import type { FastifyInstance } from 'fastify'
import { createHash, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { checkSettingsReferences } from '../domain/checkSettingsReferences'
import { companySettingsSchema } from '../domain/companySettings'
import { createCompany } from '../domain/createCompany'
import { faqSynonymsSchema } from '../domain/faqSynonyms'
import { MAX_SEQ } from '../realtime/frameSchemas'
import { windowMsOf, type ServerContext } from '../realtime/ServerContext'
import { generateSecret, hashPassword, signAgentSession, verifyPassword } from '../security'
import { agentInfo, findAgentByEmail, findAgentsByEmail, listAgents, type AgentRecord } from '../store/agentStore'
import { findCompany, type Company } from '../store/companyStore'
import { findConversation, searchConversations } from '../store/conversationStore'
import { listFaqs } from '../store/faqStore'
import { listGroups } from '../store/groupStore'
import { listMessages } from '../store/messageStore'
import { routeDoc as doc } from './apiDocs'
import { authenticateAgent } from './authenticate'
import { SignInThrottle } from './signInThrottle'

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
const faqBody = z.object({
  question: z.string().trim().min(1).max(500),
  answer: z.string().trim().min(1).max(5000),
  keywords: z.string().max(500).default(''),
  synonyms: faqSynonymsSchema.default([]),
})

const loginBody = z.object({ email, password: z.string().min(1).max(1024), companyId: id.optional() })
const companyBody = z.object({ id, name: z.string().min(1).max(100), settings: z.unknown().optional(), admin: z.object({ email, name: agentFields.name, password }) })
const companyPatch = z.object({ name: z.string().min(1).max(100).optional(), settings: z.record(z.string(), z.unknown()).optional() })
/** What the document shows of `settings`: any of the company settings, checked after merging with the current ones. */
const companyPatchDoc = companyPatch.extend({ settings: companySettingsSchema.partial().optional() })
const agentBody = z
  .object({ email, password, ...agentFields, role: agentFields.role.default('agent'), capacity: agentFields.capacity.default(5) })
  .partial({ phone: true, avatar: true, info: true, groupIds: true })
const agentPatch = z.object({ ...agentFields, password, disabled: z.boolean() }).partial()
const groupBody = z.object({ name: z.string().min(1).max(100), agentIds: z.array(id).max(200).default([]) })
const groupPatch = z.object({ name: z.string().min(1).max(100) })
const conversationQuery = z.object({
  visitorId: id.optional(),
  agentId: id.optional(),
  status: z.enum(['waiting', 'bot', 'chatting', 'ended']).optional(),
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
})
const messagesQuery = z.object({ beforeSeq: z.coerce.number().int().min(0).max(MAX_SEQ).optional(), limit: z.coerce.number().int().min(1).max(500).optional() })
const agentParams = z.object({ agentId: id })
const groupParams = z.object({ groupId: id })
const faqParams = z.object({ faqId: id })
const conversationParams = z.object({ conversationId: id })
const visitorParams = z.object({ visitorId: id })
/** Sign-in, and the admin REST API; everything is scoped to the signed-in agent's company. */
export function adminRoutes(app: FastifyInstance, ctx: ServerContext, options: { adminToken: string | undefined }): void {
  const { db, chat } = ctx
  let decoyHash: Promise<string> | undefined

  const limits = ctx.httpLimits
  const throttle = new SignInThrottle(app, {
    freeFailures: limits.signInFreeFailures,
    delayMs: limits.signInDelayMs,
    maxDelayMs: limits.signInMaxDelayMs,
    failureWindowMs: limits.signInFailureWindowMs,
  })
  // Two limits: per client address (the plugin, on the route), and per account whatever the address
  // (a growing delay after a few failures), so neither many addresses nor one busy address get far.
  const perAddress = {
    max: limits.loginBurst,
    timeWindow: windowMsOf(limits.loginBurst, limits.loginPerSecond),
    errorResponseBuilder: () => new KefuError('rate_limited', 'too many sign-in attempts; wait a minute and try again'),
  }
  app.post('/api/v1/auth/login', { config: { rateLimit: perAddress }, schema: { ...doc('auth', 'Sign in: a session token for the Authorization header', false), body: loginBody } }, async (request, reply) => {
    const body = loginBody.parse(request.body)
    const account = body.email.trim().toLowerCase()
    const waitMs = await throttle.waitMs(account)
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000)
      reply.header('retry-after', String(seconds))
      throw new KefuError('rate_limited', `too many failed sign-ins to this account; try again in ${seconds} s`)
    }
    // An e-mail may have an account in several companies (each company's e-mails are its own business);
    // the password says which, or `companyId` when one password opens several.
    const candidates = (await findAgentsByEmail(db, body.email)).filter((a) => body.companyId === undefined || a.companyId === body.companyId)
    // The same answer for an unknown e-mail and a wrong password, after the same work: an unknown e-mail
    // is checked against a decoy hash, so response times do not tell which accounts exist.
    decoyHash ??= hashPassword(generateSecret())
    const opened: AgentRecord[] = []
    if (candidates.length === 0) await verifyPassword(body.password, await decoyHash)
    for (const candidate of candidates) {
      if ((await verifyPassword(body.password, candidate.passwordHash)) && !candidate.disabled) opened.push(candidate)
    }
    if (opened.length === 0) {
      await throttle.failed(account)
      throw new KefuError('unauthorized', 'wrong e-mail or password')
    }
    if (opened.length > 1) {
      const ids = opened.map((a) => a.companyId).join(', ')
      throw new ValidationError('conflict', [{ path: 'companyId', message: `this e-mail and password sign in to several companies (${ids}): send the companyId to choose` }])
    }
    const agent = opened[0]!
    const token = signAgentSession({ companyId: agent.companyId, agentId: agent.agentId, role: agent.role }, ctx.tokenSecret)
    return { token, agent: agentInfo(agent) }
  })

  app.get('/api/v1/me', { schema: doc('auth', 'The signed-in agent') }, async (request) => agentInfo(await authenticateAgent(ctx, request)))

  // Creating tenants needs the server's admin token (`--admin-token` / KEFU_ADMIN_TOKEN).
  app.post('/api/v1/companies', { schema: { tags: ['company'], summary: 'Create a company and its first admin (the server admin token)', security: [{ adminToken: [] }], body: companyBody } }, async (request, reply) => {
    if (!options.adminToken || !sameSecret(request.headers.authorization ?? '', `Bearer ${options.adminToken}`)) {
      throw new KefuError('unauthorized', 'creating companies needs the server admin token')
    }
    const body = companyBody.parse(request.body)
    if (await findCompany(db, body.id)) throw new KefuError('conflict', `company "${body.id}" exists`)
    const { company, admin } = await createCompany(db, body)
    // The only time the keys are shown without rotating them: the company's servers must keep them.
    return reply.status(201).send({ company: publicCompany(company, 'issued'), admin: agentInfo(admin) })
  })

  app.get('/api/v1/company', { schema: doc('company', 'The company and its settings') }, async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const company = await findCompany(db, agent.companyId)
    return publicCompany(company!, agent.role === 'admin' ? 'admin' : 'agent')
  })

  app.patch('/api/v1/company', { schema: { ...doc('company', 'Rename the company or change settings', 'admin'), body: companyPatchDoc } }, async (request) => {
    const agent = await authenticateAgent(ctx, request, 'admin')
    const body = companyPatch.parse(request.body)
    const current = (await findCompany(db, agent.companyId))!
    const settings = body.settings ? companySettingsSchema.parse({ ...current.settings, ...body.settings }) : undefined
    if (settings) await checkSettingsReferences(db, agent.companyId, settings)
    const company = await chat.admin.updateCompany(agent.companyId, { ...(body.name ? { name: body.name } : {}), ...(settings ? { settings } : {}) })
    return publicCompany(company, 'admin')
  })

  app.get('/api/v1/agents', { schema: doc('agents', 'The company’s agents') }, async (request) => {
    const agent = await authenticateAgent(ctx, request)
    // Admins manage accounts, so they see which are disabled.
    return (await listAgents(db, agent.companyId)).map((a) => (agent.role === 'admin' ? { ...agentInfo(a), disabled: a.disabled } : agentInfo(a)))
  })

  app.post('/api/v1/agents', { schema: { ...doc('agents', 'Add an agent', 'admin'), body: agentBody } }, async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const body = agentBody.parse(request.body)
    // Only this company's e-mails: whether another company has an account is none of its business.
    if (await findAgentByEmail(db, admin.companyId, body.email)) throw new KefuError('conflict', 'that e-mail is taken')
    const created = await chat.admin.createAgent(
      {
      companyId: admin.companyId,
      email: body.email,
      name: body.name,
      passwordHash: await hashPassword(body.password),
      role: body.role,
      capacity: body.capacity,
      ...(body.phone ? { phone: body.phone } : {}),
      ...(body.avatar ? { avatar: body.avatar } : {}),
      ...(body.info ? { info: body.info } : {}),
      },
      body.groupIds,
    ).catch((error: unknown) => {
      // Two admins adding the same e-mail at once: the unique index lets one win.
      throw (error as { code?: string }).code === '23505' ? new KefuError('conflict', 'that e-mail is taken') : error
    })
    return reply.status(201).send(agentInfo(created))
  })

  app.patch('/api/v1/agents/:agentId', { schema: { ...doc('agents', 'Change an agent (a new password signs it out everywhere)', 'admin'), params: agentParams, body: agentPatch } }, async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { agentId } = agentParams.parse(request.params)
    const body = agentPatch.parse(request.body)
    // Like deleting yourself: an admin who disables or demotes their own account may leave nobody to undo it.
    if (agentId === admin.agentId && (body.disabled === true || body.role === 'agent')) {
      throw new KefuError('conflict', 'you cannot disable or demote yourself; ask another admin')
    }
    const { password: newPassword, groupIds, ...rest } = body
    // A new password ends every session signed in with the old one.
    const passwordPatch = newPassword ? { passwordHash: await hashPassword(newPassword), sessionsValidAfter: Math.floor(Date.now() / 1000) } : {}
    return agentInfo(await chat.admin.updateAgent(admin.companyId, agentId, { ...rest, ...passwordPatch }, groupIds))
  })

  app.delete('/api/v1/agents/:agentId', { schema: { ...doc('agents', 'Delete an agent', 'admin'), params: agentParams } }, async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { agentId } = agentParams.parse(request.params)
    if (agentId === admin.agentId) throw new KefuError('conflict', 'you cannot delete yourself')
    await chat.admin.deleteAgent(admin.companyId, agentId)
    return reply.status(204).send()
  })

  app.get('/api/v1/groups', { schema: doc('groups', 'The company’s agent groups') }, async (request) => listGroups(db, (await authenticateAgent(ctx, request)).companyId))

  app.post('/api/v1/groups', { schema: { ...doc('groups', 'Add a group', 'admin'), body: groupBody } }, async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const body = groupBody.parse(request.body)
    const group = await chat.admin.createGroup(admin.companyId, body.name, body.agentIds)
    return reply.status(201).send((await listGroups(db, admin.companyId)).find((g) => g.groupId === group.groupId))
  })

  app.patch('/api/v1/groups/:groupId', { schema: { ...doc('groups', 'Rename a group', 'admin'), params: groupParams, body: groupPatch } }, async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { groupId } = groupParams.parse(request.params)
    const body = groupPatch.parse(request.body)
    return chat.admin.renameGroup(admin.companyId, groupId, body.name)
  })

  app.delete('/api/v1/groups/:groupId', { schema: { ...doc('groups', 'Delete a group', 'admin'), params: groupParams } }, async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { groupId } = groupParams.parse(request.params)
    await chat.admin.deleteGroup(admin.companyId, groupId)
    return reply.status(204).send()
  })

  app.get('/api/v1/faqs', { schema: doc('faq', 'The bot’s FAQ') }, async (request) => listFaqs(db, (await authenticateAgent(ctx, request)).companyId))

  app.post('/api/v1/faqs', { schema: { ...doc('faq', 'Add a FAQ entry', 'admin'), body: faqBody } }, async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const body = faqBody.parse(request.body)
    return reply.status(201).send(await chat.admin.createFaq(admin.companyId, body))
  })

  app.put('/api/v1/faqs/:faqId', { schema: { ...doc('faq', 'Replace a FAQ entry', 'admin'), params: faqParams, body: faqBody } }, async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { faqId } = faqParams.parse(request.params)
    return chat.admin.updateFaq(admin.companyId, { faqId, ...faqBody.parse(request.body) })
  })

  app.delete('/api/v1/faqs/:faqId', { schema: { ...doc('faq', 'Delete a FAQ entry', 'admin'), params: faqParams } }, async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { faqId } = faqParams.parse(request.params)
    await chat.admin.deleteFaq(admin.companyId, faqId)
    return reply.status(204).send()
  })

  // History: any agent of the company may read it.
  app.get('/api/v1/conversations', { schema: { ...doc('history', 'Search conversations, newest first'), querystring: conversationQuery } }, async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const q = conversationQuery.parse(request.query)
    return searchConversations(db, agent.companyId, q)
  })

  app.get('/api/v1/conversations/:conversationId', { schema: { ...doc('history', 'One conversation'), params: conversationParams } }, async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const { conversationId } = conversationParams.parse(request.params)
    const conversation = await findConversation(db, agent.companyId, conversationId)
    if (!conversation) throw new KefuError('not_found', 'no such conversation')
    return conversation
  })

  app.post('/api/v1/conversations/:conversationId/close', { schema: { ...doc('history', 'End a conversation as the system', 'admin'), params: conversationParams } }, async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { conversationId } = conversationParams.parse(request.params)
    await chat.conversations.closeBySystem(admin.companyId, conversationId)
    return { closed: conversationId }
  })

  app.get('/api/v1/visitors/:visitorId', { schema: { ...doc('history', 'A visitor’s profile'), params: visitorParams } }, async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const { visitorId } = visitorParams.parse(request.params)
    const profile = await chat.visitors.profileOf(agent.companyId, visitorId)
    if (!profile) throw new KefuError('not_found', 'no such visitor')
    return profile
  })

  app.get('/api/v1/visitors/:visitorId/messages', { schema: { ...doc('history', 'A visitor’s messages, older pages by beforeSeq'), params: visitorParams, querystring: messagesQuery } }, async (request) => {
    const agent = await authenticateAgent(ctx, request)
    const { visitorId } = visitorParams.parse(request.params)
    const q = messagesQuery.parse(request.query)
    if (!(await chat.visitors.find(agent.companyId, visitorId))) throw new KefuError('not_found', 'no such visitor')
    const messages = await listMessages(db, agent.companyId, visitorId, q)
    return messages.map((m) => ({ ...m.message, conversationId: m.conversationId }))
  })
}

/** Compares secrets in constant time (hashed first, so their lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * A company as the API shows it. The keys themselves only when just issued (`issued`); admins see when
 * each was issued and its last four characters, to tell which one a store is using; agents neither.
 */
export function publicCompany(company: Company, view: 'issued' | 'admin' | 'agent') {
  return {
    id: company.id,
    name: company.name,
    settings: company.settings,
    ...(view === 'issued' ? { signKey: company.signKey, metaKey: company.metaKey } : {}),
    ...(view === 'agent'
      ? {}
      : {
          keys: {
            sign: { endsWith: company.signKey.slice(-4), rotatedAt: company.signKeyRotatedAt },
            meta: { endsWith: company.metaKey.slice(-4), rotatedAt: company.metaKeyRotatedAt },
          },
        }),
  }
}
