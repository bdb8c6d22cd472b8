import type { ChatClient } from '@kefu/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'

/** Tuesday 3 March 2026, 10:00:00 in Shanghai. */
const T0 = Date.UTC(2026, 2, 3, 2, 0, 0)
const s = (seconds: number) => T0 + seconds * 1000

/**
 * Chats played through the real server on a seeded clock, then reported: every figure is known in
 * advance, so a change to how the server records a chat's moments shows up here.
 */
describe.each(DATABASES)('reports of scripted chats (%s)', (database) => {
  let h: Harness
  let admin: string
  let clock = T0
  let desk: AgentTestClient

  beforeAll(async () => {
    h = await startHarness(database, { server: { now: () => clock } })
    admin = await h.login(h.adminEmail)
    await h.http('POST', '/api/v1/faqs', { token: admin, body: { question: '运费多少', answer: '满 99 元包邮。', keywords: '运费' } })
    const amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy', capacity: 1 })
    desk = await h.agent(amy.token)
  })
  afterAll(() => h?.close())

  async function visitor(): Promise<ChatClient> {
    const v = h.visitor()
    v.connect()
    await eventually(() => expect(v.getSnapshot().visitorId).toBeTruthy())
    return v
  }
  const conversationOf = (v: ChatClient) => v.getSnapshot().staff!.recordId!

  it('one day of chats gives exactly these figures', async () => {
    // A: straight to Amy; she answers after 20 s; the visitor leaves after 60 s and gives 5 stars.
    clock = s(0)
    const a = await visitor()
    await a.requestChat({ mode: 2 })
    await eventually(() => expect(a.getSnapshot().status.name).toBe('chatting'))
    await a.send('你好，在吗？')
    clock = s(20)
    await desk.request({ type: 'message.send', conversationId: conversationOf(a), body: { type: 'text', text: '在的，请讲。' } })
    clock = s(60)
    await a.endChat()
    await a.evaluate({ score: 5 })

    // B: the bot answers from the FAQ and the visitor leaves: resolved by the bot.
    clock = s(100)
    const b = await visitor()
    await b.requestChat({ mode: 1 })
    await b.send('运费多少？')
    await eventually(() => expect(b.getSnapshot().messages.some((m) => m.body.type === 'text' && m.body.text === '满 99 元包邮。')).toBe(true))
    clock = s(130)
    await b.endChat()

    // C: bot first, asks for a person at once, Amy takes it; she answers 45 s later.
    clock = s(200)
    const c = await visitor()
    await c.requestChat({ mode: 3 })
    await eventually(() => expect(c.getSnapshot().status.name).toBe('bot'))
    clock = s(210)
    await c.requestHuman()
    await eventually(() => expect(c.getSnapshot().status.name).toBe('chatting'))
    clock = s(255)
    await desk.request({ type: 'message.send', conversationId: conversationOf(c), body: { type: 'text', text: '您好！' } })

    // D waits for Amy (capacity 1) from 300 s; E waits from 310 s and leaves at 340 s.
    clock = s(300)
    const d = await visitor()
    await d.requestChat({ mode: 2 })
    await eventually(() => expect(d.getSnapshot().status.name).toBe('waiting'))
    clock = s(310)
    const e = await visitor()
    await e.requestChat({ mode: 2 })
    await eventually(() => expect(e.getSnapshot().status.name).toBe('waiting'))
    clock = s(340)
    await e.endChat()
    // Amy ends C at 400 s: D is served after waiting 100 s; Amy answers it 10 s later; D leaves at 500 s.
    clock = s(400)
    await desk.request({ type: 'conversation.end', conversationId: c.getSnapshot().staff!.recordId! })
    await eventually(() => expect(d.getSnapshot().status.name).toBe('chatting'))
    clock = s(410)
    await desk.request({ type: 'message.send', conversationId: conversationOf(d), body: { type: 'text', text: '久等了。' } })
    clock = s(500)
    await d.endChat()
    await d.evaluate({ score: 3 })

    const report = await h.http('GET', '/api/v1/reports?from=2026-03-03&to=2026-03-03&timeZone=Asia/Shanghai', { token: admin })
    expect(report.status, JSON.stringify(report.body)).toBe(200)
    const o = report.body.overview
    expect(o).toMatchObject({ conversations: 5, served: 3, missed: 0, abandoned: 1, botChats: 2, botResolved: 1, botResolutionRate: 0.5 })
    // First responses 20 s (A), 45 s (C), 10 s (D).
    expect(o.firstResponse).toEqual({ p50: 20_000, p90: 40_000, avg: 25_000, count: 3 })
    // Waits 0 (A), 0 (C, handed over with Amy free), 100 s (D).
    expect(o.wait).toEqual({ p50: 0, p90: 80_000, avg: 33_333, count: 3 })
    // Durations 60 s (A), 190 s (C), 100 s (D).
    expect(o.duration).toEqual({ p50: 100_000, p90: 172_000, avg: 116_667, count: 3 })
    expect(o.satisfaction).toEqual({ evaluated: 2, average: 4, distribution: [0, 0, 1, 0, 1], rate: 0.6667 })
    expect(report.body.hourly.find((x: { hour: number }) => x.hour === 10).conversations).toBe(5)
    expect(report.body.agents.find((x: { name: string }) => x.name === 'Amy')).toMatchObject({ served: 3, firstResponseAvg: 25_000, evaluated: 2, satisfactionAvg: 4 })
  })
})
