import type { AgentServerFrame } from '@kefu/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'

type VisitorFrame = Extract<AgentServerFrame, { type: 'visitor' }>

// The workbench names anonymous visitors 访客 <number> with their device and browser, and shows 已读 on
// the replies a visitor has read: the server numbers visitors per company, keeps the browser they came
// with, and tells the agents how far each visitor has read.
describe.each(DATABASES)('visitor numbers, browsers and read marks for agents (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database, { companySettings: { receptionMode: 2 } })
  })
  afterAll(async () => {
    await h?.close()
  })

  it('numbers visitors 1, 2, … per company, keeps their browser, and sends agents the read mark when it moves', async () => {
    const amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    const desk = await h.agent(amy.token)

    const first = await RawSocket.open(`${h.wsUrl}/ws/visitor`, { 'user-agent': IPHONE })
    const one = await first.hello(h.companyId)
    const second = await RawSocket.open(`${h.wsUrl}/ws/visitor`, { 'user-agent': FIREFOX })
    const two = await second.hello(h.companyId)
    // Another company counts its own visitors from 1.
    await h.addCompany(`${h.companyId}-other`)
    const elsewhere = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const three = await elsewhere.hello(`${h.companyId}-other`)

    const profile = async (visitorId: string) => (await h.http('GET', `/api/v1/visitors/${visitorId}`, { token: amy.token })).body
    const a = await profile(one.visitorId as string)
    const b = await profile(two.visitorId as string)
    expect(b.shortNo).toBe(a.shortNo + 1)
    expect(a.userAgent).toBe(IPHONE)
    expect(b.userAgent).toBe(FIREFOX)
    const other = await h.http('GET', `/api/v1/visitors/${three.visitorId as string}`, { token: amy.token })
    expect(other.status).toBe(404)

    // The same visitor back on another browser: the agents see the new one.
    const again = await RawSocket.open(`${h.wsUrl}/ws/visitor`, { 'user-agent': FIREFOX })
    await again.hello(h.companyId, one.visitorToken as string)
    await desk.waitFor((f) => f.type === 'visitor' && f.visitor.visitorId === one.visitorId && f.visitor.userAgent === FIREFOX)
    expect((await profile(one.visitorId as string)).shortNo).toBe(a.shortNo)
    again.close()

    // A chat: Amy replies twice; the visitor reads the first, then both.
    await first.request({ type: 'chat.request' })
    const conversation = await desk.waitFor<Extract<AgentServerFrame, { type: 'conversation' }>>(
      (f) => f.type === 'conversation' && f.conversation.visitorId === one.visitorId,
    )
    const conversationId = conversation.conversation.conversationId
    if (conversation.conversation.status === 'waiting') await desk.request({ type: 'conversation.accept', conversationId })
    const sent: number[] = []
    for (const text of ['您好！', '有 L 码。']) {
      const ack = await desk.request({ type: 'message.send', conversationId, body: { type: 'text', text } })
      sent.push(ack.message!.seq!)
    }
    const reads = () => desk.frames.filter((f) => f.type === 'visitorRead' && f.visitorId === one.visitorId)
    first.send({ type: 'read', seq: sent[0] })
    await desk.waitFor((f) => f.type === 'visitorRead' && f.visitorId === one.visitorId && f.seq === sent[0])
    // Reading what was read already moves nothing and tells nobody.
    first.send({ type: 'read', seq: sent[0] })
    first.send({ type: 'read', seq: sent[1] })
    await desk.waitFor((f) => f.type === 'visitorRead' && f.visitorId === one.visitorId && f.seq === sent[1])
    expect(reads().map((f) => (f as { seq: number }).seq)).toEqual([sent[0], sent[1]])

    // A workbench signing in later gets the read mark with the visitor.
    const later = await h.agent(amy.token)
    const known = later.welcome!.visitors.find((v) => v.visitorId === one.visitorId)
    expect(known?.readSeq).toBe(sent[1])
    expect(known?.shortNo).toBe(a.shortNo)
    const visitorFrames = desk.frames.filter((f): f is VisitorFrame => f.type === 'visitor')
    expect(visitorFrames.every((f) => f.visitor.companyId === h.companyId)).toBe(true)
    for (const s of [first, second, elsewhere]) s.close()
    desk.close()
    later.close()
  })
})
