import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repairLoneSurrogates } from '../src/validation/repairLoneSurrogates'
import { DATABASES, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames and REST bodies read as JSON
type Json = any

const HIGH = '\ud83d' // the first half of 😀, cut off
const LOW = '\ude00' // the second half alone

describe('repairLoneSurrogates', () => {
  it('replaces lone halves in strings and keys, at any depth, and keeps pairs', () => {
    const value = { a: `x${HIGH}`, [`k${LOW}`]: [LOW, { b: `😀${HIGH}😀` }], n: 1, ok: '你好😀' }
    expect(repairLoneSurrogates(value)).toEqual({ a: 'x\ufffd', 'k\ufffd': ['\ufffd', { b: '😀\ufffd😀' }], n: 1, ok: '你好😀' })
    expect(repairLoneSurrogates(HIGH)).toBe('\ufffd')
    expect(repairLoneSurrogates(null)).toBe(null)
  })
})

// The fuzzer found it: JSON may escape a lone surrogate (`JSON.stringify` writes one for a page title cut
// mid-emoji), and PostgreSQL's jsonb refused it, which came back as a server_error.
describe.each(DATABASES)('lone surrogates are stored as U+FFFD, not refused by the database (%s)', (database) => {
  let h: Harness
  let adminToken: string

  beforeAll(async () => {
    h = await startHarness(database, { companySettings: { receptionMode: 2 } })
    adminToken = await h.login(h.adminEmail)
  })
  afterAll(() => h?.close())

  it('visitor frames: a trace, a message, a card and a leave message are acknowledged and stored repaired', async () => {
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await socket.hello(h.companyId)
    const visitorId = welcome.visitorId as string
    const frames: object[] = [
      { type: 'trace', trace: { cur_visit_args: { url: 'https://shop.example/', title: HIGH } } },
      { type: 'chat.request', routing: { mode: 2 } },
      { type: 'message.send', body: { type: 'text', text: `买${HIGH}` } },
      { type: 'message.send', body: { type: 'product', card: { title: `外套${LOW}`, content: 'x' } } },
      { type: 'leaveMessage', leaveMessage: { content: `请回电${LOW}`, fields: { [`k${HIGH}`]: 'v' } } },
    ]
    for (const frame of frames) expect(await socket.request(frame), JSON.stringify(frame)).toMatchObject({ type: 'ack' })

    const profile = await h.http('GET', `/api/v1/visitors/${visitorId}`, { token: adminToken })
    expect(profile.body.trace[0].cur_visit_args.title).toBe('\ufffd')
    const messages = await h.http('GET', `/api/v1/visitors/${visitorId}/messages`, { token: adminToken })
    const bodies = messages.body.map((m: Json) => m.body)
    expect(bodies).toContainEqual(expect.objectContaining({ type: 'text', text: '买\ufffd' }))
    expect(bodies).toContainEqual(expect.objectContaining({ type: 'product', card: expect.objectContaining({ title: '外套\ufffd' }) }))
    const leaveMessages = await h.http('GET', '/api/v1/leave-messages', { token: adminToken })
    const left = leaveMessages.body.find((m: Json) => m.visitorId === visitorId)
    expect(left.content).toBe('请回电\ufffd')
    expect(left.fields).toEqual({ 'k\ufffd': 'v' })
    socket.close()
  })

  it('REST bodies: a company name and a setting stored in jsonb are saved repaired', async () => {
    const res = await h.http('PATCH', '/api/v1/company', { token: adminToken, body: { name: `店${HIGH}`, settings: { robotHelloWord: `您好${LOW}` } } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const company = await h.http('GET', '/api/v1/company', { token: adminToken })
    expect(company.body.name).toBe('店\ufffd')
    expect(company.body.settings.robotHelloWord).toBe('您好\ufffd')
  })
})
