import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mayNeedStorableStrings, storableStrings } from '../src/validation/storableStrings'
import { DATABASES, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames and REST bodies read as JSON
type Json = any

const HIGH = '\ud83d' // the first half of 😀, cut off
const LOW = '\ude00' // the second half alone

describe('storableStrings', () => {
  it('replaces lone halves in strings and keys, at any depth, in place, and keeps pairs', () => {
    const value = { a: `x${HIGH}`, [`k${LOW}`]: [LOW, { b: `😀${HIGH}😀` }], n: 1, ok: '你好😀' }
    expect(storableStrings(value)).toEqual([])
    expect(value).toEqual({ a: 'x\ufffd', 'k\ufffd': ['\ufffd', { b: '😀\ufffd😀' }], n: 1, ok: '你好😀' })
    expect(storableStrings(HIGH)).toEqual([])
    expect(storableStrings(null)).toEqual([])
  })

  it('names every string and key holding NUL, in the same walk that repairs the rest', () => {
    const value = { a: [`x${HIGH}`, 'n\u0000'], [`k${LOW}`]: { ['b\u0000']: 1, c: 'ok\u0000' } }
    expect(storableStrings(value)).toEqual([
      { path: 'a.1', message: 'must not contain NUL characters (U+0000)' },
      { path: 'k\ufffd', message: 'field names must not contain NUL characters (U+0000)' },
      { path: 'k\ufffd.c', message: 'must not contain NUL characters (U+0000)' },
    ])
    expect(value.a[0]).toBe('x\ufffd')
  })

  it('leaves class instances alone', () => {
    const date = new Date(0)
    expect(storableStrings({ at: date, buffer: Buffer.from('\u0000') })).toEqual([])
  })

  it('is needed only when the JSON text holds a NUL or surrogate escape', () => {
    expect(mayNeedStorableStrings(JSON.stringify({ text: 'hello 你好 😀' }))).toBe(false)
    expect(mayNeedStorableStrings(JSON.stringify({ text: HIGH }))).toBe(true)
    expect(mayNeedStorableStrings(JSON.stringify({ [LOW]: 1 }))).toBe(true)
    expect(mayNeedStorableStrings(JSON.stringify({ text: 'a\u0000b' }))).toBe(true)
    expect(mayNeedStorableStrings('{"text":"\\uD83D\\uDE00"}')).toBe(true)
    // Raw NUL cannot be in JSON text that parses, and decoded UTF-8 never holds a lone surrogate.
    expect(() => JSON.parse('"a\u0000b"')).toThrow()
    expect(Buffer.from([0xed, 0xa0, 0x80]).toString('utf8')).toBe('\ufffd\ufffd\ufffd')
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
