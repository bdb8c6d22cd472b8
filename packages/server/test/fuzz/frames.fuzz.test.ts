import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../harness'
import { RawSocket } from '../rawSocket'
import { companyDigest, expectNoInternalFailure, FRAME_RUNS, mutated, nastyJson, nastyString, perturbed } from './fuzzSupport'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames read as JSON
type Json = any

const BODIES: Record<string, unknown>[] = [
  { type: 'text', text: '你好' },
  { type: 'image', url: 'https://cdn.example.com/a.png', name: 'a.png', size: 10 },
  { type: 'file', url: '/files/x/f_1/a.pdf', name: 'a.pdf', size: 10, mimeType: 'application/pdf' },
  { type: 'product', card: { title: '外套', content: '<span style="color:red">¥1</span>', urlForStaff: "http('https://shop.example/p/1','inner')", customizeMsgType: 2 } },
  { type: 'order', card: { type: 'order', orderCode: 'o-1', orderStatus: 1, totalFee: 100, goods: [{ name: 'x', pictureUrl: 'https://cdn.example.com/g.png' }] } },
  { type: 'form', formId: 1, formName: '表单', fields: { a: 'b' } },
  { type: 'location', latitude: 30, longitude: 120, label: '杭州', scale: 10 },
]

/** Frames a visitor could send, each a valid one with fields dropped or replaced by anything. */
function visitorFrames(companyId: string): fc.Arbitrary<unknown> {
  const cid = fc.oneof(fc.uuid(), nastyString)
  const body = fc.oneof(...BODIES.map((b) => mutated(b)), nastyJson)
  const templates: Record<string, unknown>[] = [
    { type: 'hello', v: 1, companyId, lastSeq: 0, entry: { enterUrl: 'https://shop.example/' } },
    { type: 'chat.request', routing: { mode: 2, groupId: 'g', agentId: 'a', queueFirst: true, transferActions: [] } },
    { type: 'message.send' },
    { type: 'identify', identity: { uname: '小王', partnerid: 'p-1', sign: 'ab'.repeat(16), timestamp: 1, params: '{"a":1}', is_vip: 1 } },
    { type: 'evaluate', evaluation: { score: 5, comment: '好' } },
    { type: 'evaluation.dismiss' },
    { type: 'chat.end' },
    { type: 'chat.handoff' },
    { type: 'leaveMessage', leaveMessage: { content: '请回电', tel: '138', fields: { card_url: 'https://shop.example/' }, source: 9 } },
    { type: 'trace', trace: { cur_visit_args: { url: 'https://shop.example/', title: 't' } } },
    { type: 'read', seq: 1 },
    { type: 'typing', typing: true },
    { type: 'history', beforeSeq: 10, limit: 10 },
  ]
  const frame = fc.oneof(
    // Mostly-valid frames with a leaf changed here and there: they reach the handlers and the database.
    { weight: 3, arbitrary: fc.oneof(...templates.map((t) => fc.tuple(perturbed(t), fc.uuid(), fc.constantFrom(...BODIES).chain(perturbed)).map(([f, c, b]) => withBody(f, c, b)))) },
    // Shapes taken apart: fields missing or of any type.
    { weight: 1, arbitrary: fc.oneof(...templates.map((t) => fc.tuple(mutated(t), cid, body).map(([f, c, b]) => withBody(f, c, b)))) },
    { weight: 1, arbitrary: nastyJson },
  )
  // Now and then not JSON at all.
  return fc.oneof({ weight: 9, arbitrary: frame }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) })
}

/** Agent frames, built on a real conversation and visitor so that valid shapes reach the domain. */
function agentFrames(conversationId: string, visitorId: string): fc.Arbitrary<unknown> {
  const cid = fc.oneof(fc.uuid(), nastyString)
  const body = fc.oneof(...BODIES.map((b) => mutated(b)), nastyJson)
  const templates: Record<string, unknown>[] = [
    { type: 'agent.hello', v: 1, token: 'x' },
    { type: 'presence', presence: 'online' },
    { type: 'conversation.accept', conversationId },
    { type: 'message.send', conversationId, visibility: 'agent' },
    { type: 'conversation.transfer', conversationId, to: { groupId: 'g_none' } },
    { type: 'conversation.sign', conversationId, chatSign: 1 },
    { type: 'visitor.update', visitorId, crm: { uname: '王', age: 30, gender: 1, face: 'https://cdn.example.com/f.png' } },
    { type: 'typing', conversationId, typing: true },
  ]
  return fc.oneof(
    { weight: 3, arbitrary: fc.oneof(...templates.map((t) => fc.tuple(perturbed(t), fc.uuid(), fc.constantFrom(...BODIES).chain(perturbed)).map(([f, c, b]) => withBody(f, c, b)))) },
    { weight: 1, arbitrary: fc.oneof(...templates.map((t) => fc.tuple(mutated(t), cid, body).map(([f, c, b]) => withBody(f, c, b)))) },
    { weight: 1, arbitrary: nastyJson },
  )
}

