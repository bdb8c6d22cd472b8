import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'
import { RawSocket } from './rawSocket'

const unique = () => randomBytes(4).toString('hex')

describe.each(DATABASES)('tenancy: one company never reaches another (%s)', (database) => {
  let h: Harness
  /** Company A is the harness's own; B is a second tenant on the same server. */
  let a: { companyId: string; adminToken: string; agentId: string; agentToken: string; desk: AgentTestClient }
  let b: { companyId: string; adminToken: string; agentId: string; agentToken: string }
  /** A live chat in company A: its visitor is served by A's agent. */
  let chat: { visitorId: string; conversationId: string; visitor: ReturnType<Harness['visitor']> }

  beforeAll(async () => {
    h = await startHarness(database)
    const amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    a = { companyId: h.companyId, adminToken: await h.login(h.adminEmail), agentId: amy.agentId, agentToken: amy.token, desk: await h.agent(amy.token) }
    const bId = `b${unique()}`
    const { adminToken } = await h.addCompany(bId)
    const bob = await h.addAgent({ email: `bob-${bId}@example.com`, name: 'Bob', companyId: bId })
    b = { companyId: bId, adminToken, agentId: bob.agentId, agentToken: bob.token }

    const visitor = h.visitor()
    visitor.connect()
    await visitor.requestChat()
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
    await visitor.send('my order number is 4711')
    chat = { visitorId: visitor.getSnapshot().visitorId!, conversationId: visitor.getSnapshot().staff!.recordId, visitor }
  })
  afterAll(() => h?.close())

  it('REST: B can read nothing of A, by id or by search', async () => {
    for (const token of [b.agentToken, b.adminToken]) {
      for (const path of [`/api/v1/visitors/${chat.visitorId}`, `/api/v1/visitors/${chat.visitorId}/messages`, `/api/v1/conversations/${chat.conversationId}`]) {
        const res = await h.http('GET', path, { token })
        expect(res.status, path).toBe(404)
        expect(res.body.error.code).toBe('not_found')
      }
      const search = await h.http('GET', `/api/v1/conversations?visitorId=${chat.visitorId}`, { token })
      expect(search.status).toBe(200)
      expect(search.body).toEqual([])
      const byAgent = await h.http('GET', `/api/v1/conversations?agentId=${a.agentId}`, { token })
      expect(byAgent.body).toEqual([])
      const all = await h.http('GET', '/api/v1/conversations', { token })
      expect(all.body.some((c: { conversationId: string }) => c.conversationId === chat.conversationId)).toBe(false)
      const leaveMessages = await h.http('GET', '/api/v1/leave-messages', { token })
      expect(leaveMessages.status).toBe(200)
      expect(JSON.stringify(leaveMessages.body)).not.toContain(chat.visitorId)
    }
    // The same requests as A's agent do find them: the 404s above are about the tenant, not the ids.
    expect((await h.http('GET', `/api/v1/visitors/${chat.visitorId}`, { token: a.agentToken })).status).toBe(200)
    const history = await h.http('GET', `/api/v1/conversations?visitorId=${chat.visitorId}`, { token: a.agentToken })
    expect(history.body.map((c: { conversationId: string }) => c.conversationId)).toEqual([chat.conversationId])
  })

  it('REST: B cannot close A\'s chat', async () => {
    const res = await h.http('POST', `/api/v1/conversations/${chat.conversationId}/close`, { token: b.adminToken })
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('not_found')
    const seen = await h.http('GET', `/api/v1/conversations/${chat.conversationId}`, { token: a.adminToken })
    expect(seen.body).toMatchObject({ status: 'chatting', agentId: a.agentId })
    expect(chat.visitor.getSnapshot().status.name).toBe('chatting')
  })

  it("REST: lists show only the caller's company; A's agents, groups and FAQ entries cannot be changed from B", async () => {
    const group = await h.http('POST', '/api/v1/groups', { token: a.adminToken, body: { name: `A sales ${unique()}`, agentIds: [a.agentId] } })
    expect(group.status).toBe(201)
    const faq = await h.http('POST', '/api/v1/faqs', { token: a.adminToken, body: { question: 'When do you ship?', answer: 'Within 24 hours (A)' } })
    expect(faq.status).toBe(201)
    const groupId: string = group.body.groupId
    const faqId: string = faq.body.faqId

    const agents = await h.http('GET', '/api/v1/agents', { token: b.agentToken })
    expect(agents.status).toBe(200)
    expect(agents.body.length).toBeGreaterThanOrEqual(2) // B's admin and Bob
    expect(agents.body.every((x: { companyId: string }) => x.companyId === b.companyId)).toBe(true)
    expect(agents.body.map((x: { agentId: string }) => x.agentId)).not.toContain(a.agentId)
    const groups = await h.http('GET', '/api/v1/groups', { token: b.agentToken })
    expect(groups.body.map((g: { groupId: string }) => g.groupId)).not.toContain(groupId)
    expect(groups.body.every((g: { companyId: string }) => g.companyId === b.companyId)).toBe(true)
    const faqs = await h.http('GET', '/api/v1/faqs', { token: b.agentToken })
    expect(faqs.body.map((f: { faqId: string }) => f.faqId)).not.toContain(faqId)
    // B's own company view carries B's keys, never A's.
    const company = await h.http('GET', '/api/v1/company', { token: b.adminToken })
    expect(company.body.id).toBe(b.companyId)

    const attempts: [string, string, unknown][] = [
      ['PATCH', `/api/v1/agents/${a.agentId}`, { name: 'Hijacked', disabled: true, password: 'new password 123' }],
      ['DELETE', `/api/v1/agents/${a.agentId}`, undefined],
      ['PATCH', `/api/v1/groups/${groupId}`, { name: 'Hijacked' }],
      ['DELETE', `/api/v1/groups/${groupId}`, undefined],
      ['PUT', `/api/v1/faqs/${faqId}`, { question: 'Hijacked?', answer: 'Hijacked' }],
      ['DELETE', `/api/v1/faqs/${faqId}`, undefined],
    ]
    for (const [method, path, body] of attempts) {
      const res = await h.http(method, path, { token: b.adminToken, ...(body ? { body } : {}) })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.body.error.code).toBe('not_found')
    }

    // Putting A's group or agent into B's records links nothing.
    const joined = await h.http('PATCH', `/api/v1/agents/${b.agentId}`, { token: b.adminToken, body: { groupIds: [groupId] } })
    expect(joined.status).toBe(200)
    expect(joined.body.groupIds).toEqual([])
    const bGroup = await h.http('POST', '/api/v1/groups', { token: b.adminToken, body: { name: 'B group', agentIds: [a.agentId] } })
    expect(bGroup.status).toBe(201)
    expect(bGroup.body.agentIds).toEqual([])

    // A's records, read as A, are exactly as A left them.
    const aAgents = await h.http('GET', '/api/v1/agents', { token: a.adminToken })
    const amy = aAgents.body.find((x: { agentId: string }) => x.agentId === a.agentId)
    expect(amy).toMatchObject({ name: 'Amy', groupIds: [groupId] })
    expect(aAgents.body.map((x: { agentId: string }) => x.agentId)).not.toContain(b.agentId)
    await h.login(`amy-${h.companyId}@example.com`) // password unchanged, not disabled
    const aGroups = await h.http('GET', '/api/v1/groups', { token: a.adminToken })
    expect(aGroups.body.find((g: { groupId: string }) => g.groupId === groupId)).toMatchObject({ name: group.body.name, agentIds: [a.agentId] })
    const aFaqs = await h.http('GET', '/api/v1/faqs', { token: a.adminToken })
    expect(aFaqs.body.find((f: { faqId: string }) => f.faqId === faqId)).toMatchObject({ question: 'When do you ship?', answer: 'Within 24 hours (A)' })
  })

  it("WebSocket: B's agents cannot act on A's chats or visitors, and never hear about them", async () => {
    const bob = await h.agent(b.agentToken)
    const bAdmin = await h.agent(b.adminToken)
    expect(bob.welcome?.agent.companyId).toBe(b.companyId)
    for (const desk of [bob, bAdmin]) {
      expect(JSON.stringify(desk.welcome)).not.toContain(chat.visitorId)
      expect(JSON.stringify(desk.welcome)).not.toContain(chat.conversationId)
      expect(desk.welcome!.colleagues.map((c) => c.agentId)).not.toContain(a.agentId)
    }
    const before = await h.http('GET', `/api/v1/visitors/${chat.visitorId}/messages`, { token: a.adminToken })

    const { conversationId, visitorId } = chat
    const attempts = [
      { type: 'message.send', conversationId, body: { type: 'text', text: 'from B' } },
      { type: 'message.send', conversationId, body: { type: 'text', text: 'note from B' }, visibility: 'agent' },
      { type: 'conversation.accept', conversationId },
      { type: 'conversation.sign', conversationId, chatSign: 1 },
      { type: 'conversation.transfer', conversationId, to: { agentId: b.agentId } },
      { type: 'conversation.end', conversationId },
      { type: 'visitor.update', visitorId, crm: { realname: 'Hijacked', remark: 'from B' } },
    ] as const
    for (const desk of [bob, bAdmin]) {
      for (const frame of attempts) {
        const refused = await desk.request(frame as never).then(
          () => undefined,
          (error: { code: string }) => error,
        )
        expect(refused, `${frame.type} was accepted`).toBeDefined()
        expect(['not_found', 'forbidden']).toContain(refused!.code)
      }
      // Typing has no acknowledgement; it must simply go nowhere.
      desk.raw({ type: 'typing', conversationId, typing: true })
    }

    // A's chat, read as A, is unchanged.
    const conversation = await h.http('GET', `/api/v1/conversations/${conversationId}`, { token: a.adminToken })
    expect(conversation.body).toMatchObject({ status: 'chatting', agentId: a.agentId, chatSign: 0, endReason: null })
    const after = await h.http('GET', `/api/v1/visitors/${visitorId}/messages`, { token: a.adminToken })
    expect(after.body).toEqual(before.body)
    const profile = await h.http('GET', `/api/v1/visitors/${visitorId}`, { token: a.adminToken })
    expect(profile.body.crm).toEqual({})
    expect(chat.visitor.getSnapshot().status.name).toBe('chatting')
    expect(chat.visitor.getSnapshot().agentTyping).toBeFalsy()

    // Now A's visitor and agent chat on; B's desks receive nothing of it.
    const marker = `secret-${unique()}`
    const bFrames = () => JSON.stringify([...bob.frames, ...bAdmin.frames])
    const bCount = bob.frames.length + bAdmin.frames.length
    await chat.visitor.send(`${marker} from the visitor`)
    await a.desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: `${marker} from Amy` } })
    await a.desk.request({ type: 'visitor.update', visitorId, crm: { remark: marker } })
    await chat.visitor.identify({ uname: marker })
    await a.desk.waitFor((f) => f.type === 'visitor' && f.visitor.visitorId === visitorId && f.visitor.crm.uname === marker)
    // A fresh B visitor's message must reach the B agent serving it: proof the B desks are listening,
    // so silence about A means isolation.
    const bVisitor = h.visitor({ companyId: b.companyId })
    bVisitor.connect()
    await bVisitor.send('hello B')
    await Promise.any([bob, bAdmin].map((d) => d.waitFor((f) => f.type === 'message' && f.message.body.type === 'text' && f.message.body.text === 'hello B')))
    expect(bob.frames.length + bAdmin.frames.length).toBeGreaterThan(bCount)
    expect(bFrames()).not.toContain(marker)
    expect(bFrames()).not.toContain(visitorId)
    expect(bFrames()).not.toContain(conversationId)
    expect(bFrames()).not.toContain(a.agentId)
  })

  it("a visitor of B who asks for A's agent or group is not routed across", async () => {
    const amyFrames = a.desk.frames.length
    const group = await h.http('POST', '/api/v1/groups', { token: a.adminToken, body: { name: `A vip ${unique()}`, agentIds: [a.agentId] } })
    for (const routing of [
      { agentId: a.agentId, agentModeFlag: 1 as const },
      { groupId: group.body.groupId as string },
      { transferActions: [{ actionType: 'to_service' as const, deciId: a.agentId, optionId: 2 as const }] },
    ]) {
      const visitor = h.visitor({ companyId: b.companyId })
      visitor.connect()
      await visitor.requestChat(routing)
      await eventually(() => expect(['bot', 'chatting', 'offline']).toContain(visitor.getSnapshot().status.name))
      expect(visitor.getSnapshot().staff?.staffId).not.toBe(a.agentId)
      const visitorId = visitor.getSnapshot().visitorId!
      const conversations = await h.http('GET', `/api/v1/conversations?visitorId=${visitorId}`, { token: b.adminToken })
      for (const c of conversations.body) {
        expect(c.agentId).not.toBe(a.agentId)
        expect(c.groupId).toBeNull()
      }
      visitor.destroy()
    }
    expect(JSON.stringify(a.desk.frames.slice(amyFrames))).not.toContain(b.companyId)
  })

  // A client resends unacknowledged frames after a reconnect: a refusal must not be recorded as done.
  it("resending a refused frame with the same cid is refused again, not acknowledged", async () => {
    const bob = await h.agent(b.agentToken)
    const frame = { type: 'conversation.end', cid: `again-${unique()}`, conversationId: chat.conversationId }
    bob.raw(frame)
    await bob.waitFor((f) => f.type === 'error' && f.cid === frame.cid)
    const from = bob.frames.length
    bob.raw(frame)
    const second = await bob.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.cid === frame.cid && bob.frames.indexOf(f) >= from)
    expect(second.type).toBe('error')
  })

  it('files: served under their own company only', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4])
    const sent = await chat.visitor.sendFile(new Blob([bytes], { type: 'image/png' }), 'tenancy.png')
    const url = new URL((sent.body as { url: string }).url)
    const [, files, company, fileId, name] = url.pathname.split('/')
    expect([files, company, name]).toEqual(['files', a.companyId, 'tenancy.png'])
    const own = await fetch(`${h.url}/files/${a.companyId}/${fileId}/${name}`)
    expect(own.status).toBe(200)
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(bytes)
    const other = await fetch(`${h.url}/files/${b.companyId}/${fileId}/${name}`)
    expect(other.status).toBe(404)
    expect(await other.json()).toMatchObject({ error: { code: 'not_found' } })
  })

  it("a visitor token of A does not open a session in B (unauthorized, close 4401)", async () => {
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await socket.hello(a.companyId)
    // Each tenant's visitors are welcomed with their own company's name (echat echatPageStatus).
    expect(welcome).toMatchObject({ type: 'welcome', companyName: 'Test shop' })
    socket.close()

    const other = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const refused = await other.hello(b.companyId, welcome.visitorToken)
    expect(refused).toMatchObject({ type: 'error', code: 'unauthorized' })
    expect((await other.closed).code).toBe(4401)
    expect(other.frames.some((f) => f.type === 'welcome')).toBe(false)

    // The same token still works in its own company.
    const again = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    expect(await again.hello(a.companyId, welcome.visitorToken)).toMatchObject({ type: 'welcome', visitorId: welcome.visitorId })
    again.close()
    const inB = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    expect(await inB.hello(b.companyId)).toMatchObject({ type: 'welcome', companyName: b.companyId })
    inB.close()
  })
})
