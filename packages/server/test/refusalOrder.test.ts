import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames read as JSON
type Json = any

const message = (cid: string) => ({ type: 'message.send', cid, body: { type: 'text', text: cid } })
const answerTo = (socket: RawSocket, cid: string, from: number) => socket.waitFor((f: Json) => (f.type === 'ack' || f.type === 'error') && f.cid === cid, { from })
/** The bucket below refills a frame every 50 ms: this waits for a few, not for an event. */
const refill = () => new Promise((resolve) => setTimeout(resolve, 300))

// The CI run that found it: a reconnecting outbox had one message refused, the 30 sent behind it were
// stored, and the refused one was stored after them on its retry.
describe('a frame refused for now is not overtaken by the frames sent behind it', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness('pglite', { server: { limits: { frameBurst: 3, framesPerSecond: 20 } } })
  })
  afterAll(() => h?.close())

  it('refuses what follows a rate_limited message until that message comes again, so the stored order is the sent order', async () => {
    const admin = await h.login(h.adminEmail)
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await socket.hello(h.companyId)
    await refill()
    let from = socket.frames.length
    for (const cid of ['m1', 'm2', 'm3', 'm4']) socket.send(message(cid))
    const first = await Promise.all(['m1', 'm2', 'm3', 'm4'].map((cid) => answerTo(socket, cid, from)))
    expect(first.map((f: Json) => f.type)).toEqual(['ack', 'ack', 'ack', 'error'])
    expect(first[3].code).toBe('rate_limited')

    // m5 comes when the bucket has room again, but m4 was refused before it: m5 waits its turn.
    await refill()
    from = socket.frames.length
    socket.send(message('m5'))
    const overtaking = await answerTo(socket, 'm5', from)
    expect(overtaking).toMatchObject({ type: 'error', code: 'rate_limited', message: expect.stringMatching(/earlier frame was refused/) })

    await refill()
    from = socket.frames.length
    socket.send(message('m4'))
    socket.send(message('m5'))
    expect((await Promise.all(['m4', 'm5'].map((cid) => answerTo(socket, cid, from)))).map((f: Json) => f.type)).toEqual(['ack', 'ack'])

    await eventually(async () => {
      const stored = (await h.http('GET', `/api/v1/visitors/${welcome.visitorId}/messages?limit=50`, { token: admin })).body
      expect(stored.filter((m: Json) => m.sender === 'visitor').map((m: Json) => m.body.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5'])
    })
    socket.close()
  })
})
