import type { ChatMessage } from '@kefu/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDesk, selectMine, selectTotalUnread, type DeskOptions } from '../src/desk'
import { FakeSocket, LOGIN_ROUTES, conversation, fakeFetch, fakeVisibility, memorySession, visitor, welcome } from './fakes'

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

function setup(routes: Parameters<typeof fakeFetch>[0] = {}, options: Partial<DeskOptions> = {}) {
  const http = fakeFetch({ ...LOGIN_ROUTES, ...routes })
  const storage = memorySession()
  const visibility = fakeVisibility(true)
  const desk = createDesk({
    baseUrl: 'http://kefu.test',
    fetch: http.fetch,
    WebSocket: FakeSocket,
    storage,
    visibility,
    pingMs: 0,
    reconnect: { baseMs: 100, maxMs: 1000 },
    ...options,
  })
  return { desk, http, storage, visibility }
}

async function signedIn(routes: Parameters<typeof fakeFetch>[0] = {}) {
  const env = setup(routes)
  await env.desk.login('amy@demo.kefu.local', 'right')
  const socket = FakeSocket.last
  socket.open()
  socket.receive(welcome())
  await flush()
  return { ...env, socket }
}

const visitorMessage = (id: string, seq: number, text = 'hi'): ChatMessage => ({
  id,
  seq,
  sender: 'visitor',
  createdAt: seq,
  state: 'sent',
  visibility: 'both',
  body: { type: 'text', text },
})

beforeEach(() => {
  FakeSocket.instances = []
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createDesk: sign-in', () => {
  it('logs in, keeps the token in session storage, connects and says hello with it', async () => {
    const { desk, storage } = setup()
    const seen: string[] = []
    desk.subscribe(() => seen.push(desk.getSnapshot().auth.status))
    await desk.login('amy@demo.kefu.local', 'right')
    expect(seen).toEqual(['signing-in', 'signed-in', 'signed-in'].slice(0, seen.length))
    expect(storage.values.get('kefu.desk.session')).toBe('tok-1')
    const socket = FakeSocket.last
    expect(socket.url).toBe('ws://kefu.test/ws/agent')
    expect(desk.getSnapshot().connection).toBe('connecting')
    socket.open()
    expect(socket.sent).toEqual([{ type: 'agent.hello', v: 1, token: 'tok-1' }])
    socket.receive(welcome())
    const state = desk.getSnapshot()
    expect(state.connection).toBe('online')
    expect(state.agent?.name).toBe('Amy')
    expect(selectMine(state).map((c) => c.conversationId)).toEqual(['c1'])
    await flush()
    expect(desk.getSnapshot().groups).toEqual([{ groupId: 'g1', name: '售后' }])
    // The quick replies endpoint 404s here: none, not an error.
    expect(desk.getSnapshot().quickReplies).toEqual([])
  })

  it('reports a wrong password and opens no socket', async () => {
    const { desk } = setup()
    await expect(desk.login('amy@demo.kefu.local', 'wrong')).rejects.toThrow('wrong e-mail or password')
    expect(desk.getSnapshot().auth).toEqual({ status: 'signed-out', error: 'wrong e-mail or password' })
    expect(FakeSocket.instances).toHaveLength(0)
  })

  it('resumes the session kept in the tab on start()', () => {
    const storage = memorySession({ 'kefu.desk.session': 'kept' })
    const desk = createDesk({ baseUrl: 'http://kefu.test', fetch: fakeFetch({}).fetch, WebSocket: FakeSocket, storage, pingMs: 0 })
    desk.start()
    FakeSocket.last.open()
    expect(FakeSocket.last.sent[0]).toEqual({ type: 'agent.hello', v: 1, token: 'kept' })
  })

  it('signs out when the server closes the socket as unauthorized, and forgets the token', async () => {
    const { desk, socket, storage } = await signedIn()
    socket.receive({ type: 'error', code: 'unauthorized', message: 'this agent account is not active' })
    socket.drop(4401, 'inactive agent')
    expect(desk.getSnapshot().auth).toEqual({ status: 'signed-out', error: 'this agent account is not active' })
    expect(storage.values.has('kefu.desk.session')).toBe(false)
    expect(desk.getSnapshot().conversations).toEqual({})
  })

  it('signs out when the API refuses the session, but not for other 4xx answers', async () => {
    const { desk } = await signedIn({
      'GET /api/v1/plugins': { status: 401, body: { error: 'signature_invalid', message: 'bad signature' } },
      'GET /api/v1/me': { status: 401, body: { error: { code: 'unauthorized', message: 'expired' } } },
    })
    await expect(desk.http('/api/v1/plugins')).rejects.toMatchObject({ status: 401, reason: 'signature_invalid', message: 'bad signature' })
    expect(desk.getSnapshot().auth.status).toBe('signed-in')
    await expect(desk.http('/api/v1/me')).rejects.toMatchObject({ code: 'unauthorized' })
    expect(desk.getSnapshot().auth).toEqual({ status: 'signed-out', error: 'your session ended: sign in again' })
  })

  it('does not notify subscribers when a frame changes nothing', async () => {
    const { desk, socket } = await signedIn()
    const listener = vi.fn()
    desk.subscribe(listener)
    socket.receive({ type: 'pong' })
    socket.receive({ type: 'conversation', conversation: conversation() })
    socket.receive({ type: 'visitor', visitor: visitor() })
    expect(listener).not.toHaveBeenCalled()
  })

  it('tells every subscriber of a change before one made from a subscriber, which is never re-entered', async () => {
    const { desk } = await signedIn()
    const calls: string[] = []
    let inside = false
    let reentered = false
    // A toast that dismisses an error at once (e.g. because it is shown elsewhere).
    desk.subscribe(() => {
      reentered ||= inside
      inside = true
      const error = desk.getSnapshot().lastError?.message ?? 'none'
      calls.push(`toast ${error}`)
      if (error !== 'none') desk.clearError()
      inside = false
    })
    desk.subscribe(() => calls.push(`banner ${desk.getSnapshot().lastError?.message ?? 'none'}`))
    desk.reportError(new Error('upload failed'))
    expect(reentered).toBe(false)
    expect(calls).toEqual(['toast upload failed', 'banner none', 'toast none', 'banner none'])
    expect(desk.getSnapshot().lastError).toBeNull()
  })
})

