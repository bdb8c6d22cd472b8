import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames and REST bodies read as JSON
type Json = any

const NUL = 'a\u0000b'
const HUGE = 2 ** 31

/** PostgreSQL text cannot hold U+0000 and its `int` stops at 2^31 - 1: both used to come back as server errors. */
describe.each(DATABASES)('NUL characters and huge integers are validation errors (%s)', (database) => {
  let h: Harness
  let adminToken: string

  beforeAll(async () => {
    h = await startHarness(database)
    adminToken = await h.login(h.adminEmail)
  })
  afterAll(() => h?.close())

  const visitorSocket = async () => {
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await socket.hello(h.companyId)
    expect(welcome.type).toBe('welcome')
    return Object.assign(socket, { visitorId: welcome.visitorId as string })
  }
  const errorAfter = async (socket: RawSocket, frame: object) => {
    const from = socket.frames.length
    socket.send(frame)
    return socket.waitFor((f) => f.type === 'error', { from })
  }

  it('visitor frames with NUL in any string are refused with bad_frame naming the field, and store nothing', async () => {
    const socket = await visitorSocket()
    const frames: [string, object][] = [
      ['body.text', { type: 'message.send', body: { type: 'text', text: NUL } }],
      ['identity.uname', { type: 'identify', identity: { uname: NUL } }],
      ['identity.params.a', { type: 'identify', identity: { params: { a: NUL } } }],
      ['leaveMessage.content', { type: 'leaveMessage', leaveMessage: { content: NUL } }],
      ['leaveMessage.fields', { type: 'leaveMessage', leaveMessage: { content: 'hi', fields: { [NUL]: 'x' } } }],
      ['trace.cur_visit_args.q', { type: 'trace', trace: { cur_visit_args: { q: NUL } } }],
      ['body.card.title', { type: 'message.send', body: { type: 'product', card: { title: NUL } } }],
    ]
    for (const [path, frame] of frames) {
      const answer = await socket.request(frame)
      expect(answer, path).toMatchObject({ type: 'error', code: 'bad_frame' })
      expect(answer.issues.map((i: { path: string }) => i.path), path).toContain(path)
      expect(answer.issues.find((i: { path: string }) => i.path === path).message, path).toMatch(/NUL/)
    }
    const messages = await h.http('GET', `/api/v1/visitors/${socket.visitorId}/messages`, { token: adminToken })
    expect(messages.body).toEqual([])
    const profile = await h.http('GET', `/api/v1/visitors/${socket.visitorId}`, { token: adminToken })
    expect(profile.body).toMatchObject({ crm: {}, params: {}, trace: [] })
    const leaveMessages = await h.http('GET', '/api/v1/leave-messages', { token: adminToken })
    expect(leaveMessages.body.filter((m: Json) => m.visitorId === socket.visitorId)).toEqual([])
    socket.close()
  })

  it('a hello without a visitor token and with NUL in its entry creates no visitor', async () => {
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const error = await errorAfter(socket, { type: 'hello', v: 1, companyId: h.companyId, lastSeq: 0, entry: { enterTitle: NUL } })
    expect(error).toMatchObject({ code: 'bad_frame' })
    expect(error.issues.map((i: { path: string }) => i.path)).toContain('entry.enterTitle')
    socket.close()
  })

  it('read and hello sequence numbers of 2^31 and more are refused with bad_frame', async () => {
    const socket = await visitorSocket()
    for (const seq of [HUGE, 2 ** 53 - 1]) {
      expect(await errorAfter(socket, { type: 'read', seq }), `read ${seq}`).toMatchObject({ code: 'bad_frame' })
    }
    const fresh = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    expect(await errorAfter(fresh, { type: 'hello', v: 1, companyId: h.companyId, lastSeq: HUGE })).toMatchObject({ code: 'bad_frame' })
    // The same connection still says hello properly afterwards.
    expect(await fresh.hello(h.companyId)).toMatchObject({ type: 'welcome' })
    fresh.close()
    socket.close()
  })

  it('agent CRM updates with NUL are refused with bad_frame', async () => {
    const visitor = await visitorSocket()
    const agent = await RawSocket.open(`${h.wsUrl}/ws/agent`)
    agent.send({ type: 'agent.hello', v: 1, token: adminToken })
    await agent.waitFor((f) => f.type === 'agent.welcome')
    const answer = await agent.request({ type: 'visitor.update', visitorId: visitor.visitorId, crm: { remark: NUL } })
    expect(answer).toMatchObject({ type: 'error', code: 'bad_frame' })
    expect(answer.issues.map((i: { path: string }) => i.path)).toContain('crm.remark')
    const sent = await agent.request({ type: 'message.send', conversationId: 'nope', body: { type: 'text', text: NUL } })
    expect(sent).toMatchObject({ type: 'error', code: 'bad_frame' })
    agent.close()
    visitor.close()
  })

  it('REST bodies and queries with NUL or huge numbers get a 400 naming the field', async () => {
    const visitor = await visitorSocket()
    const created = await h.http('POST', '/api/v1/agents', { token: adminToken, body: { email: 'nul-agent@example.com', password: 'long enough pass', name: 'Ann' } })
    expect(created.status).toBe(201)
    const cases: [string, string, object | undefined, string][] = [
      ['PATCH', '/api/v1/company', { name: NUL }, 'name'],
      ['PATCH', '/api/v1/company', { settings: { robotHelloWord: NUL } }, 'settings.robotHelloWord'],
      ['PATCH', `/api/v1/agents/${created.body.agentId}`, { name: NUL }, 'name'],
      ['PATCH', `/api/v1/agents/${created.body.agentId}`, { info: NUL }, 'info'],
      ['POST', '/api/v1/groups', { name: NUL }, 'name'],
      ['POST', '/api/v1/faqs', { question: NUL, answer: 'a' }, 'question'],
      ['POST', '/api/v1/agents', { email: 'x@example.com', password: 'long enough pass', name: 'A', info: NUL }, 'info'],
      ['GET', `/api/v1/visitors/${visitor.visitorId}/messages?beforeSeq=${HUGE}`, undefined, 'beforeSeq'],
      ['GET', `/api/v1/visitors/${visitor.visitorId}/messages?beforeSeq=${encodeURIComponent('1e400')}`, undefined, 'beforeSeq'],
      ['GET', `/api/v1/conversations?before=${'9'.repeat(40)}`, undefined, 'before'],
    ]
    for (const [method, path, body, field] of cases) {
      const res = await h.http(method, path, { token: adminToken, ...(body ? { body } : {}) })
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400)
      expect(res.body.error.code).toBe('invalid_argument')
      expect(res.body.error.issues.map((i: { path: string }) => i.path), `${method} ${path}`).toContain(field)
    }
    // Nothing was changed by the refused requests.
    const company = await h.http('GET', '/api/v1/company', { token: adminToken })
    expect(company.body.name).toBe('Test shop')
    const groups = await h.http('GET', '/api/v1/groups', { token: adminToken })
    expect(groups.body).toEqual([])
    const agents = await h.http('GET', '/api/v1/agents', { token: adminToken })
    expect(agents.body.find((a: Json) => a.agentId === created.body.agentId).name).toBe('Ann')
    visitor.close()
  })

  it('a request too large for the HTTP parser (a 70 kB URL) gets the same JSON error shape, not a bare one', async () => {
    const response = await fetch(`${h.url}/api/v1/conversations?before=${'9'.repeat(70_000)}`, { headers: { authorization: `Bearer ${adminToken}` } })
    expect(response.status).toBe(431)
    expect(await response.json()).toEqual({ error: { code: 'payload_too_large', message: expect.stringMatching(/16 kB/) } })
  })
})
