import { getChatStatusLabel, memoryStorage, type AgentServerFrame, type ChatMessage, type ConversationSummary, type RoutingRequest, type TrackInfo } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../src/domain/ids'
import { insertFaq } from '../src/store/faqStore'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'

type Visitor = ReturnType<Harness['visitor']>
type Frame<T extends AgentServerFrame['type']> = Extract<AgentServerFrame, { type: T }>

/** The latest conversation frame the desk got for this visitor that passes `match`. */
async function conversationOf(desk: AgentTestClient, visitorId: string, match: (c: ConversationSummary) => boolean = () => true): Promise<ConversationSummary> {
  const frame = await desk.waitFor<Frame<'conversation'>>((f) => f.type === 'conversation' && f.conversation.visitorId === visitorId && match(f.conversation))
  return frame.conversation
}

function botMessages(visitor: Visitor): ChatMessage[] {
  return visitor.getSnapshot().messages.filter((m) => m.sender === 'bot')
}

function textOf(message: ChatMessage | undefined): string | undefined {
  return message?.body.type === 'text' || message?.body.type === 'notice' ? message.body.text : undefined
}

describe.each(DATABASES)('routing (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  /** A fresh company, so each test has its own agents, queue and settings. */
  async function company(settings: object = {}) {
    const id = `r${randomBytes(4).toString('hex')}`
    const { adminToken } = await h.addCompany(id, settings)
    return {
      id,
      adminToken,
      async agent(name: string, options: { capacity?: number; groupIds?: string[] } = {}) {
        const added = await h.addAgent({ email: `${name.toLowerCase()}-${id}@example.com`, name, companyId: id, ...options })
        return { ...added, name }
      },
      group: (name: string) => h.addGroup(name, id),
      async faq(question: string, answer: string, keywords = '') {
        await insertFaq(h.server.context.db, id, { faqId: newId('f'), question, answer, keywords })
        await h.server.context.chat.companies.changed(id)
      },
      visitor(options: Parameters<Harness['visitor']>[0] = {}): Visitor {
        const visitor = h.visitor({ companyId: id, ...options })
        visitor.connect()
        return visitor
      },
    }
  }

  /** A visitor chatting with an agent (designated, so the test controls who serves whom). */
  async function chattingWith(c: Awaited<ReturnType<typeof company>>, agentId: string): Promise<Visitor> {
    const visitor = c.visitor()
    await visitor.requestChat({ mode: 2, agentId, agentModeFlag: 1 })
    expect(visitor.getSnapshot().staff?.staffId).toBe(agentId)
    return visitor
  }

  describe('the bot', () => {
    it('bot first (company reception mode 3): greets, answers from the FAQ, offers the handoff, then requestHuman() brings an agent', async () => {
      const c = await company({ receptionMode: 3, robotName: '小智', robotHelloWord: '您好，我是小智，请问有什么可以帮您？' })
      await c.faq('如何退货？', '七天无理由退货，请在订单页申请。', '退款，换货')
      const amy = await c.agent('Amy')
      const desk = await h.agent(amy.token)

      const visitor = c.visitor()
      await visitor.requestChat()
      // An agent is online, yet the bot receives first.
      expect(visitor.getSnapshot().status).toEqual({ name: 'bot' })
      expect(getChatStatusLabel(visitor.getSnapshot().status)).toBe('chatting')
      expect(visitor.getSnapshot().staff).toBeNull()
      expect(botMessages(visitor)).toEqual([expect.objectContaining({ senderName: '小智', body: { type: 'text', text: '您好，我是小智，请问有什么可以帮您？' } })])
      const visitorId = visitor.getSnapshot().visitorId!
      const bot = await conversationOf(desk, visitorId, (c) => c.status === 'bot')
      expect(bot.agentId).toBeNull()

      // A known question: the FAQ answer, no handoff offered.
      await visitor.send('如何退货')
      const answer = botMessages(visitor).at(-1)
      expect(textOf(answer)).toBe('七天无理由退货，请在订单页申请。')
      expect(answer?.actions ?? []).toEqual([])
      // A keyword of the same entry.
      await visitor.send('退款')
      expect(textOf(botMessages(visitor).at(-1))).toBe('七天无理由退货，请在订单页申请。')

      // An unknown question: no answer, but the handoff action.
      await visitor.send('你们支持海外配送吗')
      const unknown = botMessages(visitor).at(-1)!
      expect(botMessages(visitor)).toHaveLength(4)
      expect(textOf(unknown)).not.toBe('七天无理由退货，请在订单页申请。')
      expect(unknown.actions).toEqual([expect.objectContaining({ type: 'handoff' })])
      // The agent saw the bot part of the chat.
      await desk.waitFor((f) => f.type === 'message' && f.visitorId === visitorId && f.message.id === unknown.id)

      await visitor.requestHuman()
      expect(visitor.getSnapshot().status).toEqual({ name: 'chatting' })
      expect(visitor.getSnapshot().staff).toMatchObject({ staffId: amy.agentId, staffNickName: 'Amy', recordId: bot.conversationId })
      const served = await conversationOf(desk, visitorId, (c) => c.status === 'chatting')
      expect(served).toMatchObject({ conversationId: bot.conversationId, agentId: amy.agentId })
      // With an agent the bot is silent.
      await visitor.send('我的订单号是 12345')
      expect(botMessages(visitor)).toHaveLength(4)
    })

    it('requestChat({mode: 3}) overrides human-first; typing 转人工 hands off', async () => {
      const c = await company() // reception mode 4 by default
      const amy = await c.agent('Amy')
      const desk = await h.agent(amy.token)

      const visitor = c.visitor()
      await visitor.requestChat({ mode: 3 })
      expect(visitor.getSnapshot().status).toEqual({ name: 'bot' })
      const hellos = botMessages(visitor).length
      expect(hellos).toBe(1)

      await visitor.send('转人工')
      expect(visitor.getSnapshot().status).toEqual({ name: 'chatting' })
      expect(visitor.getSnapshot().staff).toMatchObject({ staffId: amy.agentId, staffNickName: 'Amy' })
      // The request was not treated as a question for the bot.
      expect(botMessages(visitor)).toHaveLength(hellos)
      const notice = visitor.getSnapshot().messages.find((m) => m.sender === 'system' && m.body.type === 'notice' && m.body.code === 'agent.joined')
      expect(textOf(notice)).toContain('Amy')
      await conversationOf(desk, visitor.getSnapshot().visitorId!, (c) => c.status === 'chatting' && c.agentId === amy.agentId)
    })

    it('a handoff while every agent is busy queues the visitor, who is served when a seat frees', async () => {
      const c = await company({ receptionMode: 3 })
      const amy = await c.agent('Amy', { capacity: 1 })
      const desk = await h.agent(amy.token)
      const first = await chattingWith(c, amy.agentId)

      const visitor = c.visitor()
      await visitor.requestChat()
      expect(visitor.getSnapshot().status.name).toBe('bot')
      await visitor.requestHuman()
      expect(visitor.getSnapshot()).toMatchObject({ status: { name: 'waiting' }, queuePosition: 1, staff: null })

      await desk.request({ type: 'conversation.end', conversationId: first.getSnapshot().staff!.recordId })
      await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
      expect(visitor.getSnapshot().staff?.staffId).toBe(amy.agentId)
    })

    it('typing 转人工 does not revive a bot chat an admin closed while the message was being stored', async () => {
      const c = await company({ receptionMode: 3 })
      const amy = await c.agent('Amy')
      const desk = await h.agent(amy.token)
      const visitor = c.visitor()
      await visitor.requestChat()
      const { conversationId } = await conversationOf(desk, visitor.getSnapshot().visitorId!, (x) => x.status === 'bot')

      // Hold the answer to the message's insert (made outside the company lock) until the close is done.
      const db = h.server.context.db
      const query = db.query.bind(db)
      let reached!: () => void
      const updating = new Promise<void>((resolve) => (reached = resolve))
      let release!: () => void
      const released = new Promise<void>((resolve) => (release = resolve))
      let held = false
      db.query = (async (sql: string, params?: readonly unknown[]) => {
        const rows = await query(sql, params)
        // Only the visitor's message: the close's own notice is stored the same way and must go through.
        if (!held && /INSERT INTO messages/.test(sql) && params?.[1] === visitor.getSnapshot().visitorId) {
          held = true
          reached()
          await released
        }
        return rows
      }) as typeof db.query
      try {
        const sent = visitor.send('转人工')
        await updating
        const closed = await h.http('POST', `/api/v1/conversations/${conversationId}/close`, { token: c.adminToken })
        expect(closed.status).toBe(200)
        release()
        await sent
      } finally {
        db.query = query
      }
      expect(visitor.getSnapshot().status).toEqual({ name: 'ended', reason: 6, needsEvaluation: false })
      const stored = await h.http('GET', `/api/v1/conversations/${conversationId}`, { token: amy.token })
      expect(stored.body).toMatchObject({ status: 'ended', endReason: 6, agentId: null })
      // Amy was not given the closed chat: a new visitor can still have her.
      const next = c.visitor()
      await next.requestChat({ mode: 2 })
      expect(next.getSnapshot().staff?.staffId).toBe(amy.agentId)
      expect(desk.frames.some((f) => f.type === 'conversation' && f.conversation.conversationId === conversationId && f.conversation.status === 'chatting')).toBe(false)
    })

    it('bot only (mode 1) never hands off and offers no handoff action', async () => {
      const c = await company({ receptionMode: 1 })
      const amy = await c.agent('Amy')
      const desk = await h.agent(amy.token)
      const visitor = c.visitor()
      await visitor.requestChat()
      expect(visitor.getSnapshot().status.name).toBe('bot')

      await visitor.send('What is the meaning of life?')
      expect(botMessages(visitor).at(-1)?.actions ?? []).toEqual([])
      await visitor.requestHuman()
      await visitor.send('转人工')
      expect(visitor.getSnapshot().status.name).toBe('bot')
      expect(visitor.getSnapshot().staff).toBeNull()
      const conversation = await conversationOf(desk, visitor.getSnapshot().visitorId!)
      expect(conversation.agentId).toBeNull()
    })

    it('human first (mode 4) falls back to the bot when no agent is online, and gives a human once one is', async () => {
      const c = await company({ receptionMode: 4, robotHelloWord: 'Hi, the assistant here.' })
      const visitor = c.visitor()
      await visitor.requestChat()
      expect(visitor.getSnapshot().status).toEqual({ name: 'bot' })
      expect(visitor.getSnapshot().agentsOnline).toBe(false)
      expect(textOf(botMessages(visitor)[0])).toBe('Hi, the assistant here.')

      const amy = await c.agent('Amy')
      await h.agent(amy.token)
      await eventually(() => expect(visitor.getSnapshot().agentsOnline).toBe(true))
      const next = c.visitor()
      await next.requestChat()
      expect(next.getSnapshot().status).toEqual({ name: 'chatting' })
      expect(next.getSnapshot().staff?.staffId).toBe(amy.agentId)
      expect(botMessages(next)).toEqual([])
    })
  })

  describe('nobody online', () => {
    it('human only (mode 2): offline with the company’s mode; the left message reaches agents and the REST API', async () => {
      const c = await company({ receptionMode: 2 })
      const visitor = c.visitor()
      await visitor.requestChat()
      expect(visitor.getSnapshot().status).toEqual({ name: 'offline', mode: 'leave-message' })
      expect(getChatStatusLabel(visitor.getSnapshot().status)).toBe('leaveToService')
      expect(botMessages(visitor)).toEqual([])

      const amy = await c.agent('Amy')
      const desk = await h.agent(amy.token)
      await visitor.leaveMessage({ content: '请尽快联系我，订单 12617 没收到。', name: '王女士', tel: '13800000000' })
      const { leaveMessage } = await desk.waitFor<Frame<'leaveMessage'>>((f) => f.type === 'leaveMessage')
      expect(leaveMessage).toMatchObject({ visitorId: visitor.getSnapshot().visitorId, content: '请尽快联系我，订单 12617 没收到。', name: '王女士', tel: '13800000000' })

      const listed = await h.http('GET', '/api/v1/leave-messages', { token: amy.token })
      expect(listed.status).toBe(200)
      expect(listed.body).toEqual([leaveMessage])
      // Another company does not see it.
      const elsewhere = await h.http('GET', '/api/v1/leave-messages', { token: await h.login(h.adminEmail) })
      expect(elsewhere.body.some((m: { id: string }) => m.id === leaveMessage.id)).toBe(false)
    })

    it('offline mode redirect gives the url; disabled gives leaveDisabled', async () => {
      const redirect = await company({ receptionMode: 2, offline: { mode: 'redirect', url: 'https://help.example/contact' } })
      const visitor = redirect.visitor()
      await visitor.requestChat()
      expect(visitor.getSnapshot().status).toEqual({ name: 'offline', mode: 'redirect', url: 'https://help.example/contact' })
      expect(getChatStatusLabel(visitor.getSnapshot().status)).toBe('leaveToUrl')

      const disabled = await company({ receptionMode: 2, offline: { mode: 'disabled' } })
      const other = disabled.visitor()
      await other.requestChat()
      expect(other.getSnapshot().status).toEqual({ name: 'offline', mode: 'disabled' })
      expect(getChatStatusLabel(other.getSnapshot().status)).toBe('leaveDisabled')
    })
  })

  describe('Sobot transfer_action', () => {
    it('overflows from a busy agent (optionId 1, spillId 2) to the next rule’s group', async () => {
      const c = await company({ receptionMode: 2 })
      const groupB = await c.group('B')
      const amy = await c.agent('Amy', { capacity: 1 })
      const bob = await c.agent('Bob', { capacity: 2, groupIds: [groupB] })
      const carol = await c.agent('Carol', { capacity: 3 })
      for (const token of [amy.token, bob.token, carol.token]) await h.agent(token)
      await chattingWith(c, amy.agentId)
      await chattingWith(c, bob.agentId) // Bob is now more loaded than idle Carol

      const routing: RoutingRequest = {
        transferActions: [
          { actionType: 'to_service', deciId: amy.agentId, optionId: 1, spillId: 2 },
          { actionType: 'to_group', deciId: groupB, optionId: 4 },
        ],
      }
      const visitor = c.visitor()
      await visitor.requestChat(routing)
      expect(visitor.getSnapshot().status.name).toBe('chatting')
      expect(visitor.getSnapshot().staff).toMatchObject({ staffId: bob.agentId, staffNickName: 'Bob' })
    })

    it('does not overflow with optionId 2: waits for that agent, not for an idle colleague', async () => {
      const c = await company({ receptionMode: 2 })
      const groupB = await c.group('B')
      const amy = await c.agent('Amy', { capacity: 1 })
      const bob = await c.agent('Bob', { groupIds: [groupB] })
      const carol = await c.agent('Carol')
      const amyDesk = await h.agent(amy.token)
      await h.agent(bob.token)
      const carolDesk = await h.agent(carol.token)
      const first = await chattingWith(c, amy.agentId)

      const visitor = c.visitor()
      await visitor.requestChat({
        transferActions: [
          { actionType: 'to_service', deciId: amy.agentId, optionId: 2, spillId: 2 },
          { actionType: 'to_group', deciId: groupB, optionId: 4 },
        ],
      })
      expect(visitor.getSnapshot()).toMatchObject({ status: { name: 'waiting' }, queuePosition: 1 })
      const queued = await carolDesk.waitFor<Frame<'queue'>>((f) => f.type === 'queue' && f.queue.some((q) => q.visitorId === visitor.getSnapshot().visitorId))
      expect(queued.queue).toEqual([expect.objectContaining({ visitorId: visitor.getSnapshot().visitorId, agentId: amy.agentId, position: 1 })])

      // Carol saying she is online drains the queue: the visitor still waits for Amy.
      await carolDesk.request({ type: 'presence', presence: 'online' })
      expect(visitor.getSnapshot().status.name).toBe('waiting')

      await amyDesk.request({ type: 'conversation.end', conversationId: first.getSnapshot().staff!.recordId })
      await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
      expect(visitor.getSnapshot().staff?.staffId).toBe(amy.agentId)
    })
  })

  it('a group request (groupId) goes only to that group’s agents, and waits for them', async () => {
    const c = await company({ receptionMode: 2 })
    const billing = await c.group('Billing')
    const olga = await c.agent('Olga', { capacity: 5 })
    const mia = await c.agent('Mia', { capacity: 2, groupIds: [billing] })
    await h.agent(olga.token)
    const miaDesk = await h.agent(mia.token)

    const v1 = c.visitor()
    await v1.requestChat({ groupId: billing })
    const v2 = c.visitor()
    await v2.requestChat({ groupId: billing })
    expect([v1, v2].map((v) => v.getSnapshot().staff?.staffId)).toEqual([mia.agentId, mia.agentId])
    const served = await conversationOf(miaDesk, v1.getSnapshot().visitorId!, (c) => c.status === 'chatting')
    expect(served.groupId).toBe(billing)

    // Mia is full, Olga idle: the group's visitor waits.
    const v3 = c.visitor()
    await v3.requestChat({ groupId: billing })
    expect(v3.getSnapshot()).toMatchObject({ status: { name: 'waiting' }, queuePosition: 1 })
    // Without a group Olga serves.
    const v4 = c.visitor()
    await v4.requestChat()
    expect(v4.getSnapshot().staff?.staffId).toBe(olga.agentId)
    expect(v3.getSnapshot().status.name).toBe('waiting')

    await miaDesk.request({ type: 'conversation.end', conversationId: v1.getSnapshot().staff!.recordId })
    await eventually(() => expect(v3.getSnapshot().status.name).toBe('chatting'))
    expect(v3.getSnapshot().staff?.staffId).toBe(mia.agentId)
  })

  it('a designated agent who is offline: agent_mode_flag 1 → offline, 0 → another agent', async () => {
    const c = await company({ receptionMode: 2 })
    const dan = await c.agent('Dan')
    const olga = await c.agent('Olga')
    await h.agent(olga.token)

    const strict = c.visitor()
    await strict.requestChat({ agentId: dan.agentId, agentModeFlag: 1 })
    expect(strict.getSnapshot().status).toEqual({ name: 'offline', mode: 'leave-message' })

    const flexible = c.visitor()
    await flexible.requestChat({ agentId: dan.agentId, agentModeFlag: 0 })
    expect(flexible.getSnapshot().status.name).toBe('chatting')
    expect(flexible.getSnapshot().staff?.staffId).toBe(olga.agentId)

    // Once Dan is online the strict visitor gets him, although Olga is free too.
    await h.agent(dan.token)
    const again = c.visitor()
    await again.requestChat({ agentId: dan.agentId, agentModeFlag: 1 })
    expect(again.getSnapshot().staff?.staffId).toBe(dan.agentId)
  })

  describe('VIP priority', () => {
    it.each(['is_vip', 'queueFirst'] as const)('a %s visitor jumps the queue where the company trusts unsigned VIP flags, positions are pushed, and is served first', async (how) => {
      const c = await company({ receptionMode: 2, trustUnsignedVip: true })
      const amy = await c.agent('Amy', { capacity: 1 })
      const desk = await h.agent(amy.token)
      const first = await chattingWith(c, amy.agentId)

      const normal = c.visitor()
      const normalPositions: number[] = []
      normal.on('queuePosition', ({ position }) => normalPositions.push(position))
      await normal.requestChat()
      expect(normal.getSnapshot()).toMatchObject({ status: { name: 'waiting' }, queuePosition: 1 })

      const vip = c.visitor()
      const vipPositions: number[] = []
      vip.on('queuePosition', ({ position }) => vipPositions.push(position))
      if (how === 'is_vip') {
        await vip.identify({ uname: '金卡会员', is_vip: 1 })
        await vip.requestChat()
      } else {
        await vip.requestChat({ queueFirst: true })
      }
      expect(vip.getSnapshot()).toMatchObject({ status: { name: 'waiting' }, queuePosition: 1 })
      await eventually(() => expect(normal.getSnapshot().queuePosition).toBe(2))
      expect(vipPositions).toEqual([1])
      expect(normalPositions).toEqual([1, 2])
      const queue = await desk.waitFor<Frame<'queue'>>((f) => f.type === 'queue' && f.queue.length === 2 && f.queue[0]!.visitorId === vip.getSnapshot().visitorId)
      expect(queue.queue.map((q) => [q.visitorId, q.vip, q.position])).toEqual([
        [vip.getSnapshot().visitorId, true, 1],
        [normal.getSnapshot().visitorId, false, 2],
      ])

      await desk.request({ type: 'conversation.end', conversationId: first.getSnapshot().staff!.recordId })
      await eventually(() => expect(vip.getSnapshot().status.name).toBe('chatting'))
      expect(vip.getSnapshot().staff?.staffId).toBe(amy.agentId)
      await eventually(() => expect(normal.getSnapshot().queuePosition).toBe(1))
      expect(normal.getSnapshot().status.name).toBe('waiting')
      expect(normalPositions).toEqual([1, 2, 1])
    })
  })

  it('more connections of one visitor than maxChatWindows → overloaded; at the limit the chat starts', async () => {
    const c = await company({ receptionMode: 1, maxChatWindows: 2 })
    const storage = memoryStorage() // the windows share the visitor token, as tabs share localStorage
    const entry = { firstUrl: 'https://shop.example/?gclid=x1', referrer: 'https://www.google.com/search?q=kefu' }
    // The server sends trackInfo once it has counted a connection: wait for it, window by window.
    const open = async () => {
      const window = h.visitor({ companyId: c.id, storage, entry })
      const tracked = new Promise<TrackInfo>((resolve) => window.once('trackInfo', resolve))
      window.connect()
      return { window, info: await tracked }
    }
    const [w1, w2, w3] = [await open(), await open(), await open()]
    expect(w1.info).toMatchObject({ searcher: 'google', keyword: 'kefu', keywordType: 2 })
    expect(new Set([w1, w2, w3].map((w) => w.window.getSnapshot().visitorId)).size).toBe(1)

    await w3.window.requestChat()
    expect(w3.window.getSnapshot().status).toEqual({ name: 'overloaded' })
    await eventually(() => expect(w1.window.getSnapshot().status).toEqual({ name: 'overloaded' }))

    // One window closes: two connections are allowed.
    w3.window.destroy()
    await eventually(async () => {
      await w1.window.requestChat()
      expect(w1.window.getSnapshot().status).toEqual({ name: 'bot' })
    })
    await eventually(() => expect(w2.window.getSnapshot().status).toEqual({ name: 'bot' }))
  })
})