describe('createDesk: actions and acks', () => {
  it('shows a sent message as pending, then sent with the server copy', async () => {
    const { desk, socket } = await signedIn()
    desk.select({ conversationId: 'c1' })
    const sending = desk.sendText('  您好  ')
    const frame = socket.sentOfType('message.send')[0]!
    expect(frame).toMatchObject({ conversationId: 'c1', body: { type: 'text', text: '您好' } })
    const cid = frame.cid as string
    expect(desk.getSnapshot().messages.v1).toMatchObject([{ id: cid, state: 'pending', seq: null, conversationId: 'c1' }])
    const stored: ChatMessage = { id: 'm9', clientId: cid, seq: 4, sender: 'agent', createdAt: 5, state: 'sent', visibility: 'both', body: { type: 'text', text: '您好' } }
    socket.receive({ type: 'ack', cid, message: stored })
    await expect(sending).resolves.toEqual(stored)
    expect(desk.getSnapshot().messages.v1).toEqual([{ ...stored, conversationId: 'c1' }])
    // The echo as a message frame is not a duplicate.
    socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: stored })
    expect(desk.getSnapshot().messages.v1).toHaveLength(1)
  })

  it('marks a refused message failed and rejects with the server code', async () => {
    const { desk, socket } = await signedIn()
    desk.select({ conversationId: 'c1' })
    const sending = desk.sendText('x', { note: true })
    const frame = socket.sentOfType('message.send')[0]!
    expect(frame.visibility).toBe('agent')
    socket.receive({ type: 'error', code: 'conflict', message: 'the chat ended', cid: frame.cid as string })
    await expect(sending).rejects.toMatchObject({ code: 'conflict', message: 'the chat ended' })
    expect(desk.getSnapshot().messages.v1?.[0]?.state).toBe('failed')
    expect(desk.getSnapshot().lastError?.message).toBe('the chat ended')
  })

  it('sends accept, transfer, end, sign, presence and CRM frames and resolves on their acks', async () => {
    const { desk, socket } = await signedIn()
    const ackLast = () => socket.receive({ type: 'ack', cid: socket.sent[socket.sent.length - 1]!.cid as string })
    const calls: [Promise<void>, Record<string, unknown>][] = []
    const run = (p: Promise<void>) => {
      calls.push([p, socket.sent[socket.sent.length - 1]!])
      ackLast()
      return p
    }
    await run(desk.accept('c1'))
    await run(desk.transfer('c1', { groupId: 'g1' }))
    await run(desk.setChatSign('c1', 1))
    await run(desk.end('c1'))
    await run(desk.setPresence('busy'))
    expect(calls.map(([, f]) => f)).toMatchObject([
      { type: 'conversation.accept', conversationId: 'c1' },
      { type: 'conversation.transfer', conversationId: 'c1', to: { groupId: 'g1' } },
      { type: 'conversation.sign', conversationId: 'c1', chatSign: 1 },
      { type: 'conversation.end', conversationId: 'c1' },
      { type: 'presence', presence: 'busy' },
    ])
  })

  it('sends only changed CRM fields and reports them after the ack', async () => {
    const { desk, socket } = await signedIn()
    const updates: unknown[] = []
    desk.on('crmUpdated', (u) => updates.push(u))
    const saving = desk.updateCrm('v1', { uname: '小王', realname: '王小明', tel: '' })
    const frame = socket.sentOfType('visitor.update')[0]!
    expect(frame.crm).toEqual({ realname: '王小明' })
    expect(updates).toEqual([])
    socket.receive({ type: 'ack', cid: frame.cid as string })
    await saving
    expect(updates).toEqual([{ visitorId: 'v1', changed: { realname: '王小明' } }])
  })

  it('uploads a file (credential, then the bytes) and sends it as an image message', async () => {
    const { desk, socket, http } = await signedIn({
      'POST /api/v1/agent/upload-credentials': { body: { token: 'up-1', uploadUrl: 'http://elsewhere/api/v1/uploads' } },
      'POST /api/v1/uploads': { status: 201, body: { url: 'http://kefu.test/files/demo/f1/a.png', name: 'a b.png', size: 3, mimeType: 'image/png' } },
    })
    desk.select({ conversationId: 'c1' })
    const sending = desk.sendFile(new Blob(['abc'], { type: 'image/png' }), 'a b.png')
    await flush()
    await flush()
    const upload = http.requests.find((r) => r.url.endsWith('/api/v1/uploads'))!
    expect(upload.url).toBe('http://kefu.test/api/v1/uploads')
    expect(upload.headers).toMatchObject({ 'x-kefu-upload-token': 'up-1', 'x-kefu-file-name': 'a%20b.png', 'content-type': 'image/png' })
    const frame = socket.sentOfType('message.send')[0]!
    expect(frame.body).toEqual({ type: 'image', url: 'http://kefu.test/files/demo/f1/a.png', name: 'a b.png', size: 3 })
    socket.receive({ type: 'ack', cid: frame.cid as string })
    await sending
  })

  it('refuses to send text with no conversation selected', async () => {
    const { desk } = await signedIn()
    await expect(desk.sendText('hi')).rejects.toMatchObject({ code: 'invalid_argument' })
  })
})

