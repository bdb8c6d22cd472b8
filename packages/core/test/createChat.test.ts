import { describe, expect, it, vi } from 'vitest'
import { createChat, KefuError, memoryStorage, ValidationError, type ChatEventMap } from '@kefu/core'
import { createTestAgent } from '@kefu/core/testing'
import { fakeVisibility, rawTransport, setup, welcome } from './helpers'

const product = { title: 'Trench coat', imageUrl: 'https://shop.example/coat.jpg', content: '¥100.00' }

describe('createChat', () => {
  it('rejects bad options with a typed error', () => {
    expect(() => createChat({ companyId: '', transport: createTestAgent().transport })).toThrow(KefuError)
    expect(() => createChat({ companyId: 'x' } as never)).toThrow(/transport/)
  })

  it('does not connect until asked', async () => {
    const { agent, chat } = setup()
    await agent.settle()
    expect(agent.connectionCount).toBe(0)
    expect(chat.getSnapshot().connection).toBe('idle')
    chat.connect()
    expect(chat.getSnapshot().connection).toBe('connecting')
    await agent.settle()
    expect(chat.getSnapshot()).toMatchObject({ connection: 'online', ready: true, visitorId: 'test-visitor-1' })
  })

  it('queues actions called before the connection is ready, in order, and drops none', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    const sent = chat.send('hello?')
    const identified = chat.identify({ uname: 'Ming', partnerid: 'u-1', sign: 'abc' })
    const card = chat.sendCard(product)
    expect(chat.getSnapshot().messages.map((m) => m.state)).toEqual(['pending', 'pending'])
    chat.connect()
    const [message] = await Promise.all([sent, identified, card])
    expect(message.seq).toBe(1)
    expect(agent.received.map((f) => f.type)).toEqual(['hello', 'message.send', 'identify', 'message.send'])
    expect(agent.identity).toMatchObject({ uname: 'Ming', partnerid: 'u-1' })
    const { messages } = chat.getSnapshot()
    expect(messages.map((m) => [m.seq, m.state, m.body.type])).toEqual([
      [1, 'sent', 'text'],
      [2, 'sent', 'product'],
    ])
  })

  it('keeps snapshots immutable and does not notify when nothing changed', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    const listener = vi.fn()
    chat.subscribe(listener)
    chat.connect()
    await agent.settle()
    const before = chat.getSnapshot()
    const calls = listener.mock.calls.length
    chat.minimize()
    chat.minimize()
    expect(listener).toHaveBeenCalledTimes(calls + 1)
    const after = chat.getSnapshot()
    expect(after).not.toBe(before)
    expect(before.window).toBe('closed')
    expect(after.messages).toBe(before.messages)
    chat.maximize()
    chat.maximize()
    expect(listener).toHaveBeenCalledTimes(calls + 2)
  })

  it('unsubscribe stops notifications', async () => {
    const { chat } = setup()
    const listener = vi.fn()
    const off = chat.subscribe(listener)
    off()
    chat.open()
    expect(listener).not.toHaveBeenCalled()
  })

  it('walks a whole conversation: queue, assignment, messages, end with evaluation', async () => {
    const { agent, chat } = setup({}, { autoMarkRead: false })
    const statuses: string[] = []
    const positions: number[] = []
    chat.on('statusChange', ({ status }) => statuses.push(status.name))
    chat.on('queuePosition', ({ position }) => positions.push(position))
    chat.connect()
    chat.open()
    await agent.settle()
    expect(chat.getSnapshot().status.name).toBe('waiting')
    agent.queue(3)
    agent.queue(2)
    await agent.settle()
    expect(chat.getSnapshot().queuePosition).toBe(2)
    agent.accept({ staffId: 'a7', staffNickName: 'Amy', recordId: '1_77', staffHead: 'https://x.example/a.png' })
    await agent.settle()
    expect(chat.getSnapshot()).toMatchObject({ queuePosition: null, staff: { staffId: 'a7', recordId: '1_77' } })
    agent.say('Hi, how can I help?')
    agent.pushCard({ title: 'Similar coat', urlForVisitor: "http('https://shop.example/p/2','blank')" })
    await agent.settle()
    expect(chat.getSnapshot().unread).toBe(2)
    agent.end(2, { evaluate: true })
    await agent.settle()
    expect(chat.getSnapshot().status).toEqual({ name: 'ended', reason: 2, needsEvaluation: true })
    expect(chat.getSnapshot().evaluation.status).toBe('pending')
    expect(chat.getSnapshot().staff).toBeNull()
    await chat.evaluate({ score: 5, comment: 'great' })
    await agent.settle()
    expect(agent.evaluations).toEqual([{ score: 5, comment: 'great', phase: 'ended' }])
    expect(chat.getSnapshot().evaluation).toEqual({
      status: 'submitted',
      submitted: { score: 5, comment: 'great', phase: 'ended' },
    })
    expect(chat.getSnapshot().status).toEqual({ name: 'ended', reason: 2, needsEvaluation: false })
    expect(statuses).toEqual(['waiting', 'chatting', 'ended', 'ended'])
    expect(positions).toEqual([1, 3, 2])
  })

  it('emits typed events with any number of listeners, once, and unsubscribe', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    const a = vi.fn()
    const b = vi.fn()
    const once = vi.fn()
    chat.on('message', a)
    const offB = chat.on('message', b)
    chat.once('message', once)
    chat.connect()
    agent.accept()
    await agent.settle()
    agent.say('one')
    await agent.settle()
    offB()
    agent.say('two')
    await agent.settle()
    expect(a.mock.calls.map((call) => (call[0] as ChatEventMap['message']).body)).toEqual([
      { type: 'text', text: 'one' },
      { type: 'text', text: 'two' },
    ])
    expect(b).toHaveBeenCalledTimes(1)
    expect(once).toHaveBeenCalledTimes(1)
  })

  it('keeps going when a listener throws', async () => {
    const errors: unknown[] = []
    const { agent, chat } = setup({ onRequest: 'accept' }, { debug: (_m, e) => errors.push(e) })
    const after = vi.fn()
    chat.on('message', () => {
      throw new Error('listener bug')
    })
    chat.on('message', after)
    chat.connect()
    await agent.settle()
    agent.say('x')
    await agent.settle()
    expect(after).toHaveBeenCalledTimes(1)
    expect(errors).toHaveLength(1)
  })

  it('reports the visitor’s own stored messages as Echat visitorSendMsg payloads', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    const payloads: ChatEventMap['visitorSendMsg'][] = []
    chat.on('visitorSendMsg', (p) => payloads.push(p))
    chat.connect()
    await chat.send('where is my order?')
    await chat.sendFile({ url: 'https://cdn.example/a.pdf', name: 'a.pdf', size: 5210000, mimeType: 'application/pdf' })
    await chat.sendFile({ url: 'https://cdn.example/p.png', name: 'p.png', size: 10, mimeType: 'image/png' })
    await agent.settle()
    expect(payloads).toEqual([
      { msgType: 'text', textContent: 'where is my order?' },
      { msgType: 'file', fileName: 'a.pdf', fileUrl: 'https://cdn.example/a.pdf', fileType: 0, fileSize: 5210000 },
      {
        msgType: 'image',
        smallImg: 'https://cdn.example/p.png',
        bigImg: 'https://cdn.example/p.png',
        sourceImg: 'https://cdn.example/p.png',
      },
    ])
  })

  it('uploads a Blob through the transport before sending it', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    const message = await chat.sendFile(new Blob(['%PDF'], { type: 'application/pdf' }), 'invoice.pdf')
    expect(message.body).toMatchObject({ type: 'file', name: 'invoice.pdf', size: 4, mimeType: 'application/pdf' })
    await agent.settle()
  })

  it('rejects bad arguments with typed errors and sends nothing', async () => {
    const { agent, chat } = setup()
    chat.connect()
    await expect(chat.send('   ')).rejects.toMatchObject({ code: 'invalid_argument', issues: [{ path: 'text' }] })
    await expect(chat.send('x'.repeat(5001))).rejects.toBeInstanceOf(ValidationError)
    await expect(chat.send(42 as never)).rejects.toBeInstanceOf(KefuError)
    await expect(chat.sendCard('not a card' as never)).rejects.toMatchObject({ issues: [{ path: 'card' }] })
    await expect(chat.identify(null as never)).rejects.toMatchObject({ issues: [{ path: 'identity' }] })
    await expect(chat.evaluate({ score: 9 })).rejects.toMatchObject({ code: 'invalid_argument', issues: [{ path: 'score' }] })
    await expect(chat.evaluate({ score: 3, comment: 'x'.repeat(1001) })).rejects.toMatchObject({ issues: [{ path: 'comment' }] })
    await expect(chat.sendFile({ url: 'javascript:alert(1)', name: 'x', size: 1 } as never)).rejects.toBeInstanceOf(ValidationError)
    await expect(chat.sendFile('x' as never)).rejects.toMatchObject({ issues: [{ path: 'file' }] })
    await expect(chat.leaveMessage({ content: '' })).rejects.toBeInstanceOf(ValidationError)
    await expect(chat.trace(null as never)).rejects.toBeInstanceOf(ValidationError)
    await agent.settle()
    expect(agent.received.map((f) => f.type)).toEqual(['hello'])
    expect(chat.getSnapshot().messages).toEqual([])
  })

  it('surfaces the server’s card validation as a ValidationError listing every issue, storing nothing', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    const bad = chat.sendCard({ title: '', urlForVisitor: 'javascript:alert(1)' })
    await expect(bad).rejects.toBeInstanceOf(ValidationError)
    await expect(bad).rejects.toMatchObject({
      code: 'invalid_card',
      issues: [{ path: 'title', message: 'is required' }, { path: 'urlForVisitor' }],
    })
    await expect(chat.sendCard({ type: 'order', orderCode: 'A1', orderStatus: 1, totalFee: 10.5, goods: [] })).rejects.toMatchObject({
      issues: [{ path: 'totalFee' }],
    })
    await agent.settle()
    expect(agent.messages).toEqual([])
    expect(chat.getSnapshot().messages.map((m) => m.state)).toEqual(['failed', 'failed'])
  })

  it('shows the card as the server stored it: links normalised, content sanitized', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    const message = await chat.sendCard({
      title: ' Coat ',
      content: '<div style="color:red" onclick="steal()">¥100<script>alert(1)</script></div>',
      urlForVisitor: 'https://shop.example/p/1',
    })
    await agent.settle()
    const expected = {
      type: 'product',
      title: 'Coat',
      content: '<div style="color:red">¥100</div>',
      urlForVisitor: "http('https://shop.example/p/1','blank')",
    }
    expect(message.body).toEqual({ type: 'product', card: expected })
    expect(chat.getSnapshot().messages).toEqual([message])
  })

  it('surfaces the server’s identity validation the same way', async () => {
    const { agent, chat } = setup()
    chat.connect()
    await expect(chat.identify({ sign: 'abc' })).rejects.toMatchObject({
      code: 'invalid_identity',
      issues: [{ path: 'sign', message: 'needs partnerid' }],
    })
    expect(agent.identity).toBeNull()
  })

  it('marks a message failed and rejects when the server refuses it for good', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    await agent.settle()
    agent.failNext('message.send', 'payload_too_large', 'too long')
    await expect(chat.send('spam')).rejects.toMatchObject({ code: 'payload_too_large', message: 'too long' })
    expect(chat.getSnapshot().messages.map((m) => m.state)).toEqual(['failed'])
    expect(agent.messages).toEqual([])
  })

  it('sends an agent-only card without showing it to the visitor', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    const message = await chat.sendCard({ ...product, visibility: 2 })
    await agent.settle()
    expect(message.visibility).toBe('agent')
    expect(agent.messages).toHaveLength(1)
    expect(chat.getSnapshot().messages).toEqual([])
  })

  it('reports an error frame that answers no action as an error event', async () => {
    const { agent, chat } = setup()
    const errors: KefuError[] = []
    chat.on('error', (e) => errors.push(e))
    agent.failNext('typing', 'bad_frame', 'nope')
    chat.connect()
    await agent.settle()
    chat.setTyping(true)
    await agent.settle()
    expect(errors.map((e) => [e.code, e.message])).toEqual([['bad_frame', 'nope']])
  })

  it('fails pending actions on destroy and ignores the transport afterwards', async () => {
    const { agent, chat } = setup()
    const pending = chat.send('hi')
    chat.destroy()
    await expect(pending).rejects.toMatchObject({ code: 'destroyed' })
    await expect(chat.send('again')).rejects.toMatchObject({ code: 'destroyed' })
    chat.connect()
    await agent.settle()
    expect(agent.connectionCount).toBe(0)
  })
})

