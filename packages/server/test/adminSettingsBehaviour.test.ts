import type { ChatClient } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_WORKING_HOURS } from '../src/domain/workingHours'
import { memberSignHmac, memberSignMd5 } from '../src/security'
import { DATABASES, eventually, startHarness, type Harness } from './harness'

const unique = () => randomBytes(4).toString('hex')
/** Monday 2 March 2026, 10:00 in Shanghai: inside the default Monday–Friday 09:00–18:00. */
const MONDAY_10 = Date.UTC(2026, 2, 2, 2, 0)
/** The same Monday, 20:00 in Shanghai: outside. */
const MONDAY_20 = Date.UTC(2026, 2, 2, 12, 0)

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: { code: string }) => error.code,
  )

/** What the settings the console edits do to visitors: working hours, HMAC-only signs, overflow rules, FAQ synonyms. */
describe.each(DATABASES)('what the admin settings do (%s)', (database) => {
  let h: Harness
  let admin: string
  let clock = MONDAY_10

  beforeAll(async () => {
    h = await startHarness(database, { server: { now: () => clock } })
    admin = await h.login(h.adminEmail)
  })
  afterAll(() => h?.close())

  const settings = (patch: object) => h.http('PATCH', '/api/v1/company', { token: admin, body: { settings: patch } })
  async function connected(): Promise<ChatClient> {
    const visitor = h.visitor()
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().visitorId).toBeTruthy())
    return visitor
  }

  it('working hours: inside them an agent serves; outside, the visitor gets the leave-message form, a redirect, or the bot alone', async () => {
    const amy = await h.addAgent({ email: `amy-${unique()}@example.com`, name: 'Amy' })
    const desk = await h.agent(amy.token)
    await settings({ receptionMode: 2, workingHours: { ...DEFAULT_WORKING_HOURS, enabled: true } })

    clock = MONDAY_10
    const inside = await connected()
    await inside.requestChat()
    await eventually(() => expect(inside.getSnapshot().status.name).toBe('chatting'))
    await inside.endChat()

    clock = MONDAY_20
    const evening = await connected()
    await evening.requestChat()
    await eventually(() => expect(evening.getSnapshot().status).toEqual({ name: 'offline', mode: 'leave-message' }))

    await settings({ workingHours: { ...DEFAULT_WORKING_HOURS, enabled: true, outside: { mode: 'redirect', url: 'https://shop.example.com/after-hours' } } })
    const redirected = await connected()
    await redirected.requestChat()
    await eventually(() => expect(redirected.getSnapshot().status).toEqual({ name: 'offline', mode: 'redirect', url: 'https://shop.example.com/after-hours' }))

    // A holiday closes a working day.
    clock = MONDAY_10
    await settings({ workingHours: { ...DEFAULT_WORKING_HOURS, enabled: true, closedDates: ['2026-03-02'] } })
    const holiday = await connected()
    await holiday.requestChat()
    await eventually(() => expect(holiday.getSnapshot().status.name).toBe('offline'))

    // The bot alone: it answers, and asking for a person does not reach an agent who is online.
    clock = MONDAY_20
    await settings({ workingHours: { ...DEFAULT_WORKING_HOURS, enabled: true, outside: { mode: 'bot' } } })
    const night = await connected()
    await night.requestChat()
    await eventually(() => expect(night.getSnapshot().status.name).toBe('bot'))
    await night.requestHuman()
    await night.send('转人工')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(night.getSnapshot().status.name).toBe('bot')
    expect(desk.frames.filter((f) => f.type === 'conversation' && f.conversation.status === 'chatting' && f.conversation.visitorId === night.getSnapshot().visitorId)).toEqual([])

    clock = MONDAY_10
    await settings({ workingHours: DEFAULT_WORKING_HOURS, receptionMode: 4 })
    desk.close()
  })

  it('requireHmacSign: the Sobot MD5 sign is refused, HMAC-SHA256 verifies', async () => {
    const signKey = (await h.http('POST', '/api/v1/company/keys/rotate', { token: admin, body: { key: 'sign' } })).body.signKey as string
    const visitor = await connected()
    const partnerid = `m-${unique()}`
    await settings({ requireHmacSign: true })
    expect(await refusal(visitor.identify({ partnerid, sign: memberSignMd5({ sysnum: h.companyId, key: signKey, partnerid }) }))).toBe('unauthorized')
    expect(await refusal(visitor.identify({ partnerid, sign: memberSignHmac({ sysnum: h.companyId, key: signKey, partnerid }) }))).toBeNull()
    await settings({ requireHmacSign: false })
    const other = `m-${unique()}`
    expect(await refusal(visitor.identify({ partnerid: other, sign: memberSignMd5({ sysnum: h.companyId, key: signKey, partnerid: other }) }))).toBeNull()
  })

  it('the company’s overflow rules route visitors whose embed names none; a group the embed names wins', async () => {
    const vip = await h.addGroup(`vip-${unique()}`)
    const general = await h.addGroup(`general-${unique()}`)
    const vera = await h.addAgent({ email: `vera-${unique()}@example.com`, name: 'Vera', groupIds: [vip], capacity: 1 })
    const gus = await h.addAgent({ email: `gus-${unique()}@example.com`, name: 'Gus', groupIds: [general], capacity: 5 })
    const veraDesk = await h.agent(vera.token)
    const gusDesk = await h.agent(gus.token)
    // Only the VIP group, no overflow: with Vera busy the next visitor waits for her, though Gus is free.
    const strict = await settings({ receptionMode: 2, transferActions: [{ actionType: 'to_group', deciId: vip, optionId: 4 }] })
    expect(strict.status, JSON.stringify(strict.body)).toBe(200)
    const first = await connected()
    await first.requestChat()
    await eventually(() => expect(first.getSnapshot().staff?.staffNickName).toBe('Vera'))
    const second = await connected()
    await second.requestChat()
    await eventually(() => expect(second.getSnapshot().status.name).toBe('waiting'))
    await second.endChat()
    // Overflow when the VIP group is all busy: the general group takes the visitor.
    await settings({
      transferActions: [
        { actionType: 'to_group', deciId: vip, optionId: 3, spillId: 5 },
        { actionType: 'to_group', deciId: general, optionId: 4 },
      ],
    })
    const third = await connected()
    await third.requestChat()
    await eventually(() => expect(third.getSnapshot().staff?.staffNickName).toBe('Gus'))
    // A link naming a group goes there, whatever the company's rules say.
    await first.endChat()
    const named = await connected()
    await named.requestChat({ groupId: general })
    await eventually(() => expect(named.getSnapshot().staff?.staffNickName).toBe('Gus'))
    await settings({ transferActions: [], receptionMode: 4 })
    veraDesk.close()
    gusDesk.close()
  })

  it('the bot answers from an entry’s synonyms', async () => {
    await h.http('POST', '/api/v1/faqs', { token: admin, body: { question: '如何申请退款', answer: '在订单详情页申请退款。', synonyms: ['钱什么时候退回来'] } })
    const visitor = await connected()
    await visitor.requestChat({ mode: 1 })
    await visitor.send('钱什么时候退回来')
    await eventually(() => expect(visitor.getSnapshot().messages.map((m) => (m.body.type === 'text' ? m.body.text : ''))).toContain('在订单详情页申请退款。'))
  })
})