describe('createDesk: unread, typing, history', () => {
  it('counts visitor messages of chats the agent is not looking at, and clears them on select', async () => {
    const { desk, socket, visibility } = await signedIn()
    socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: visitorMessage('m1', 1) })
    socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: visitorMessage('m1', 1) })
    socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: visitorMessage('m2', 2) })
    expect(desk.getSnapshot().unread).toEqual({ c1: 2 })
    desk.select({ conversationId: 'c1' })
    expect(selectTotalUnread(desk.getSnapshot())).toBe(0)
    // Selected but the tab is hidden: still unread until the agent comes back.
    visibility.visible = false
    socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: visitorMessage('m3', 3) })
    expect(desk.getSnapshot().unread).toEqual({ c1: 1 })
    visibility.set(true)
    expect(desk.getSnapshot().unread).toEqual({})
  })

  it('tells the server how far the agent has read the open chat, only while the page is visible', async () => {
    const { desk, socket, visibility } = await signedIn()
    socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: visitorMessage('m1', 1) })
    expect(socket.sentOfType('read')).toEqual([])
    desk.select({ conversationId: 'c1' })
    expect(socket.sentOfType('read')).toEqual([{ type: 'read', visitorId: 'v1', seq: 1 }])
    socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: visitorMessage('m2', 2) })
    expect(socket.sentOfType('read')).toEqual([
      { type: 'read', visitorId: 'v1', seq: 1 },
      { type: 'read', visitorId: 'v1', seq: 2 },
    ])
    // Hidden tab: nothing is read until the agent comes back, and then once.
    visibility.visible = false
    socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: visitorMessage('m3', 3) })
    socket.receive({ type: 'typing', conversationId: 'c1', typing: true })
    expect(socket.sentOfType('read')).toHaveLength(2)
    visibility.set(true)
    expect(socket.sentOfType('read').slice(2)).toEqual([{ type: 'read', visitorId: 'v1', seq: 3 }])
    // Another visitor's message while this chat is open is not read.
    socket.receive({ type: 'message', conversationId: 'c2', visitorId: 'v2', message: visitorMessage('n1', 1) })
    expect(socket.sentOfType('read')).toHaveLength(3)
  })

  it('tracks typing and clears it when the message arrives', async () => {
    const { desk, socket } = await signedIn()
    socket.receive({ type: 'typing', conversationId: 'c1', typing: true })
    expect(desk.getSnapshot().typing).toEqual({ c1: true })
    socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: visitorMessage('m1', 1) })
    expect(desk.getSnapshot().typing).toEqual({})
  })

  it('loads history on select and older pages before the oldest message', async () => {
    const page = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ ...visitorMessage(`m${from + i}`, from + i), conversationId: 'c1' }))
    const { desk, http } = await signedIn({
      'GET /api/v1/visitors/v1/messages': (r) => ({ body: r.url.includes('beforeSeq=3') ? page(1, 2) : page(3, 4) }),
    })
    const paged = createDesk({ baseUrl: 'http://kefu.test', fetch: http.fetch, WebSocket: FakeSocket, storage: memorySession(), pingMs: 0, historyPageSize: 2 })
    void desk
    await paged.login('a@b.c', 'right')
    FakeSocket.last.open()
    FakeSocket.last.receive(welcome())
    paged.select({ visitorId: 'v1' })
    expect(paged.getSnapshot().selectedConversationId).toBe('c1')
    await flush()
    expect(paged.getSnapshot().messages.v1?.map((m) => m.seq)).toEqual([3, 4])
    expect(paged.getSnapshot().history.v1).toMatchObject({ status: 'loaded', complete: false })
    await paged.loadHistory('v1', { older: true })
    expect(paged.getSnapshot().messages.v1?.map((m) => m.seq)).toEqual([1, 2, 3, 4])
  })
})