/** A frame with a client id, and a message body when it is `message.send`. */
function withBody(frame: unknown, cid: unknown, body: unknown): unknown {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return frame
  const f = frame as Record<string, unknown>
  return { cid, ...(f.type === 'message.send' ? { body } : {}), ...f }
}

/** Sends one frame, then a ping: every answer to the frame arrives before the pong (a connection handles frames in order). */
async function answersTo(socket: RawSocket, frame: unknown): Promise<Json[]> {
  const from = socket.frames.length
  socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  socket.send({ type: 'ping' })
  await socket.waitFor((f: Json) => f.type === 'pong', { from, timeoutMs: 15_000 })
  return socket.frames.slice(from)
}

// Issue 11: malformed frames of every kind get a clear error, never a server_error or a stack, and a
// refused frame changes nothing in the database.
describe('fuzzed frames', () => {
  let h: Harness
  let agentToken: string
  beforeAll(async () => {
    h = await startHarness('pglite', {
      companySettings: { receptionMode: 2 },
      // The fuzzer sends far faster than a person: the rate limits have their own tests.
      server: { limits: { framesPerSecond: 1_000_000, frameBurst: 1_000_000 } },
    })
    agentToken = (await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy', capacity: 100 })).token
  })
  afterAll(() => h?.close())

  async function visitorSocket(): Promise<RawSocket & { visitorId: string }> {
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await socket.hello(h.companyId)
    return Object.assign(socket, { visitorId: welcome.visitorId as string })
  }

  it('visitor frames: no server_error, no stack, and nothing stored for what is refused', async () => {
    let socket = await visitorSocket()
    await fc.assert(
      fc.asyncProperty(visitorFrames(h.companyId), async (frame) => {
        if (socket.socket.readyState !== socket.socket.OPEN) socket = await visitorSocket()
        const before = await companyDigest(h, h.companyId)
        const answers = await answersTo(socket, frame)
        expectNoInternalFailure(answers, JSON.stringify(frame).slice(0, 300))
        const refused = answers.some((f) => f.type === 'error') && !answers.some((f) => f.type === 'ack' || f.type === 'welcome')
        if (refused) expect(await companyDigest(h, h.companyId), JSON.stringify(frame).slice(0, 300)).toBe(before)
      }),
      { numRuns: FRAME_RUNS },
    )
    socket.close()
  })

  it('agent frames: no server_error, no stack, and nothing stored for what is refused', async () => {
    const visitor = await visitorSocket()
    const agent = await RawSocket.open(`${h.wsUrl}/ws/agent`)
    agent.send({ type: 'agent.hello', v: 1, token: agentToken })
    await agent.waitFor((f: Json) => f.type === 'agent.welcome')
    const requested = await visitor.request({ type: 'chat.request', routing: { mode: 2 } })
    expect(requested.type).toBe('ack')
    const conversation = await agent.waitFor((f: Json) => f.type === 'conversation' && f.conversation.visitorId === visitor.visitorId)
    await fc.assert(
      fc.asyncProperty(agentFrames(conversation.conversation.conversationId, visitor.visitorId), async (frame) => {
        const before = await companyDigest(h, h.companyId)
        const answers = await answersTo(agent, frame)
        expectNoInternalFailure(answers, JSON.stringify(frame).slice(0, 300))
        const refused = answers.some((f) => f.type === 'error') && !answers.some((f) => f.type === 'ack')
        if (refused) expect(await companyDigest(h, h.companyId), JSON.stringify(frame).slice(0, 300)).toBe(before)
      }),
      { numRuns: FRAME_RUNS },
    )
    expect(agent.socket.readyState).toBe(agent.socket.OPEN)
    agent.close()
    visitor.close()
  })
})
