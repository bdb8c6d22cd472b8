import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signAgentSession } from '../src/security'
import { DATABASES, eventually, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

const SERVER_ADMIN_TOKEN = 'x'.repeat(32)
const PASSWORD = 'correct horse battery'
const unique = () => randomBytes(4).toString('hex')

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- REST bodies read as JSON
type Json = any

/** Every error leaves as `{ error: { code, message } }` (plus `issues` for validation). */
function expectError(res: { status: number; body: Json }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) })
  expect(Object.keys(res.body.error).every((k) => ['code', 'message', 'issues'].includes(k))).toBe(true)
}

describe.each(DATABASES)('the admin REST API (%s)', (database) => {
  let h: Harness
  let admin: string

  beforeAll(async () => {
    h = await startHarness(database, { server: { adminToken: SERVER_ADMIN_TOKEN } })
    admin = await h.login(h.adminEmail)
  })
  afterAll(() => h?.close())

  const email = (who: string) => `${who}-${unique()}@example.com`
  const login = (address: string, password = PASSWORD) => h.http('POST', '/api/v1/auth/login', { body: { email: address, password } })
  const agentHello = async (token: string) => {
    const socket = await RawSocket.open(`${h.wsUrl}/ws/agent`)
    socket.send({ type: 'agent.hello', v: 1, token })
    const answer = await socket.waitFor((f) => f.type === 'agent.welcome' || f.type === 'error')
    return { answer, socket }
  }

  it('login: a session for the right password; the same 401 for a wrong password and an unknown e-mail', async () => {
    const ok = await login(h.adminEmail)
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ token: expect.any(String), agent: { email: h.adminEmail, role: 'admin', companyId: h.companyId } })
    expect(JSON.stringify(ok.body)).not.toMatch(/passwordHash|scrypt/)
    const upper = await login(h.adminEmail.toUpperCase())
    expect(upper.status).toBe(200)

    const wrong = await login(h.adminEmail, 'wrong password!')
    const unknown = await login(`nobody-${unique()}@example.com`)
    expectError(wrong, 401, 'unauthorized')
    expectError(unknown, 401, 'unauthorized')
    expect(wrong.body).toEqual(unknown.body)
    expectError(await h.http('POST', '/api/v1/auth/login', { body: { email: 'not an e-mail' } }), 400, 'invalid_argument')

    const me = await h.http('GET', '/api/v1/me', { token: ok.body.token })
    expect(me.body).toMatchObject({ email: h.adminEmail, role: 'admin' })
    expectError(await h.http('GET', '/api/v1/me'), 401, 'unauthorized')
    expectError(await h.http('GET', '/api/v1/me', { token: 'v1.bogus.token' }), 401, 'unauthorized')
  })

  it('companies are created only with the server admin token; duplicates are 409', async () => {
    const id = `n${unique()}`
    const body = { id, name: 'New shop', admin: { email: email('owner'), name: 'Owner', password: PASSWORD }, settings: { robotName: 'Xiaozhi' } }
    expectError(await h.http('POST', '/api/v1/companies', { body }), 401, 'unauthorized')
    expectError(await h.http('POST', '/api/v1/companies', { body, token: 'y'.repeat(32) }), 401, 'unauthorized')
    expectError(await h.http('POST', '/api/v1/companies', { body, token: admin }), 401, 'unauthorized') // a company admin is not the server admin

    const created = await h.http('POST', '/api/v1/companies', { body, token: SERVER_ADMIN_TOKEN })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ company: { id, name: 'New shop', settings: { robotName: 'Xiaozhi', receptionMode: 4 } }, admin: { email: body.admin.email, role: 'admin', companyId: id } })
    expect(created.body.company.signKey).toEqual(expect.any(String))
    expect(created.body.company.metaKey).toEqual(expect.any(String))
    expect((await login(body.admin.email)).status).toBe(200)

    expectError(await h.http('POST', '/api/v1/companies', { body: { ...body, admin: { ...body.admin, email: email('other') } }, token: SERVER_ADMIN_TOKEN }), 409, 'conflict')
    // E-mails are unique within a company, not across companies (issue 11.8): the same owner may run two.
    expect((await h.http('POST', '/api/v1/companies', { body: { ...body, id: `n${unique()}` }, token: SERVER_ADMIN_TOKEN })).status).toBe(201)
    const invalid = await h.http('POST', '/api/v1/companies', {
      body: { id: 'has spaces!', name: '', admin: { email: 'x', name: 'A', password: 'short' } },
      token: SERVER_ADMIN_TOKEN,
    })
    expectError(invalid, 400, 'invalid_argument')
    expect(invalid.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['admin.email', 'admin.password', 'id', 'name'])
    const badSettings = await h.http('POST', '/api/v1/companies', {
      body: { ...body, id: `n${unique()}`, admin: { ...body.admin, email: email('o') }, settings: { receptionMode: 7 } },
      token: SERVER_ADMIN_TOKEN,
    })
    expectError(badSettings, 400, 'invalid_argument')
  })

  it('agents: create with groups, change capacity, role and password, disable, delete', async () => {
    const group = await h.http('POST', '/api/v1/groups', { token: admin, body: { name: `Pre-sales ${unique()}` } })
    const address = email('carol')
    const created = await h.http('POST', '/api/v1/agents', {
      token: admin,
      body: { email: address, password: PASSWORD, name: 'Carol', groupIds: [group.body.groupId], phone: '+86 10 1234', avatar: 'https://cdn.example/c.png' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ email: address, name: 'Carol', role: 'agent', capacity: 5, groupIds: [group.body.groupId], phone: '+86 10 1234', companyId: h.companyId })
    expect(JSON.stringify(created.body)).not.toMatch(/passwordHash|disabled/)
    const carolId: string = created.body.agentId
    expect((await h.http('GET', '/api/v1/agents', { token: admin })).body.map((a: Json) => a.agentId)).toContain(carolId)
    expect((await h.http('GET', '/api/v1/groups', { token: admin })).body.find((g: Json) => g.groupId === group.body.groupId).agentIds).toEqual([carolId])
    expectError(await h.http('POST', '/api/v1/agents', { token: admin, body: { email: address, password: PASSWORD, name: 'Carol 2' } }), 409, 'conflict')
    const invalid = await h.http('POST', '/api/v1/agents', { token: admin, body: { email: email('x'), password: 'short', name: '', capacity: -1, role: 'root' } })
    expectError(invalid, 400, 'invalid_argument')
    expect(invalid.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['capacity', 'name', 'password', 'role'])

    // A session signed in before the password change (a few seconds earlier) ...
    const oldSession = signAgentSession({ companyId: h.companyId, agentId: carolId, role: 'agent' }, h.server.context.tokenSecret, { now: Date.now() - 5000 })
    expect((await h.http('GET', '/api/v1/me', { token: oldSession })).status).toBe(200)
    const patched = await h.http('PATCH', `/api/v1/agents/${carolId}`, { token: admin, body: { capacity: 9, role: 'admin', password: 'a new password 2', groupIds: [] } })
    expect(patched.status).toBe(200)
    // ... ends with it, over REST and over the WebSocket.
    expectError(await h.http('GET', '/api/v1/me', { token: oldSession }), 401, 'unauthorized')
    const oldDesk = await h.agent(oldSession)
    expect(oldDesk.frames[0]).toMatchObject({ type: 'error', code: 'unauthorized' })
    expect(patched.body).toMatchObject({ capacity: 9, role: 'admin', groupIds: [] })
    expectError(await login(address), 401, 'unauthorized')
    const session = await login(address, 'a new password 2')
    expect(session.status).toBe(200)
    expect(session.body.agent).toMatchObject({ role: 'admin', capacity: 9 })
    expectError(await h.http('PATCH', `/api/v1/agents/a_nobody`, { token: admin, body: { capacity: 1 } }), 404, 'not_found')
    expectError(await h.http('PATCH', `/api/v1/agents/${carolId}`, { token: admin, body: { capacity: 1000 } }), 400, 'invalid_argument')
    // The avatar is shown to visitors: http(s) only.
    for (const avatar of ['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'https://cdn.example/a.png" onerror="alert(1)']) {
      const res = await h.http('PATCH', `/api/v1/agents/${carolId}`, { token: admin, body: { avatar } })
      expectError(res, 400, 'invalid_argument')
      expect(new Set(res.body.error.issues.map((i: { path: string }) => i.path))).toEqual(new Set(['avatar']))
    }

    // Disabled: no sign-in, no REST, no WebSocket — and a connection already open is cut off.
    const open = await h.agent(session.body.token)
    expect(open.welcome).toBeDefined()
    const openClosed = new Promise<number>((resolve) => open.socket.once('close', resolve))
    const disabled = await h.http('PATCH', `/api/v1/agents/${carolId}`, { token: admin, body: { disabled: true } })
    expect(disabled.status).toBe(200)
    const refusedLogin = await login(address, 'a new password 2')
    expectError(refusedLogin, 401, 'unauthorized')
    expect(refusedLogin.body).toEqual((await login(`nobody-${unique()}@example.com`)).body) // no hint that the account exists
    expectError(await h.http('GET', '/api/v1/me', { token: session.body.token }), 401, 'unauthorized')
    const hello = await agentHello(session.body.token)
    expect(hello.answer).toMatchObject({ type: 'error', code: 'unauthorized' })
    expect((await hello.socket.closed).code).toBe(4401)
    expect(await openClosed).toBe(4401)
    expect(open.frames.some((f) => f.type === 'error' && f.code === 'unauthorized')).toBe(true)

    // Enabled again, then deleted.
    await h.http('PATCH', `/api/v1/agents/${carolId}`, { token: admin, body: { disabled: false } })
    expect((await login(address, 'a new password 2')).status).toBe(200)
    const deleted = await h.http('DELETE', `/api/v1/agents/${carolId}`, { token: admin })
    expect(deleted.status).toBe(204)
    expect(deleted.body).toBeUndefined()
    expect((await h.http('GET', '/api/v1/agents', { token: admin })).body.map((a: Json) => a.agentId)).not.toContain(carolId)
    expectError(await login(address, 'a new password 2'), 401, 'unauthorized')
    expectError(await h.http('GET', '/api/v1/me', { token: session.body.token }), 401, 'unauthorized')
    expectError(await h.http('DELETE', `/api/v1/agents/${carolId}`, { token: admin }), 404, 'not_found')

    // Nobody deletes, disables or demotes themselves (the company could be left without an admin).
    const me = (await h.http('GET', '/api/v1/me', { token: admin })).body
    expectError(await h.http('DELETE', `/api/v1/agents/${me.agentId}`, { token: admin }), 409, 'conflict')
    expectError(await h.http('PATCH', `/api/v1/agents/${me.agentId}`, { token: admin, body: { disabled: true } }), 409, 'conflict')
    expectError(await h.http('PATCH', `/api/v1/agents/${me.agentId}`, { token: admin, body: { role: 'agent' } }), 409, 'conflict')
    expect((await h.http('GET', '/api/v1/me', { token: admin })).body).toMatchObject({ role: 'admin' })
    const renamed = await h.http('PATCH', `/api/v1/agents/${me.agentId}`, { token: admin, body: { name: 'Head admin', capacity: 4 } })
    expect(renamed.body).toMatchObject({ name: 'Head admin', capacity: 4, role: 'admin' })
  })

  it('a non-admin agent can read lists and history but gets 403 on every write', async () => {
    const dave = await h.addAgent({ email: email('dave'), name: 'Dave' })
    const desk = await h.agent(dave.token)
    const visitor = h.visitor()
    visitor.connect()
    await visitor.requestChat({ agentId: dave.agentId, agentModeFlag: 1 })
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
    await visitor.send('where is my parcel?')
    await desk.waitFor((f) => f.type === 'message' && f.message.sender === 'visitor')
    const visitorId = visitor.getSnapshot().visitorId!
    const conversationId = visitor.getSnapshot().staff!.recordId

    for (const path of ['/api/v1/agents', '/api/v1/groups', '/api/v1/faqs', '/api/v1/leave-messages', '/api/v1/conversations', `/api/v1/conversations/${conversationId}`, `/api/v1/visitors/${visitorId}`]) {
      expect((await h.http('GET', path, { token: dave.token })).status, path).toBe(200)
    }
    const history = await h.http('GET', `/api/v1/visitors/${visitorId}/messages`, { token: dave.token })
    expect(history.body.map((m: Json) => m.body.text)).toContain('where is my parcel?')
    const company = await h.http('GET', '/api/v1/company', { token: dave.token })
    expect(company.status).toBe(200)
    expect(company.body.signKey).toBeUndefined() // the keys are for admins
    expect(company.body.metaKey).toBeUndefined()

    const someone = (await h.http('GET', '/api/v1/agents', { token: admin })).body[0].agentId
    const writes: [string, string, unknown?][] = [
      ['POST', '/api/v1/agents', { email: email('eve'), password: PASSWORD, name: 'Eve' }],
      ['PATCH', `/api/v1/agents/${dave.agentId}`, { role: 'admin' }],
      ['PATCH', `/api/v1/agents/${someone}`, { disabled: true }],
      ['DELETE', `/api/v1/agents/${someone}`],
      ['POST', '/api/v1/groups', { name: 'Mine' }],
      ['PATCH', '/api/v1/groups/g_x', { name: 'Mine' }],
      ['DELETE', '/api/v1/groups/g_x'],
      ['POST', '/api/v1/faqs', { question: 'q', answer: 'a' }],
      ['PUT', '/api/v1/faqs/f_x', { question: 'q', answer: 'a' }],
      ['DELETE', '/api/v1/faqs/f_x'],
      ['PATCH', '/api/v1/company', { settings: { requireMemberSign: true } }],
      ['POST', `/api/v1/conversations/${conversationId}/close`],
    ]
    for (const [method, path, body] of writes) expectError(await h.http(method, path, { token: dave.token, ...(body ? { body } : {}) }), 403, 'forbidden')
    expect((await h.http('GET', '/api/v1/me', { token: dave.token })).body.role).toBe('agent')
    expect((await h.http('GET', `/api/v1/conversations/${conversationId}`, { token: admin })).body.status).toBe('chatting')

    // An admin may close it.
    const closed = await h.http('POST', `/api/v1/conversations/${conversationId}/close`, { token: admin })
    expect(closed.status).toBe(200)
    await eventually(() => expect(visitor.getSnapshot().status).toMatchObject({ name: 'ended', reason: 6 }))
    expectError(await h.http('POST', `/api/v1/conversations/${conversationId}/close`, { token: admin }), 404, 'not_found')
  })

  it('groups: create with agents, rename, delete', async () => {
    const erin = await h.addAgent({ email: email('erin'), name: 'Erin' })
    const created = await h.http('POST', '/api/v1/groups', { token: admin, body: { name: 'After-sales', agentIds: [erin.agentId, 'a_nobody'] } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'After-sales', agentIds: [erin.agentId], companyId: h.companyId })
    const groupId = created.body.groupId
    const renamed = await h.http('PATCH', `/api/v1/groups/${groupId}`, { token: admin, body: { name: 'Returns' } })
    expect(renamed.body).toMatchObject({ groupId, name: 'Returns', agentIds: [erin.agentId] })
    expectError(await h.http('PATCH', `/api/v1/groups/${groupId}`, { token: admin, body: { name: '' } }), 400, 'invalid_argument')
    expectError(await h.http('PATCH', '/api/v1/groups/g_nobody', { token: admin, body: { name: 'x' } }), 404, 'not_found')

    // A visitor routed to the group reaches its agent.
    const desk = await h.agent(erin.token)
    const visitor = h.visitor()
    visitor.connect()
    await visitor.requestChat({ groupId })
    await eventually(() => expect(visitor.getSnapshot().staff?.staffId).toBe(erin.agentId))
    await desk.request({ type: 'conversation.end', conversationId: visitor.getSnapshot().staff!.recordId })

    expect((await h.http('DELETE', `/api/v1/groups/${groupId}`, { token: admin })).status).toBe(204)
    expect((await h.http('GET', '/api/v1/groups', { token: admin })).body.map((g: Json) => g.groupId)).not.toContain(groupId)
    const agents = (await h.http('GET', '/api/v1/agents', { token: admin })).body
    expect(agents.find((a: Json) => a.agentId === erin.agentId).groupIds).toEqual([])
    expectError(await h.http('DELETE', `/api/v1/groups/${groupId}`, { token: admin }), 404, 'not_found')
  })

  it('FAQ: create, update, delete; the bot answers from the current entries at once', async () => {
    const visitor = h.visitor()
    visitor.connect()
    await visitor.requestChat({ mode: 1 })
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('bot'))
    const botSays = async (question: string) => {
      const sent = await visitor.send(question)
      let answer = ''
      await eventually(() => {
        const reply = visitor.getSnapshot().messages.find((m) => m.sender === 'bot' && (m.seq ?? 0) > (sent.seq ?? 0))
        expect(reply).toBeDefined()
        answer = (reply!.body as { text: string }).text
      })
      return answer
    }
    const question = `How long is the return window for ${unique()}?`
    expect(await botSays(question)).toMatch(/暂时无法回答/)

    const created = await h.http('POST', '/api/v1/faqs', { token: admin, body: { question, answer: 'Thirty days, no questions asked.', keywords: 'return, refund' } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ faqId: expect.any(String), question, keywords: 'return, refund' })
    expect((await h.http('GET', '/api/v1/faqs', { token: admin })).body.map((f: Json) => f.faqId)).toContain(created.body.faqId)
    expect(await botSays(question)).toBe('Thirty days, no questions asked.')

    const updated = await h.http('PUT', `/api/v1/faqs/${created.body.faqId}`, { token: admin, body: { question, answer: 'Sixty days now.' } })
    expect(updated.body).toMatchObject({ answer: 'Sixty days now.', keywords: '' })
    expect(await botSays(question)).toBe('Sixty days now.')
    expectError(await h.http('PUT', `/api/v1/faqs/${created.body.faqId}`, { token: admin, body: { question: '' } }), 400, 'invalid_argument')
    expectError(await h.http('PUT', '/api/v1/faqs/f_nobody', { token: admin, body: { question: 'q', answer: 'a' } }), 404, 'not_found')

    expect((await h.http('DELETE', `/api/v1/faqs/${created.body.faqId}`, { token: admin })).status).toBe(204)
    expect(await botSays(question)).toMatch(/暂时无法回答/)
    expectError(await h.http('DELETE', `/api/v1/faqs/${created.body.faqId}`, { token: admin }), 404, 'not_found')
  })

  it('company settings are validated: bad values are 400 with issues and change nothing; unknown keys are dropped', async () => {
    const before = (await h.http('GET', '/api/v1/company', { token: admin })).body
    const bad: [object, string][] = [
      [{ inactivityTimeoutSeconds: 5 }, 'inactivityTimeoutSeconds'],
      [{ receptionMode: 9 }, 'receptionMode'],
      [{ offline: { mode: 'redirect' } }, 'offline'],
      [{ requireMemberSign: 'yes' }, 'requireMemberSign'],
      [{ robotName: 'x'.repeat(51) }, 'robotName'],
      [{ uploads: { maxBytes: 0, allowedTypes: ['image/*'] } }, 'uploads.maxBytes'],
      [{ uploads: { maxBytes: 1000, allowedTypes: ['*'] } }, 'uploads.allowedTypes.0'],
      // Nested objects are replaced, not merged: a partial `uploads` lacks allowedTypes.
      [{ uploads: { maxBytes: 1000 } }, 'uploads.allowedTypes'],
    ]
    for (const [settings, path] of bad) {
      const res = await h.http('PATCH', '/api/v1/company', { token: admin, body: { settings } })
      expectError(res, 400, 'invalid_argument')
      expect(res.body.error.issues.map((i: { path: string }) => i.path), JSON.stringify(settings)).toContain(path)
    }
    expectError(await h.http('PATCH', '/api/v1/company', { token: admin, body: { name: '' } }), 400, 'invalid_argument')
    expect((await h.http('GET', '/api/v1/company', { token: admin })).body).toEqual(before)

    const ok = await h.http('PATCH', '/api/v1/company', { token: admin, body: { name: 'Renamed shop', settings: { robotName: 'Kefu Bot', madeUp: true }, alsoMadeUp: 1 } })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ name: 'Renamed shop', settings: { ...before.settings, robotName: 'Kefu Bot' } })
    expect(ok.body.settings).not.toHaveProperty('madeUp')
    expect(ok.body).not.toHaveProperty('alsoMadeUp')
    expect((await h.http('GET', '/api/v1/company', { token: admin })).body.settings).toEqual(ok.body.settings)
    // The change takes effect at once: a new bot chat is greeted by the new name.
    const visitor = h.visitor()
    visitor.connect()
    await visitor.requestChat({ mode: 1 })
    await eventually(() => expect(visitor.getSnapshot().messages.some((m) => m.sender === 'bot' && m.senderName === 'Kefu Bot')).toBe(true))
  })

  // zod's z.url() alone takes any scheme: an admin could make the widget send offline visitors to javascript:….
  it('the offline redirect URL must be http(s)', async () => {
    const res = await h.http('PATCH', '/api/v1/company', { token: admin, body: { settings: { offline: { mode: 'redirect', url: 'javascript:alert(document.cookie)' } } } })
    await h.http('PATCH', '/api/v1/company', { token: admin, body: { settings: { offline: { mode: 'leave-message' } } } })
    expectError(res, 400, 'invalid_argument')
  })

  it('/healthz and /metrics; Prometheus counters move with traffic', async () => {
    const health = await h.http('GET', '/healthz')
    expect(health).toMatchObject({ status: 200, body: { ok: true, database, databaseState: 'up', redis: 'none', process: h.server.context.processId } })

    const scrape = async () => {
      const response = await fetch(`${h.url}/metrics`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
      return response.text()
    }
    // Every series carries this process's label (prom-client puts default labels last).
    const processLabel = `process="${h.server.context.processId}"`
    const value = (text: string, name: string, labels = '') => {
      const series = `${name}{${labels ? `${labels},` : ''}${processLabel}}`
      const line = text.split('\n').find((l) => l.startsWith(`${series} `))
      return line ? Number(line.slice(series.length + 1)) : 0
    }
    const hellos = ['kefu_frames_total', 'side="visitor",type="hello"'] as const
    const pings = ['kefu_frames_total', 'side="visitor",type="ping"'] as const
    const badFrames = ['kefu_frame_errors_total', 'side="visitor",code="bad_frame"'] as const
    const before = await scrape()
    expect(before).toContain('# TYPE kefu_frames_total counter')
    expect(before).toContain('# TYPE kefu_frame_handling_seconds histogram')
    expect(before).toContain('# TYPE kefu_assignment_latency_seconds histogram')
    expect(before).toMatch(new RegExp(`^kefu_visitor_connections\\{${processLabel}\\} \\d+$`, 'm'))
    expect(before).toMatch(new RegExp(`^kefu_queue_length\\{${processLabel}\\} \\d+$`, 'm'))
    // Node's own process metrics, under kefu's prefix.
    expect(before).toMatch(new RegExp(`^kefu_process_resident_memory_bytes\\{${processLabel}\\} \\d+$`, 'm'))

    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    await socket.hello(h.companyId)
    socket.send({ type: 'ping' })
    socket.send({ type: 'ping' })
    socket.send('not json')
    await socket.waitFor((f) => f.type === 'error')
    await eventually(async () => {
      const after = await scrape()
      expect(value(after, ...hellos)).toBe(value(before, ...hellos) + 1)
      expect(value(after, ...pings)).toBe(value(before, ...pings) + 2)
      expect(value(after, ...badFrames)).toBe(value(before, ...badFrames) + 1)
      expect(value(after, 'kefu_visitor_connections')).toBeGreaterThanOrEqual(1)
      const gets = ['kefu_http_requests_total', 'method="GET",status="200"'] as const
      expect(value(after, ...gets)).toBeGreaterThan(value(before, ...gets))
    })
    socket.close()
  })

  it('unknown routes, bad JSON, oversized bodies and missing tokens all answer JSON errors', async () => {
    expectError(await h.http('GET', '/api/v1/nothing-here'), 404, 'not_found')
    expectError(await h.http('DELETE', '/api/v1/company', { token: admin }), 404, 'not_found')
    expectError(await h.http('GET', '/no/such/page?x=1'), 404, 'not_found')
    expectError(await h.http('GET', '/api/v1/agents'), 401, 'unauthorized')
    expectError(await h.http('GET', '/api/v1/agents', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }), 401, 'unauthorized')

    const badJson = await fetch(`${h.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": ' })
    expectError({ status: badJson.status, body: await badJson.json() }, 400, 'invalid_argument')
    const huge = await fetch(`${h.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: h.adminEmail, password: 'x'.repeat(1.1 * 1024 * 1024) }),
    })
    expectError({ status: huge.status, body: await huge.json() }, 413, 'payload_too_large')
    const noBody = await h.http('POST', '/api/v1/auth/login')
    expectError(noBody, 400, 'invalid_argument')

    const preflight = await fetch(`${h.url}/api/v1/agents`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization')
  })
})
