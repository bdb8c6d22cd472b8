import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_WORKING_HOURS } from '../src/domain/workingHours'
import { memberSignHmac } from '../src/security'
import { DATABASES, eventually, startHarness, type Harness } from './harness'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- REST bodies read as JSON
type Json = any

function expectError(res: { status: number; body: Json }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) })
}

describe.each(DATABASES)('company settings and keys through the admin API (%s)', (database) => {
  let h: Harness
  let admin: string
  let agent: string

  beforeAll(async () => {
    h = await startHarness(database)
    admin = await h.login(h.adminEmail)
    agent = (await h.addAgent({ email: `agent-${randomBytes(4).toString('hex')}@example.com`, name: 'Agent' })).token
  })
  afterAll(() => h?.close())

  const company = (token = admin) => h.http('GET', '/api/v1/company', { token })
  const patch = (settings: object, token = admin) => h.http('PATCH', '/api/v1/company', { token, body: { settings } })

  it('new settings have defaults: no brand colour or logo, working hours off, MD5 signs allowed, no overflow rules', async () => {
    const { settings } = (await company()).body
    expect(settings).toMatchObject({
      brandColor: null,
      logoUrl: null,
      workingHours: DEFAULT_WORKING_HOURS,
      requireHmacSign: false,
      transferActions: [],
    })
  })

  it('brand colour, logo, working hours and HMAC requirement are saved and read back', async () => {
    const workingHours = {
      enabled: true,
      timeZone: 'Europe/Berlin',
      week: [[], [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:30' }], [], [], [], [], []],
      closedDates: ['2026-12-25'],
      outside: { mode: 'redirect', url: 'https://shop.example.com/contact' },
    }
    const saved = await patch({ brandColor: '#0A7B5F', logoUrl: 'https://shop.example.com/logo.png', workingHours, requireHmacSign: true })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    // Colours are kept in one spelling.
    expect(saved.body.settings).toMatchObject({ brandColor: '#0a7b5f', logoUrl: 'https://shop.example.com/logo.png', workingHours, requireHmacSign: true })
    expect((await company()).body.settings).toEqual(saved.body.settings)
    // Settings not sent stay as they were.
    expect((await patch({ robotName: '小助手' })).body.settings).toMatchObject({ brandColor: '#0a7b5f', robotName: '小助手' })
  })

  it('bad values get a 400 naming each field, and change nothing', async () => {
    const before = (await company()).body.settings
    for (const settings of [
      { brandColor: 'red' },
      { brandColor: '#12345' },
      { logoUrl: 'javascript:alert(1)' },
      { logoUrl: 'https://x.example/a b.png' },
      { workingHours: { ...DEFAULT_WORKING_HOURS, timeZone: 'Nowhere/Land' } },
      { workingHours: { ...DEFAULT_WORKING_HOURS, outside: { mode: 'redirect' } } },
      { requireHmacSign: 'yes' },
      { transferActions: [{ actionType: 'to_group', deciId: 'g1', optionId: 1 }] },
      { transferActions: [{ actionType: 'to_service', deciId: 'a1', optionId: 1, spillId: 5 }] },
      { uploads: { maxBytes: 0, allowedTypes: [] } },
      { uploads: { maxBytes: 1000, allowedTypes: ['images'] } },
    ]) {
      const res = await patch(settings)
      expectError(res, 400, 'invalid_argument')
      expect(res.body.error.issues.length, JSON.stringify(settings)).toBeGreaterThan(0)
      expect(res.body.error.issues[0].path).toMatch(new RegExp(`^${Object.keys(settings)[0]}`))
    }
    expect((await company()).body.settings).toEqual(before)
  })

  it('overflow rules must name the company’s own agents and groups', async () => {
    const groupId = await h.addGroup('售后')
    const { agentId } = await h.addAgent({ email: `b-${randomBytes(4).toString('hex')}@example.com`, name: 'Ben', groupIds: [groupId] })
    const other = await h.addCompany(`o${randomBytes(4).toString('hex')}`)
    const foreignGroup = (await h.http('POST', '/api/v1/groups', { token: other.adminToken, body: { name: 'theirs' } })).body.groupId

    const refused = await patch({
      transferActions: [
        { actionType: 'to_service', deciId: agentId, optionId: 1, spillId: 3 },
        { actionType: 'to_group', deciId: foreignGroup, optionId: 3, spillId: 4 },
        { actionType: 'to_service', deciId: 'a_nobody', optionId: 2 },
      ],
    })
    expectError(refused, 400, 'invalid_argument')
    expect(refused.body.error.issues).toEqual([
      { path: 'transferActions.1.deciId', message: `no group "${foreignGroup}" in this company` },
      { path: 'transferActions.2.deciId', message: 'no agent "a_nobody" in this company' },
    ])
    const rules = [
      { actionType: 'to_service', deciId: agentId, optionId: 1, spillId: 3 },
      { actionType: 'to_group', deciId: groupId, optionId: 4 },
    ]
    expect((await patch({ transferActions: rules })).body.settings.transferActions).toEqual(rules)
  })

  it('admins see which agent accounts are disabled; agents do not', async () => {
    const { agentId } = await h.addAgent({ email: `d-${randomBytes(4).toString('hex')}@example.com`, name: 'Dora' })
    await h.http('PATCH', `/api/v1/agents/${agentId}`, { token: admin, body: { disabled: true } })
    const forAdmin = (await h.http('GET', '/api/v1/agents', { token: admin })).body as Json[]
    expect(forAdmin.find((a) => a.agentId === agentId)).toMatchObject({ name: 'Dora', disabled: true })
    expect(forAdmin.find((a) => a.name === 'Agent')).toMatchObject({ disabled: false })
    const forAgent = (await h.http('GET', '/api/v1/agents', { token: agent })).body as Json[]
    expect(forAgent.find((a) => a.agentId === agentId)).not.toHaveProperty('disabled')
  })

  it('agents read the settings but neither the keys nor a way to change anything', async () => {
    const seen = await company(agent)
    expect(seen.status).toBe(200)
    expect(seen.body.settings.brandColor).toBe('#0a7b5f')
    expect(seen.body).not.toHaveProperty('keys')
    expect(seen.body).not.toHaveProperty('signKey')
    expectError(await patch({ brandColor: '#000000' }, agent), 403, 'forbidden')
    expectError(await h.http('POST', '/api/v1/company/keys/rotate', { token: agent, body: { key: 'sign' } }), 403, 'forbidden')
  })

  it('keys are shown when issued, never read back; rotating one replaces it at once', async () => {
    const before = (await company()).body
    expect(before).not.toHaveProperty('signKey')
    expect(before).not.toHaveProperty('metaKey')
    expect(before.keys).toEqual({
      sign: { endsWith: expect.stringMatching(/^.{4}$/), rotatedAt: expect.any(Number) },
      meta: { endsWith: expect.stringMatching(/^.{4}$/), rotatedAt: expect.any(Number) },
    })

    const sign = await h.http('POST', '/api/v1/company/keys/rotate', { token: admin, body: { key: 'sign' } })
    expect(sign.status).toBe(200)
    expect(sign.body).toEqual({ key: 'sign', signKey: expect.stringMatching(/^[\w-]{43}$/), rotatedAt: expect.any(Number) })
    const after = (await company()).body
    expect(after.keys.sign).toEqual({ endsWith: sign.body.signKey.slice(-4), rotatedAt: sign.body.rotatedAt })
    expect(after.keys.meta).toEqual(before.keys.meta)
    expect(JSON.stringify(after)).not.toContain(sign.body.signKey)

    const meta = await h.http('POST', '/api/v1/company/keys/rotate', { token: admin, body: { key: 'meta' } })
    // An AES-256 key, base64.
    expect(Buffer.from(meta.body.metaKey, 'base64')).toHaveLength(32)
    expect((await company()).body.keys.meta.endsWith).toBe(meta.body.metaKey.slice(-4))

    expectError(await h.http('POST', '/api/v1/company/keys/rotate', { token: admin, body: { key: 'plugin' } }), 400, 'invalid_argument')
  })

  it('a member signed with the old sign key is refused after rotating; the new key verifies', async () => {
    const visitor = h.visitor()
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().visitorId).toBeTruthy())
    const old = (await h.http('POST', '/api/v1/company/keys/rotate', { token: admin, body: { key: 'sign' } })).body.signKey
    const current = (await h.http('POST', '/api/v1/company/keys/rotate', { token: admin, body: { key: 'sign' } })).body.signKey
    const partnerid = `u-${randomBytes(4).toString('hex')}`
    const stale = await visitor.identify({ partnerid, sign: memberSignHmac({ sysnum: h.companyId, key: old, partnerid }) }).then(
      () => null,
      (error: { code: string }) => error.code,
    )
    expect(stale).toBe('unauthorized')
    await visitor.identify({ partnerid, sign: memberSignHmac({ sysnum: h.companyId, key: current, partnerid }) })
    const profile = (await h.http('GET', `/api/v1/visitors/${visitor.getSnapshot().visitorId}`, { token: admin })).body
    expect(profile).toMatchObject({ partnerid, verifiedBy: 'sign-hmac' })
    expectError(await h.http('POST', '/api/v1/company/keys/rotate', { body: { key: 'sign' } }), 401, 'unauthorized')
  })
})
