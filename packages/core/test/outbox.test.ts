import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createChat, memoryStorage, type ChatClient, type ClientFrame, type KefuErrorCode } from '@kefu/core'
import { setup, rawTransport, welcome } from './helpers'

/** A client on a transport the test drives; each `message.send` frame it sends is recorded. */
function paced() {
  const raw = rawTransport()
  let ids = 0
  const chat = createChat({ companyId: 'demo', transport: raw.transport, storage: memoryStorage(), generateId: () => `c${++ids}` })
  const sends = () => raw.sent.filter((f): f is Extract<ClientFrame, { type: 'message.send' }> => f.type === 'message.send')
  const refuse = (cid: string, code: KefuErrorCode) => raw.push({ type: 'error', code, message: `refused: ${code}`, cid })
  const ack = (cid: string, seq: number) =>
    raw.push({
      type: 'ack',
      cid,
      message: { id: `m${seq}`, clientId: cid, seq, sender: 'visitor', createdAt: seq, state: 'sent', visibility: 'both', body: { type: 'text', text: cid } },
    })
  return { ...raw, chat, sends, refuse, ack }
}

/** Sends `count` texts and keeps their promises (settled or not). */
function sendMany(chat: ChatClient, count: number) {
  const settled: Record<string, 'sent' | 'failed'> = {}
  const promises = Array.from({ length: count }, (_, i) =>
    chat.send(`m${i + 1}`).then(
      () => void (settled[`c${i + 1}`] = 'sent'),
      () => void (settled[`c${i + 1}`] = 'failed'),
    ),
  )
  return { settled, promises }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('the outbox resends at a pace the server accepts', () => {
  it('sends a burst of 30, then 15 a second, in order, each frame once', () => {
    const { chat, push, sends } = paced()
    sendMany(chat, 100)
    chat.connect()
    expect(sends()).toHaveLength(0) // nothing before the welcome
    push(welcome())
    expect(sends()).toHaveLength(30)
    vi.advanceTimersByTime(1000)
    expect(sends()).toHaveLength(45)
    vi.advanceTimersByTime(2000)
    expect(sends()).toHaveLength(75)
    vi.advanceTimersByTime(60_000)
    expect(sends().map((f) => f.cid)).toEqual(Array.from({ length: 100 }, (_, i) => `c${i + 1}`))
  })

  it('after a reconnect, resends what was not acknowledged at the same pace', () => {
    const { chat, push, close, sends, ack } = paced()
    chat.connect()
    push(welcome())
    sendMany(chat, 10)
    expect(sends()).toHaveLength(10)
    for (let i = 1; i <= 4; i++) ack(`c${i}`, i)
    close(true)
    sendMany(chat, 60) // c11…c70, written while the connection is down
    expect(sends()).toHaveLength(10)
    vi.advanceTimersByTime(10_000)
    expect(sends()).toHaveLength(10) // nothing goes out while offline
    chat.disconnect()
    chat.connect()
    push(welcome())
    // The six unacknowledged ones first, then the new ones: 30 at once, then 15 a second.
    const resent = sends().slice(10)
    expect(resent.map((f) => f.cid)).toEqual(['c5', 'c6', 'c7', 'c8', 'c9', 'c10', ...Array.from({ length: 24 }, (_, i) => `c${i + 11}`)])
    vi.advanceTimersByTime(2000)
    expect(sends().slice(10)).toHaveLength(60)
    vi.advanceTimersByTime(1000)
    expect(sends().slice(10)).toHaveLength(66)
  })

  it('sends at once whatever a well-paced page writes', () => {
    const { chat, push, sends } = paced()
    chat.connect()
    push(welcome())
    for (let i = 0; i < 10; i++) {
      sendMany(chat, 1)
      vi.advanceTimersByTime(100)
    }
    expect(sends()).toHaveLength(10)
  })
})

describe('refusals', () => {
  it('retries a rate_limited refusal after a jittered pause; the message stays pending, then is sent once', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const { chat, push, sends, refuse, ack } = paced()
    chat.connect()
    push(welcome())
    const { settled } = sendMany(chat, 1)
    refuse('c1', 'rate_limited')
    expect(chat.getSnapshot().messages.map((m) => m.state)).toEqual(['pending'])
    // The first pause: ½–1 s, here ¾ s (random 0.5).
    vi.advanceTimersByTime(749)
    expect(sends()).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sends()).toHaveLength(2)
    ack('c1', 1)
    await vi.runAllTimersAsync()
    expect(settled).toEqual({ c1: 'sent' })
    expect(chat.getSnapshot().messages.map((m) => [m.seq, m.state])).toEqual([[1, 'sent']])
    expect(random).toHaveBeenCalled()
  })

  it('retries a server_error (a database outage) with a pause that doubles, up to 30 s, until it goes through', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999)
    const { chat, push, sends, refuse, ack } = paced()
    chat.connect()
    push(welcome())
    const { settled } = sendMany(chat, 1)
    const pauses: number[] = []
    for (let refusal = 0; refusal < 8; refusal++) {
      const before = sends().length
      refuse('c1', 'server_error')
      let waited = 0
      while (sends().length === before && waited < 60_000) {
        vi.advanceTimersByTime(100)
        waited += 100
      }
      pauses.push(waited)
    }
    // 1, 2, 4, 8, 16 s, then capped at 30 s (random ≈ 1: the whole pause).
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
    expect(chat.getSnapshot().messages.map((m) => m.state)).toEqual(['pending'])
    ack('c1', 1)
    await vi.runAllTimersAsync()
    expect(settled).toEqual({ c1: 'sent' })
    // Accepted again: the next refusal starts over at 1 s.
    sendMany(chat, 1)
    const before = sends().length
    refuse('c2', 'rate_limited')
    vi.advanceTimersByTime(1000)
    expect(sends()).toHaveLength(before + 1)
  })

  it('pauses once for refusals of frames sent together, then resends them in order at the steady pace', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999)
    const { chat, push, sends, refuse } = paced()
    chat.connect()
    push(welcome())
    sendMany(chat, 5)
    for (let i = 1; i <= 5; i++) refuse(`c${i}`, 'rate_limited')
    vi.advanceTimersByTime(999)
    expect(sends()).toHaveLength(5)
    vi.advanceTimersByTime(1)
    // One pause of 1 s, not five growing ones; then one frame every 1/15 s, not a burst.
    expect(sends().slice(5).map((f) => f.cid)).toEqual(['c1'])
    vi.advanceTimersByTime(4 * (1000 / 15) + 1)
    expect(sends().slice(5).map((f) => f.cid)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5'])
  })

  it('holds back new messages too while pausing', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999)
    const { chat, push, sends, refuse } = paced()
    chat.connect()
    push(welcome())
    sendMany(chat, 1)
    refuse('c1', 'rate_limited')
    sendMany(chat, 1)
    expect(sends()).toHaveLength(1)
    vi.advanceTimersByTime(1000 + 1000 / 15 + 1)
    expect(sends().map((f) => f.cid)).toEqual(['c1', 'c1', 'c2'])
  })

  it.each<KefuErrorCode>(['invalid_argument', 'invalid_card', 'payload_too_large', 'forbidden', 'bad_frame'])('%s is final: rejected, failed, never resent', async (code) => {
    const { chat, push, sends, refuse } = paced()
    chat.connect()
    push(welcome())
    const { settled } = sendMany(chat, 1)
    refuse('c1', code)
    await vi.runAllTimersAsync()
    expect(settled).toEqual({ c1: 'failed' })
    expect(chat.getSnapshot().messages.map((m) => m.state)).toEqual(['failed'])
    expect(sends()).toHaveLength(1)
  })

  it('retries other actions too (identify, evaluate…), not only messages', async () => {
    const { chat, push, refuse, sent } = paced()
    chat.connect()
    push(welcome())
    const identified = chat.identify({ uname: 'Ming' })
    const cid = (sent.at(-1) as { cid: string }).cid
    refuse(cid, 'server_error')
    await vi.advanceTimersByTimeAsync(1000)
    expect(sent.filter((f) => f.type === 'identify')).toHaveLength(2)
    push({ type: 'ack', cid })
    await expect(identified).resolves.toBeUndefined()
  })

  it('destroy() during a pause rejects what waits and sends nothing more', async () => {
    const { chat, push, sends, refuse } = paced()
    chat.connect()
    push(welcome())
    const { settled, promises } = sendMany(chat, 1)
    refuse('c1', 'rate_limited')
    chat.destroy()
    await Promise.all(promises)
    await vi.runAllTimersAsync()
    expect(settled).toEqual({ c1: 'failed' })
    expect(sends()).toHaveLength(1)
  })
})

describe('with the test agent', () => {
  it('a message refused with server_error is stored once the server recovers', async () => {
    vi.useRealTimers()
    const { agent, chat } = setup({ onRequest: 'accept' })
    chat.connect()
    await agent.settle()
    agent.failNext('message.send', 'server_error', 'the database is down')
    const sent = await chat.send('hello?')
    expect(sent).toMatchObject({ seq: 1, state: 'sent' })
    expect(agent.messages.map((m) => m.body)).toEqual([{ type: 'text', text: 'hello?' }])
  })
})
