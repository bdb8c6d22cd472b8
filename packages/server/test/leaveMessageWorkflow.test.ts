import { memoryStorage, type AgentServerFrame, type LeaveMessageRecord } from '@kefu/core'
import pino from 'pino'
import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findVisitor, updateVisitor } from '../src/store/visitorStore'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'

type Frame<T extends AgentServerFrame['type']> = Extract<AgentServerFrame, { type: T }>

interface Hook {
  readonly headers: Record<string, string | string[] | undefined>
  readonly raw: string
  readonly body: { event: string; companyId: string; at: number; leaveMessage: LeaveMessageRecord; reply?: { text: string; agentName: string } }
}

/** A company's own endpoint: records every request; answers `status`. */
async function webhookReceiver(status = 204): Promise<{ url: string; hooks: Hook[]; close(): Promise<void> }> {
  const hooks: Hook[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      hooks.push({ headers: req.headers, raw, body: JSON.parse(raw) })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hooks/kefu`, hooks, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

const unique = (text: string) => `${text} ${randomBytes(3).toString('hex')}`

describe.each(DATABASES)('leave messages as a workflow: status, assignee, replies, webhook, CRM (%s)', (database) => {
  let h: Harness
  let admin: string
  let amy: { agentId: string; token: string }
  let bob: { agentId: string; token: string }
  let desk: AgentTestClient
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>
  let signKey: string
  const other = `o${randomBytes(4).toString('hex')}`
  let otherAdmin: string
  let otherAgent: { agentId: string; token: string }
  const logLines: { msg: string; url?: string }[] = []

  beforeAll(async () => {
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logLines.push(JSON.parse(line)) })
    h = await startHarness(database, { companySettings: { receptionMode: 2 }, server: { logger } })
    admin = await h.login(h.adminEmail)
    amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    bob = await h.addAgent({ email: `bob-${h.companyId}@example.com`, name: 'Bob' })
    desk = await h.agent(amy.token)
    receiver = await webhookReceiver()
    const saved = await h.http('PATCH', '/api/v1/company', { token: admin, body: { settings: { leaveMessageWebhook: receiver.url } } })
    expect(saved.status).toBe(200)
    expect(saved.body.settings.leaveMessageWebhook).toBe(receiver.url)
    signKey = (await h.server.context.chat.companies.get(h.companyId)).company.signKey
    otherAdmin = (await h.addCompany(other)).adminToken
    otherAgent = await h.addAgent({ email: `olly-${other}@example.com`, name: 'Olly', companyId: other })
  })
  afterAll(async () => {
    await h?.close()
    await receiver?.close()
  })

  /** A visitor leaves a message; the agent's frame says it is stored. */
  const leave = async (input: Parameters<ReturnType<Harness['visitor']>['leaveMessage']>[0], visitor = h.visitor()) => {
    visitor.connect()
    await visitor.leaveMessage(input)
    const { leaveMessage } = await desk.waitFor<Frame<'leaveMessage'>>((f) => f.type === 'leaveMessage' && f.leaveMessage.content === input.content)
    return { visitor, leaveMessage }
  }
  const patch = (id: string, body: unknown, token = amy.token) => h.http('PATCH', `/api/v1/leave-messages/${id}`, { token, body })
  const reply = (id: string, text: string, token = amy.token) => h.http('POST', `/api/v1/leave-messages/${id}/replies`, { token, body: { text } })
  const handledAt = async (id: string) => (await h.server.context.db.query<{ handled_at: number | null }>('SELECT handled_at FROM leave_messages WHERE id = $1', [id]))[0]!.handled_at
  const hookFor = (id: string, event: string) => receiver.hooks.find((k) => k.body.leaveMessage.id === id && k.body.event === event)
  const expectSigned = (hook: Hook) => {
    const expected = `sha256=${createHmac('sha256', signKey).update(hook.raw, 'utf8').digest('hex')}`
    expect(hook.headers['x-kefu-signature']).toBe(expected)
    expect(hook.headers['content-type']).toBe('application/json')
    expect(hook.headers['x-kefu-event']).toBe(hook.body.event)
    expect(hook.body.companyId).toBe(h.companyId)
  }

  it("a new message starts as new and unassigned, fills the visitor's empty CRM fields, keeps the ones they have, and reaches the webhook signed", async () => {
    const visitor = h.visitor()
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().ready).toBe(true))
    const visitorId = visitor.getSnapshot().visitorId!
    await updateVisitor(h.server.context.db, h.companyId, visitorId, { crm: { tel: '021-5555' } })

    const content = unique('请回电')
    const { leaveMessage } = await leave({ content, name: '王五', tel: '13900000000', email: 'wang@example.com', fields: { qq: '12345', order_no: 'SO-1' } }, visitor)
    expect(leaveMessage).toMatchObject({ content, status: 'new', assigneeId: null, replies: [] })

    const crm = (await findVisitor(h.server.context.db, h.companyId, visitorId))!.crm
    expect(crm).toEqual({ tel: '021-5555', realname: '王五', email: 'wang@example.com', qq: '12345' })
    // The agents see the filled profile at once.
    await desk.waitFor<Frame<'visitor'>>((f) => f.type === 'visitor' && f.visitor.visitorId === visitorId && f.visitor.crm.realname === '王五')

    await eventually(() => expect(hookFor(leaveMessage.id, 'leaveMessage.created')).toBeDefined())
    const hook = hookFor(leaveMessage.id, 'leaveMessage.created')!
    expectSigned(hook)
    expect(hook.body.leaveMessage).toMatchObject({ id: leaveMessage.id, visitorId, content, name: '王五', status: 'new' })
  })

  it('an agent takes a message, assigns it, and closes it; done marks it handled once; every agent hears of each change', async () => {
    const { leaveMessage } = await leave({ content: unique('发票') })
    const taken = await patch(leaveMessage.id, { status: 'open', assigneeId: amy.agentId })
    expect(taken.status).toBe(200)
    expect(taken.body).toMatchObject({ id: leaveMessage.id, status: 'open', assigneeId: amy.agentId })
    await desk.waitFor<Frame<'leaveMessage'>>((f) => f.type === 'leaveMessage' && f.leaveMessage.id === leaveMessage.id && f.leaveMessage.status === 'open')
    expect(await handledAt(leaveMessage.id)).toBeNull()

    expect((await patch(leaveMessage.id, { assigneeId: bob.agentId })).body).toMatchObject({ status: 'open', assigneeId: bob.agentId })
    const done = await patch(leaveMessage.id, { status: 'done' }, bob.token)
    expect(done.body).toMatchObject({ status: 'done', assigneeId: bob.agentId })
    const first = Number(await handledAt(leaveMessage.id))
    expect(first).toBeGreaterThan(0)

    // Reopened and closed again: still handled when it first was (reports measure the first handling).
    await patch(leaveMessage.id, { status: 'open', assigneeId: null })
    expect((await patch(leaveMessage.id, { status: 'done' })).body).toMatchObject({ status: 'done', assigneeId: null })
    expect(Number(await handledAt(leaveMessage.id))).toBe(first)

    const listed = (await h.http('GET', '/api/v1/leave-messages', { token: bob.token })).body as LeaveMessageRecord[]
    expect(listed.find((m) => m.id === leaveMessage.id)).toMatchObject({ status: 'done', assigneeId: null })
  })

  it("a reply reaches the connected visitor's chat at once as the agent's message, and the webhook with the reply", async () => {
    const { visitor, leaveMessage } = await leave({ content: unique('什么时候发货') })
    const text = unique('明天发货')
    const res = await reply(leaveMessage.id, text)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ id: leaveMessage.id, status: 'open', replies: [{ text, agentId: amy.agentId, agentName: 'Amy' }] })
    expect(await handledAt(leaveMessage.id)).not.toBeNull()

    await eventually(() => {
      const got = visitor.getSnapshot().messages.find((m) => m.body.type === 'text' && m.body.text === text)
      expect(got).toMatchObject({ sender: 'agent', senderName: 'Amy' })
    })
    await eventually(() => expect(visitor.getSnapshot().unread).toBeGreaterThanOrEqual(1))

    await eventually(() => expect(hookFor(leaveMessage.id, 'leaveMessage.replied')).toBeDefined())
    const hook = hookFor(leaveMessage.id, 'leaveMessage.replied')!
    expectSigned(hook)
    expect(hook.body.reply).toMatchObject({ text, agentName: 'Amy' })
    expect(hook.body.leaveMessage.replies).toHaveLength(1)

    const listed = (await h.http('GET', '/api/v1/leave-messages', { token: amy.token })).body as LeaveMessageRecord[]
    expect(listed.find((m) => m.id === leaveMessage.id)?.replies).toEqual([expect.objectContaining({ text, agentName: 'Amy' })])
  })

  it('a reply to a visitor who has left reaches them on their next visit', async () => {
    const storage = memoryStorage()
    const { visitor, leaveMessage } = await leave({ content: unique('晚点再来') }, h.visitor({ storage }))
    const { visitorId } = visitor.getSnapshot()
    visitor.destroy()
    const text = unique('已经处理好了')
    expect((await reply(leaveMessage.id, text, bob.token)).status).toBe(201)

    const back = h.visitor({ storage })
    back.connect()
    await eventually(() => expect(back.getSnapshot().ready).toBe(true))
    expect(back.getSnapshot().visitorId).toBe(visitorId)
    expect(back.getSnapshot().messages.find((m) => m.body.type === 'text' && m.body.text === text)).toMatchObject({ sender: 'agent', senderName: 'Bob' })
    expect(back.getSnapshot().unread).toBeGreaterThanOrEqual(1)
  })

  it("another company's message is not found; an assignee from another company or nobody is refused", async () => {
    const { leaveMessage } = await leave({ content: unique('隔离') })
    expect((await patch(leaveMessage.id, { status: 'done' }, otherAdmin)).status).toBe(404)
    expect((await patch(leaveMessage.id, { status: 'done' }, otherAgent.token)).status).toBe(404)
    expect((await reply(leaveMessage.id, 'not yours', otherAgent.token)).status).toBe(404)
    const theirs = (await h.http('GET', '/api/v1/leave-messages', { token: otherAdmin })).body as LeaveMessageRecord[]
    expect(theirs.some((m) => m.id === leaveMessage.id)).toBe(false)

    for (const assigneeId of [otherAgent.agentId, 'a_nobody']) {
      const res = await patch(leaveMessage.id, { assigneeId })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body)).toContain('assigneeId')
    }
    expect((await patch('lm_missing', { status: 'done' })).status).toBe(404)
    expect((await reply('lm_missing', 'hello')).status).toBe(404)
    // Nothing changed, and the visitor got no reply from another company.
    const mine = ((await h.http('GET', '/api/v1/leave-messages', { token: amy.token })).body as LeaveMessageRecord[]).find((m) => m.id === leaveMessage.id)
    expect(mine).toMatchObject({ status: 'new', assigneeId: null, replies: [] })
  })

  it('bad input is refused with 400: unknown status or field, empty or NUL text, a webhook that is not http(s)', async () => {
    const { leaveMessage } = await leave({ content: unique('坏输入') })
    for (const body of [{ status: 'closed' }, { status: 'in_progress' }, { assigneeId: 42 }, { assigneeId: 'a b' }, { note: 'x' }]) {
      expect((await patch(leaveMessage.id, body)).status, JSON.stringify(body)).toBe(400)
    }
    for (const text of ['', '   ', 'a\u0000b', 'x'.repeat(5001)]) expect((await reply(leaveMessage.id, text)).status).toBe(400)
    expect((await h.http('POST', `/api/v1/leave-messages/${leaveMessage.id}/replies`, { token: amy.token, body: {} })).status).toBe(400)
    expect((await patch('lm\u0000x', { status: 'done' })).status).toBe(400)
    expect((await h.http('PATCH', `/api/v1/leave-messages/${leaveMessage.id}`, { body: { status: 'done' } })).status).toBe(401)

    for (const url of ['ftp://example.com/hook', 'javascript:alert(1)', 'not a url', 'https://user:pass@example.com/hook']) {
      expect((await h.http('PATCH', '/api/v1/company', { token: admin, body: { settings: { leaveMessageWebhook: url } } })).status, url).toBe(400)
    }
    // Agents cannot set it.
    expect((await h.http('PATCH', '/api/v1/company', { token: amy.token, body: { settings: { leaveMessageWebhook: 'https://evil.example.com' } } })).status).toBe(403)
    const mine = ((await h.http('GET', '/api/v1/leave-messages', { token: amy.token })).body as LeaveMessageRecord[]).find((m) => m.id === leaveMessage.id)
    expect(mine).toMatchObject({ status: 'new', replies: [] })
  })

  it("a webhook that fails or cannot be reached costs a warning, never the visitor's message or the agent's reply", async () => {
    const failing = await webhookReceiver(500)
    const unreachable = await webhookReceiver()
    await unreachable.close()
    try {
      for (const target of [failing, unreachable]) {
        expect((await h.http('PATCH', '/api/v1/company', { token: admin, body: { settings: { leaveMessageWebhook: target.url } } })).status).toBe(200)
        const { leaveMessage } = await leave({ content: unique('webhook down') })
        expect((await reply(leaveMessage.id, 'still answered')).status).toBe(201)
        await eventually(() => expect(logLines.filter((l) => l.url === target.url && l.msg.includes('webhook')).length).toBe(2))
      }
      expect(failing.hooks).toHaveLength(2)
    } finally {
      await failing.close()
      await h.http('PATCH', '/api/v1/company', { token: admin, body: { settings: { leaveMessageWebhook: receiver.url } } })
    }
  })
})
