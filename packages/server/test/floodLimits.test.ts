import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames read as JSON
type Json = any

/** Sends `count` messages as fast as it can and waits for every answer; returns the acknowledged client ids. */
async function flood(socket: RawSocket, prefix: string, count: number): Promise<string[]> {
  const from = socket.frames.length
  for (let i = 0; i < count; i++) socket.send({ type: 'message.send', cid: `${prefix}-${i}`, body: { type: 'text', text: `${prefix} ${i}` } })
  await socket.waitFor(() => socket.frames.slice(from).filter((f: Json) => (f.type === 'ack' || f.type === 'error') && f.cid?.startsWith(`${prefix}-`)).length === count, {
    timeoutMs: 20_000,
  })
  return socket.frames.slice(from).filter((f: Json) => f.type === 'ack' && f.cid?.startsWith(`${prefix}-`)).map((f: Json) => f.cid)
}

const messagesOf = async (h: Harness, token: string, visitorId: string): Promise<Json[]> =>
  (await h.http('GET', `/api/v1/visitors/${visitorId}/messages?limit=500`, { token })).body

// Issue 11.11: one visitor over 10 connections stored 270 msg/s; 20 anonymous visitors pushed 528 frames/s
// to one agent; one client created 1,000 visitors in 4 s. The limits here are small to keep the test short.
describe('flood limits per visitor and per address (issue 11.11)', () => {
  describe('per visitor, over many connections', () => {
    let h: Harness
    let admin: string
    beforeAll(async () => {
      h = await startHarness('pglite', {
        server: { limits: { framesPerSecond: 1000, frameBurst: 1000, visitorFramesPerSecond: 1, visitorFrameBurst: 20, addressFrameBurst: 100_000, connectionsPerVisitor: 4 } },
      })
      admin = await h.login(h.adminEmail)
    })
    afterAll(() => h?.close())

    it('a visitor on several connections shares one budget; what is refused is rate_limited and not stored', async () => {
      const first = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
      const welcome = await first.hello(h.companyId)
      const sockets = [first]
      for (let i = 0; i < 3; i++) {
        const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
        expect((await socket.hello(h.companyId, welcome.visitorToken)).type).toBe('welcome')
        sockets.push(socket)
      }
      const acked = (await Promise.all(sockets.map((socket, i) => flood(socket, `c${i}`, 15)))).flat()
      // 60 sent over four connections; the visitor's budget is 20 (minus the hellos and the welcomes' frames).
      expect(acked.length).toBeGreaterThanOrEqual(10)
      expect(acked.length).toBeLessThanOrEqual(20)
      const refused = sockets.flatMap((s) => s.frames.filter((f: Json) => f.type === 'error' && f.cid?.match(/^c\d-/)))
      expect(refused.length).toBe(60 - acked.length)
      expect(new Set(refused.map((f: Json) => f.code))).toEqual(new Set(['rate_limited']))
      await eventually(async () => expect((await messagesOf(h, admin, welcome.visitorId)).filter((m) => m.sender === 'visitor').map((m) => m.clientId).sort()).toEqual([...acked].sort()))
      for (const socket of sockets) socket.close()
    })

    it('a visitor may have only so many connections open; the next is told to try again later', async () => {
      const first = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
      const welcome = await first.hello(h.companyId)
      const open = [first]
      for (let i = 0; i < 3; i++) {
        const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
        await socket.hello(h.companyId, welcome.visitorToken)
        open.push(socket)
      }
      const extra = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
      expect(await extra.hello(h.companyId, welcome.visitorToken)).toMatchObject({ type: 'error', code: 'rate_limited' })
      expect((await extra.closed).code).toBe(1013)
      // Another visitor is not affected, and once one closes, the visitor may connect again.
      const other = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
      expect((await other.hello(h.companyId)).type).toBe('welcome')
      open.pop()!.close()
      await eventually(async () => {
        const again = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
        const answer = await again.hello(h.companyId, welcome.visitorToken)
        again.close()
        expect(answer.type).toBe('welcome')
      })
      for (const socket of [...open, other]) socket.close()
    })
  })

  describe('per address', () => {
    let h: Harness
    let admin: string
    beforeAll(async () => {
      h = await startHarness('pglite', {
        server: {
          trustProxy: '127.0.0.1',
          limits: { framesPerSecond: 1000, frameBurst: 1000, visitorFrameBurst: 100_000, addressFramesPerSecond: 1, addressFrameBurst: 40, newVisitorsPerAddressPerMinute: 25 },
        },
      })
      admin = await h.login(h.adminEmail)
    })
    afterAll(() => h?.close())

    it('20 visitors from one address share its budget: the agent gets no more than it allows', async () => {
      const { token } = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
      const desk = await h.agent(token)
      const sockets: (RawSocket & { visitorId: string })[] = []
      for (let i = 0; i < 20; i++) {
        const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
        const welcome = await socket.hello(h.companyId)
        sockets.push(Object.assign(socket, { visitorId: welcome.visitorId as string }))
      }
      const acked = (await Promise.all(sockets.map((socket, i) => flood(socket, `v${i}`, 5)))).flat()
      // 100 sent; 20 hellos used part of the address's 40 already.
      expect(acked.length).toBeLessThanOrEqual(20)
      const delivered = () => desk.frames.filter((f) => f.type === 'message' && f.message.sender === 'visitor').length
      await eventually(() => expect(delivered()).toBe(acked.length))
      let stored = 0
      for (const socket of sockets) stored += (await messagesOf(h, admin, socket.visitorId)).filter((m) => m.sender === 'visitor').length
      expect(stored).toBe(acked.length)
      for (const socket of sockets) socket.close()
    })

    it('an address creates only so many visitors a minute; another address is not affected', async () => {
      const hello = async (headers?: Record<string, string>) => {
        const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`, headers)
        const answer = await socket.hello(h.companyId)
        return { socket, answer }
      }
      const counted = async () => Number((await h.server.context.db.query<{ n: number }>('SELECT count(*)::int AS n FROM visitors WHERE company_id = $1', [h.companyId]))[0]!.n)
      const before = await counted()
      const from = { 'x-forwarded-for': '203.0.113.50' }
      const answers = []
      for (let i = 0; i < 30; i++) answers.push(await hello(from))
      const created = answers.filter((a) => a.answer.type === 'welcome').length
      expect(created).toBe(25)
      const refused = answers.find((a) => a.answer.type === 'error')!
      expect(refused.answer).toMatchObject({ code: 'rate_limited' })
      expect((await refused.socket.closed).code).toBe(1013)
      expect(await counted()).toBe(before + 25)
      const elsewhere = await hello({ 'x-forwarded-for': '203.0.113.51' })
      expect(elsewhere.answer.type).toBe('welcome')
      // A known visitor (with its token) still connects from the busy address.
      const known = await RawSocket.open(`${h.wsUrl}/ws/visitor`, from)
      expect((await known.hello(h.companyId, answers[0]!.answer.visitorToken)).type).toBe('welcome')
      for (const a of [...answers, elsewhere]) a.socket.close()
      known.close()
    })
  })
})