describe('window and close', () => {
  it('open() requests a chat once; minimize and maximize only move the window', async () => {
    const { agent, chat } = setup()
    const windows: string[] = []
    chat.on('windowChange', ({ window }) => windows.push(window))
    chat.open()
    chat.open()
    chat.connect()
    await agent.settle()
    expect(agent.received.filter((f) => f.type === 'chat.request')).toHaveLength(1)
    chat.minimize()
    chat.maximize()
    expect(windows).toEqual(['open', 'minimized', 'open'])
  })

  it('close() ends an active chat and stays open while an evaluation is asked for', async () => {
    const { agent, chat } = setup({ onRequest: 'accept', evaluateOnVisitorEnd: true })
    chat.connect()
    chat.open()
    await agent.settle()
    chat.close()
    await agent.settle()
    expect(chat.getSnapshot().status).toEqual({ name: 'ended', reason: 1, needsEvaluation: true })
    expect(chat.getSnapshot().window).toBe('open')
    await chat.evaluate({ score: 4 })
    await agent.settle()
    expect(chat.getSnapshot().window).toBe('closed')
    expect(agent.evaluations).toEqual([{ score: 4, phase: 'ended' }])
  })

  it('close() without an evaluation closes once the chat has ended', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    chat.open()
    await agent.settle()
    chat.close()
    expect(chat.getSnapshot().window).toBe('open')
    await agent.settle()
    expect(chat.getSnapshot()).toMatchObject({ window: 'closed', status: { name: 'ended', reason: 1 } })
  })

  it('dismissing the evaluation closes a window that was closing', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    chat.open()
    await agent.settle()
    agent.end(2, { evaluate: true })
    await agent.settle()
    chat.close()
    expect(chat.getSnapshot().window).toBe('open')
    chat.dismissEvaluation()
    expect(chat.getSnapshot()).toMatchObject({ window: 'closed', evaluation: { status: 'dismissed' } })
  })

  it('open() says it comes from opening the window, so the server can leave starting to the first message', async () => {
    const { agent, chat } = setup({ startChatOn: 'message', onRequest: 'accept' })
    chat.connect()
    chat.open()
    await agent.settle()
    expect(agent.received.find((f) => f.type === 'chat.request')).toMatchObject({ type: 'chat.request', trigger: 'open' })
    expect(chat.getSnapshot().status.name).toBe('idle')
    await chat.send('在吗？')
    await agent.settle()
    expect(chat.getSnapshot().status.name).toBe('chatting')
    // An explicit request (重新咨询, ECHAT.chat()) carries no trigger: it starts a chat at once.
    const explicit = setup({ startChatOn: 'message', onRequest: 'accept' })
    explicit.chat.connect()
    await explicit.chat.requestChat()
    expect(explicit.agent.received.find((f) => f.type === 'chat.request')).not.toHaveProperty('trigger')
    expect(explicit.chat.getSnapshot().status.name).toBe('chatting')
  })

  it('open(routing) carries the routing of the page or link with the request it makes, once', async () => {
    const { agent, chat } = setup({ onRequest: 'bot' })
    chat.connect()
    chat.open({ mode: 3, robotId: '2', agentId: '1q2w3e4r', groupId: '4r3e2w1q' })
    chat.open({ mode: 2 })
    await agent.settle()
    expect(agent.received.filter((f) => f.type === 'chat.request')).toEqual([
      { type: 'chat.request', cid: expect.any(String), trigger: 'open', routing: { mode: 3, robotId: '2', agentId: '1q2w3e4r', groupId: '4r3e2w1q' } },
    ])
  })

  it('open used straight as a click handler (onClick={open}) ignores the event: no routing is sent', async () => {
    const { agent, chat } = setup({ onRequest: 'bot' })
    chat.connect()
    // A React or DOM click event, with the circular references that JSON cannot send.
    const click = { type: 'click', preventDefault() {}, target: {} as Record<string, unknown> }
    click.target.self = click.target
    chat.open(click as never)
    await agent.settle()
    expect(agent.received.filter((f) => f.type === 'chat.request')).toEqual([{ type: 'chat.request', cid: expect.any(String), trigger: 'open' }])
    expect(chat.getSnapshot().status.name).toBe('bot')
  })

  it('a rating skipped in another window is no longer pending here, and a closing window closes', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    const other = createChat({ companyId: 'demo', transport: agent.createTransport(), storage: memoryStorage() })
    chat.connect()
    other.connect()
    chat.open()
    await agent.settle()
    agent.end(2, { evaluate: true })
    await agent.settle()
    chat.close()
    expect(chat.getSnapshot()).toMatchObject({ window: 'open', evaluation: { status: 'pending' } })
    other.dismissEvaluation()
    await agent.settle()
    expect(chat.getSnapshot()).toMatchObject({ window: 'closed', evaluation: { status: 'dismissed' } })
    // A later visit starts without one pending.
    const later = createChat({ companyId: 'demo', transport: agent.createTransport(), storage: memoryStorage() })
    later.connect()
    await agent.settle()
    expect(later.getSnapshot().evaluation.status).toBe('none')
  })

  it('evaluation is possible while chatting', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    await chat.requestChat()
    await chat.evaluate({ score: 3, comment: 'ok so far' })
    await agent.settle()
    expect(agent.evaluations).toEqual([{ score: 3, comment: 'ok so far', phase: 'chatting' }])
    expect(chat.getSnapshot().status.name).toBe('chatting')
  })
})

