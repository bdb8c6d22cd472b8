import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertMessage } from '../src/store/messageStore'
import { DATABASES, eventually, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames read as JSON
type Json = any

/** Issue 11.9: a visitor who missed 650 messages got the newest 500 on reconnect, and the other 150 never came. */
describe.each(DATABASES)('resync and history are paged (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  /** `count` agent messages stored for the visitor as an agent's offline replies would be. */
  async function missed(visitorId: string, count: number, from = 1) {
    for (let i = from; i < from + count; i++) {
      await insertMessage(h.server.context.db, { companyId: h.companyId, visitorId, conversationId: null, sender: 'agent', senderName: 'Amy', body: { type: 'text', text: `missed ${i}` } })
    }
  }
  const textsOf = (messages: Json[]) => messages.flatMap((m) => (m.body.type === 'text' && m.body.text.startsWith('missed ') ? [m.body.text as string] : []))

  it('a client that missed 650 messages gets all of them after reconnecting, through the chat client', async () => {
    const visitor = h.visitor()
    visitor.connect()
    await visitor.send('hello')
    const visitorId = visitor.getSnapshot().visitorId!
    visitor.disconnect()
    await missed(visitorId, 650)
    visitor.connect()
    await eventually(() => expect(textsOf([...visitor.getSnapshot().messages]).length).toBe(650), 20_000)
    expect(textsOf([...visitor.getSnapshot().messages])).toEqual(Array.from({ length: 650 }, (_, i) => `missed ${i + 1}`))
    // Unread (the server's count) covers them all, and now every one of them is there to read.
    expect(visitor.getSnapshot().unread).toBeGreaterThanOrEqual(650)
  })

  it('the welcome carries a page, the rest follows in order; history frames page back', async () => {
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const first = await socket.hello(h.companyId)
    await missed(first.visitorId, 250)
    socket.close()

    // Reconnecting after seq 1: the oldest page after it in the welcome, the rest as messages, in order,
    // and a message sent meanwhile only after them.
    const again = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    again.send({ type: 'hello', v: 1, companyId: h.companyId, visitorToken: first.visitorToken, lastSeq: 1 })
    const welcome = await again.waitFor((f: Json) => f.type === 'welcome')
    // (seq 1 again too: what was stored just before the client's last one may not have reached it.)
    expect(welcome.messages.filter((m: Json) => m.seq > 1).map((m: Json) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 2 + i))
    expect(welcome.hasLater).toBeUndefined()
    await missed(first.visitorId, 1, 251)
    await again.waitFor(() => again.frames.filter((f: Json) => f.type === 'message').length >= 149)
    const streamed = again.frames.filter((f: Json) => f.type === 'message').map((f: Json) => f.message.seq)
    expect(streamed.slice(0, 149)).toEqual(Array.from({ length: 149 }, (_, i) => 102 + i))

    // A first connection gets the newest page, and older history a page at a time.
    const fresh = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    fresh.send({ type: 'hello', v: 1, companyId: h.companyId, visitorToken: first.visitorToken, lastSeq: 0 })
    const newest = await fresh.waitFor((f: Json) => f.type === 'welcome')
    expect(newest).toMatchObject({ hasEarlier: true })
    expect(newest.hasLater).toBeUndefined()
    expect(newest.messages.map((m: Json) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 152 + i))
    const back = await fresh.request({ type: 'history', beforeSeq: 152, limit: 100 })
    expect(back).toMatchObject({ more: true })
    expect(back.messages.map((m: Json) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 52 + i))
    const page = await fresh.request({ type: 'history', beforeSeq: 52 })
    expect(page).toMatchObject({ more: true })
    expect(page.messages.map((m: Json) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 2 + i))
    const start = await fresh.request({ type: 'history', beforeSeq: 2 })
    expect(start).toMatchObject({ more: false })
    expect(start.messages.map((m: Json) => m.seq)).toEqual([1])

    // Bad requests are refused with bad_frame.
    for (const frame of [{ type: 'history' }, { type: 'history', beforeSeq: 5, limit: 101 }, { type: 'history', beforeSeq: -1 }, { type: 'history', beforeSeq: 2 ** 31 }]) {
      expect(await fresh.request(frame), JSON.stringify(frame)).toMatchObject({ type: 'error', code: 'bad_frame' })
    }
    for (const s of [again, fresh]) s.close()
  })
})
