import { describe, expect, it, vi } from 'vitest'
import { createChat, memoryStorage, type ChatMessage, type KefuError } from '@kefu/core'
import { rawTransport, welcome } from './helpers'

const agentMessage = (seq: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${seq}`,
  seq,
  sender: 'agent',
  createdAt: 0,
  state: 'sent',
  visibility: 'both',
  body: { type: 'text', text: `message ${seq}` },
  ...extra,
})

function connected() {
  const raw = rawTransport()
  const storage = memoryStorage()
  const chat = createChat({ companyId: 'demo', transport: raw.transport, storage, autoMarkRead: false })
  chat.connect()
  return { ...raw, chat, storage }
}

describe('frames from the server', () => {
  it('says hello with the protocol version, stored token and last sequence number', () => {
    const { sent, push, chat, storage, close, transport } = connected()
    expect(sent[0]).toEqual({ type: 'hello', v: 1, companyId: 'demo', lastSeq: 0 })
    push(welcome({ visitorToken: 'tok-9', messages: [agentMessage(1), agentMessage(2)] }))
    expect(storage.getItem('kefu:demo:visitorToken')).toBe('tok-9')
    close(true)
    transport.connect({ open() {}, frame() {}, close() {} }) // another generation's handlers are ignored
    chat.disconnect()
    chat.connect()
    expect(sent.at(-1)).toEqual({ type: 'hello', v: 1, companyId: 'demo', lastSeq: 2, visitorToken: 'tok-9' })
  })

  it('does not notify subscribers when a resync welcome repeats what the client has', () => {
    const { push, chat } = connected()
    const staff = { staffId: 'a1', staffNickName: 'Amy', recordId: '1_1' }
    const state = { status: { name: 'chatting' } as const, staff, messages: [agentMessage(1)], unread: 1 }
    push(welcome(state))
    const listener = vi.fn()
    chat.subscribe(listener)
    push(welcome({ ...state, staff: { ...staff }, status: { name: 'chatting' }, messages: [agentMessage(1)] }))
    expect(listener).not.toHaveBeenCalled()
  })

  it('keeps a read mark the server has not seen yet when an older unread count arrives', () => {
    const { push, chat, sent } = connected()
    push(welcome({ messages: [agentMessage(1), agentMessage(2)], unread: 2 }))
    chat.markRead()
    expect(sent.at(-1)).toEqual({ type: 'read', seq: 2 })
    push({ type: 'unread', count: 2, readSeq: 0 }) // sent before our read mark arrived
    expect(chat.getSnapshot()).toMatchObject({ unread: 0, readSeq: 2 })
    push({ type: 'message', message: agentMessage(3) })
    push({ type: 'unread', count: 1, readSeq: 2 })
    expect(chat.getSnapshot()).toMatchObject({ unread: 1, readSeq: 2 })
  })

  it('never shows an agent-only message to the visitor', () => {
    const { push, chat } = connected()
    push(welcome({ messages: [agentMessage(1, { visibility: 'agent' })] }))
    push({ type: 'message', message: agentMessage(2, { visibility: 'agent' }) })
    expect(chat.getSnapshot().messages).toEqual([])
  })

  it('orders messages by sequence number and de-duplicates them by id', () => {
    const { push, chat } = connected()
    push(welcome({ messages: [agentMessage(3), agentMessage(1)] }))
    push({ type: 'message', message: agentMessage(2) })
    push({ type: 'message', message: agentMessage(3) })
    expect(chat.getSnapshot().messages.map((m) => m.seq)).toEqual([1, 2, 3])
  })

  it('reports a protocol version mismatch and error frames that answer nothing', () => {
    const { push, chat } = connected()
    const errors: KefuError[] = []
    chat.on('error', (e) => errors.push(e))
    push({ ...welcome(), v: 2 } as never)
    push({ type: 'error', code: 'rate_limited', message: 'too many frames' })
    expect(errors.map((e) => e.code)).toEqual(['bad_frame', 'rate_limited'])
  })

  it('ignores a queue position outside the queue and unknown frames', () => {
    const logs: string[] = []
    const raw = rawTransport()
    const chat = createChat({ companyId: 'demo', transport: raw.transport, storage: memoryStorage(), debug: (m) => logs.push(m) })
    chat.connect()
    raw.push(welcome())
    raw.push({ type: 'queue', position: 4 })
    raw.push({ type: 'nonsense' } as never)
    expect(chat.getSnapshot().queuePosition).toBeNull()
    expect(logs).toEqual(['ignored queue position while "idle"', 'ignored an unknown frame'])
  })

  it('clears the queue position and staff as the status moves on', () => {
    const { push, chat } = connected()
    push(welcome())
    push({ type: 'status', event: { type: 'queued' } })
    push({ type: 'queue', position: 2 })
    expect(chat.getSnapshot().queuePosition).toBe(2)
    push({ type: 'status', event: { type: 'assigned', staff: { staffId: 'a', staffNickName: 'A', recordId: 'r' } } })
    push({ type: 'typing', typing: true })
    expect(chat.getSnapshot()).toMatchObject({ queuePosition: null, staff: { staffId: 'a' }, agentTyping: true })
    push({ type: 'status', event: { type: 'ended', reason: 5, needsEvaluation: false } })
    expect(chat.getSnapshot()).toMatchObject({ staff: null, agentTyping: false, evaluation: { status: 'none' } })
  })

  it('emits trackInfo with the seed payload', () => {
    const { push, chat } = connected()
    const info = { city: '成都市', country: '中国', province: '四川省', keyword: '一洽客服系统', keywordType: 2 as const, searcher: 'baidu' }
    const seen = vi.fn()
    chat.on('trackInfo', seen)
    push(welcome())
    push({ type: 'trackInfo', info })
    expect(seen).toHaveBeenCalledWith(info)
  })

  it('goes offline when the transport gives up, and reports a transport that throws', () => {
    const { chat, close } = connected()
    close(false)
    expect(chat.getSnapshot().connection).toBe('offline')
    const broken = createChat({
      companyId: 'demo',
      storage: memoryStorage(),
      transport: { connect: () => { throw new Error('no socket') }, send() {}, disconnect() {} },
    })
    const errors: KefuError[] = []
    broken.on('error', (e) => errors.push(e))
    broken.connect()
    expect(broken.getSnapshot().connection).toBe('offline')
    expect(errors.map((e) => e.code)).toEqual(['server_error'])
  })
})