describe('bot and offline', () => {
  it('hands over from the bot to a human on request', async () => {
    const { agent, chat } = setup({ onRequest: 'bot' })
    chat.connect()
    await chat.send('return policy?')
    agent.sayAsBot('Returns within 7 days.', { offerHandoff: true })
    await agent.settle()
    expect(chat.getSnapshot().status.name).toBe('bot')
    expect(chat.getSnapshot().messages.at(-1)?.actions).toEqual([{ type: 'handoff' }])
    await chat.requestHuman()
    await agent.settle()
    expect(chat.getSnapshot()).toMatchObject({ status: { name: 'waiting' }, queuePosition: 1 })
  })

  it('goes offline when no agent is online and takes a leave message', async () => {
    const { agent, chat } = setup({ agentsOnline: false, offlineMode: 'leave-message' })
    chat.connect()
    chat.open()
    await agent.settle()
    expect(chat.getSnapshot()).toMatchObject({ status: { name: 'offline', mode: 'leave-message' }, agentsOnline: false })
    await chat.leaveMessage({ content: 'call me back', tel: '18888888888' })
    expect(agent.leaveMessages).toEqual([{ content: 'call me back', tel: '18888888888' }])
    const online: boolean[] = []
    chat.on('staffStatus', (e) => online.push(e.online))
    agent.setAgentsOnline(true)
    await agent.settle()
    expect(online).toEqual([true])
  })

  it('ignores an event that is invalid in the current state and reports it in debug mode', () => {
    const logs: string[] = []
    const { transport, push } = rawTransport()
    const chat = createChat({ companyId: 'demo', transport, storage: memoryStorage(), debug: (m) => logs.push(m) })
    chat.connect()
    push(welcome())
    const listener = vi.fn()
    chat.subscribe(listener)
    push({ type: 'status', event: { type: 'ended', reason: 2, needsEvaluation: false } })
    push({ type: 'status', event: { type: 'evaluated' } })
    expect(chat.getSnapshot().status.name).toBe('idle')
    expect(listener).not.toHaveBeenCalled()
    expect(logs).toEqual([
      'ignored chat status event "ended" in state "idle"',
      'ignored chat status event "evaluated" in state "idle"',
    ])
  })

  it('stays silent about invalid events outside debug mode', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { transport, push } = rawTransport()
    const chat = createChat({ companyId: 'demo', transport, storage: memoryStorage() })
    chat.connect()
    push(welcome())
    push({ type: 'status', event: { type: 'reset' } })
    expect(chat.getSnapshot().status.name).toBe('idle')
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })
})