describe('createDesk: reconnect', () => {
  it('reconnects with backoff, says hello again, resends unacknowledged actions and reloads history', async () => {
    vi.useFakeTimers()
    const { desk, socket } = await (async () => {
      const env = setup()
      await env.desk.login('amy@demo.kefu.local', 'right')
      const s = FakeSocket.last
      s.open()
      s.receive(welcome())
      return { ...env, socket: s }
    })()
    desk.select({ conversationId: 'c1' })
    await vi.runAllTimersAsync()
    socket.drop()
    expect(desk.getSnapshot().connection).toBe('reconnecting')
    // Sent while offline: kept until the next welcome.
    const sending = desk.sendText('still there?')
    expect(FakeSocket.instances).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(FakeSocket.instances).toHaveLength(2)
    const second = FakeSocket.last
    second.drop()
    await vi.advanceTimersByTimeAsync(150)
    expect(FakeSocket.instances).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(60)
    expect(FakeSocket.instances).toHaveLength(3)
    const third = FakeSocket.last
    third.open()
    expect(third.sent).toEqual([{ type: 'agent.hello', v: 1, token: 'tok-1' }])
    third.receive(welcome({ conversations: [conversation({ chatSign: 1 })] }))
    expect(desk.getSnapshot().connection).toBe('online')
    expect(desk.getSnapshot().conversations.c1?.chatSign).toBe(1)
    const resent = third.sentOfType('message.send')
    expect(resent).toHaveLength(1)
    expect(desk.getSnapshot().history.v1?.stale).toBe(true)
    third.receive({ type: 'ack', cid: resent[0]!.cid as string })
    await expect(sending).resolves.toMatchObject({ body: { type: 'text', text: 'still there?' } })
  })

  it('stops reconnecting after logout', async () => {
    vi.useFakeTimers()
    const env = setup()
    await env.desk.login('amy@demo.kefu.local', 'right')
    FakeSocket.last.open()
    FakeSocket.last.drop()
    await env.desk.logout()
    await vi.advanceTimersByTimeAsync(5000)
    expect(FakeSocket.instances).toHaveLength(1)
    expect(env.desk.getSnapshot().auth.status).toBe('signed-out')
  })
})