describe('read receipts', () => {
  it('keeps how far the agent has read, from the welcome and from agentRead, never going back', async () => {
    const raw = rawTransport()
    const chat = createChat({ companyId: 'demo', transport: raw.transport, storage: memoryStorage(), visibility: fakeVisibility().source })
    const changes = vi.fn()
    chat.connect()
    raw.push(welcome({ agentReadSeq: 3 }))
    expect(chat.getSnapshot().agentReadSeq).toBe(3)
    chat.subscribe(changes)
    raw.push({ type: 'agentRead', seq: 5 })
    expect(chat.getSnapshot().agentReadSeq).toBe(5)
    raw.push({ type: 'agentRead', seq: 4 })
    raw.push(welcome({ agentReadSeq: 2 }))
    expect(chat.getSnapshot().agentReadSeq).toBe(5)
    expect(changes).toHaveBeenCalledTimes(1)
  })

  it('starts at 0 and follows the agent', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    await agent.settle()
    expect(chat.getSnapshot().agentReadSeq).toBe(0)
    await chat.send('你好')
    agent.agentRead(1)
    await agent.settle()
    expect(chat.getSnapshot().agentReadSeq).toBe(1)
  })
})

describe('unread', () => {
  it('counts agent and bot messages above the read mark, never the visitor’s own or status notices', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    await chat.send('hi')
    agent.say('hello')
    agent.notice('Amy joined')
    agent.sayAsBot('tip')
    await agent.settle()
    expect(chat.getSnapshot().unread).toBe(2)
    expect(agent.unread).toBe(2)
  })

  it('advances the read mark only while the window is open and the page visible', async () => {
    const { agent, chat, page } = setup({ onRequest: 'accept' })
    const counts: number[] = []
    chat.on('unreadChange', ({ unread }) => counts.push(unread))
    chat.connect()
    await agent.settle()
    agent.say('one')
    await agent.settle()
    expect(chat.getSnapshot().unread).toBe(1)
    page.set(false)
    chat.open()
    agent.say('two')
    await agent.settle()
    expect(chat.getSnapshot().unread).toBe(2)
    expect(agent.readSeq).toBe(0)
    page.set(true)
    expect(chat.getSnapshot().unread).toBe(0)
    await agent.settle()
    expect(agent.readSeq).toBe(2)
    expect(agent.unread).toBe(0)
    chat.minimize()
    agent.say('three')
    await agent.settle()
    expect(chat.getSnapshot().unread).toBe(1)
    expect(counts).toEqual([1, 2, 0, 1])
  })

  it('markRead() marks everything read even while hidden', async () => {
    const { agent, chat, page } = setup({ onRequest: 'accept' })
    page.set(false)
    chat.connect()
    await agent.settle()
    agent.say('one')
    await agent.settle()
    chat.markRead()
    await agent.settle()
    expect([chat.getSnapshot().unread, agent.readSeq]).toEqual([0, 1])
  })

  it('keeps all of a visitor’s tabs in agreement', async () => {
    const agent = createTestAgent({ onRequest: 'accept' })
    const storage = memoryStorage()
    const make = () => createChat({ companyId: 'demo', transport: agent.createTransport(), storage, visibility: fakeVisibility().source })
    const storePage = make()
    const chatWindow = make()
    storePage.connect()
    chatWindow.connect()
    await agent.settle()
    agent.say('hello')
    await agent.settle()
    expect([storePage.getSnapshot().unread, chatWindow.getSnapshot().unread]).toEqual([1, 1])
    chatWindow.open()
    await agent.settle()
    expect([storePage.getSnapshot().unread, chatWindow.getSnapshot().unread]).toEqual([0, 0])
    await chatWindow.send('thanks')
    await agent.settle()
    expect(storePage.getSnapshot().messages.map((m) => m.body)).toEqual([
      { type: 'text', text: 'hello' },
      { type: 'text', text: 'thanks' },
    ])
  })

  it('counts messages sent while the visitor was away on the next visit', async () => {
    const agent = createTestAgent({ onRequest: 'accept' })
    const storage = memoryStorage()
    const visit = () => createChat({ companyId: 'demo', transport: agent.createTransport(), storage })
    const first = visit()
    first.connect()
    await first.send('is this in stock?')
    first.destroy()
    agent.say('Yes, it is.')
    agent.say('Anything else?')
    const second = visit()
    second.connect()
    await agent.settle()
    expect(second.getSnapshot()).toMatchObject({ visitorId: agent.visitorId, unread: 2 })
    expect(second.getSnapshot().messages).toHaveLength(3)
  })
})

describe('connection loss', () => {
  it('resends unacknowledged actions after a reconnect and shows each message once', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    const connections: string[] = []
    chat.on('connectionChange', ({ connection }) => connections.push(connection))
    chat.connect()
    await agent.settle()
    const first = chat.send('first')
    agent.dropConnections() // the frame in flight is lost
    const second = chat.send('second') // sent while down: queued
    agent.say('are you there?') // stored while the visitor is away
    await agent.settle()
    expect(chat.getSnapshot().connection).toBe('reconnecting')
    agent.restoreConnections()
    await Promise.all([first, second])
    await agent.settle()
    expect(agent.messages.map((m) => m.body)).toEqual([
      { type: 'text', text: 'are you there?' },
      { type: 'text', text: 'first' },
      { type: 'text', text: 'second' },
    ])
    expect(chat.getSnapshot().messages.map((m) => [m.seq, m.state])).toEqual([
      [1, 'sent'],
      [2, 'sent'],
      [3, 'sent'],
    ])
    expect(connections).toEqual(['connecting', 'online', 'reconnecting', 'online'])
  })

  it('does not store a resend twice when only the acknowledgement was lost', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    await agent.settle()
    const sent = chat.send('once')
    await Promise.resolve()
    await Promise.resolve() // the server has stored it, the ack is in flight
    agent.dropConnections()
    agent.restoreConnections()
    await sent
    await agent.settle()
    expect(agent.messages).toHaveLength(1)
    expect(chat.getSnapshot().messages).toHaveLength(1)
  })

  it('disconnect() and connect() again resume where they left off', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    await agent.settle()
    chat.disconnect()
    const queued = chat.send('while away')
    agent.say('hello')
    chat.connect()
    await queued
    await agent.settle()
    expect(chat.getSnapshot().messages.map((m) => m.seq)).toEqual([1, 2])
  })
})
