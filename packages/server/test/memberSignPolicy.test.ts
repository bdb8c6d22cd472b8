import { type VisitorProfile } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encryptMetaData, memberSignHmac, memberSignMd5 } from '../src/security'
import { DATABASES, eventually, startHarness, type Harness } from './harness'

const unique = () => randomBytes(4).toString('hex')
const now = () => Math.floor(Date.now() / 1000)

/** Issue 11.7: signs that never expire, an MD5 form that cannot be turned off, VIP flags nobody signed. */
describe.each(DATABASES)('member sign policy (%s)', (database) => {
  let h: Harness

  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  /** A company with these settings, its keys (rotated to learn them) and its admin's token. */
  async function company(settings: object = {}) {
    const id = `s${unique()}`
    const { adminToken } = await h.addCompany(id, settings)
    const sign = await h.http('POST', '/api/v1/company/keys/rotate', { token: adminToken, body: { key: 'sign' } })
    const meta = await h.http('POST', '/api/v1/company/keys/rotate', { token: adminToken, body: { key: 'meta' } })
    return { id, adminToken, signKey: sign.body.signKey as string, metaKey: meta.body.metaKey as string }
  }
  async function visitorOf(companyId: string) {
    const visitor = h.visitor({ companyId })
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().visitorId).toBeTruthy())
    return Object.assign(visitor, { id: visitor.getSnapshot().visitorId! })
  }
  const profileOf = async (visitorId: string, token: string): Promise<VisitorProfile> => (await h.http('GET', `/api/v1/visitors/${visitorId}`, { token })).body
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal')
      },
      (error: { code: string; message: string }) => error,
    )

  it('a sign with a timestamp is accepted within the window, refused once it is older or from the future, and cannot be moved to another time', async () => {
    const c = await company({ memberSignMaxAgeSeconds: 120 })
    const partnerid = `m-${unique()}`
    const signed = (timestamp: number, form: 'hmac' | 'md5' = 'hmac') => {
      const input = { sysnum: c.id, key: c.signKey, partnerid, timestamp }
      return { partnerid, timestamp, sign: form === 'hmac' ? memberSignHmac(input) : memberSignMd5(input) }
    }
    const fresh = await visitorOf(c.id)
    await fresh.identify(signed(now() - 60))
    expect(await profileOf(fresh.id, c.adminToken)).toMatchObject({ partnerid, verifiedBy: 'sign-hmac' })
    const md5 = await visitorOf(c.id)
    await md5.identify(signed(now(), 'md5'))
    expect(await profileOf(md5.id, c.adminToken)).toMatchObject({ partnerid, verifiedBy: 'sign-md5' })

    const replayed = await visitorOf(c.id)
    const old = await refusal(replayed.identify(signed(now() - 600)))
    expect(old).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/expired/) })
    const ahead = await refusal(replayed.identify(signed(now() + 3600)))
    expect(ahead).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/future/) })
    // The timestamp is signed: an old sign with a new timestamp does not match.
    const moved = await refusal(replayed.identify({ ...signed(now() - 600), timestamp: now() }))
    expect(moved).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/does not match/) })
    expect(await profileOf(replayed.id, c.adminToken)).toMatchObject({ partnerid: null, verifiedBy: null })
  })

  it('a company that requires timestamps refuses signs without one (they could be replayed for ever)', async () => {
    const c = await company({ requireSignTimestamp: true })
    const partnerid = `m-${unique()}`
    const visitor = await visitorOf(c.id)
    const untimed = await refusal(visitor.identify({ partnerid, sign: memberSignHmac({ sysnum: c.id, key: c.signKey, partnerid }) }))
    expect(untimed).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/timestamp/) })
    const timestamp = now()
    await visitor.identify({ partnerid, timestamp, sign: memberSignHmac({ sysnum: c.id, key: c.signKey, partnerid, timestamp }) })
    expect(await profileOf(visitor.id, c.adminToken)).toMatchObject({ partnerid, verifiedBy: 'sign-hmac' })
  })

  it('without a timestamp the Sobot sign still works where the company allows it (compatibility)', async () => {
    const c = await company()
    const partnerid = `m-${unique()}`
    const visitor = await visitorOf(c.id)
    await visitor.identify({ partnerid, sign: memberSignMd5({ sysnum: c.id, key: c.signKey, partnerid }) })
    expect(await profileOf(visitor.id, c.adminToken)).toMatchObject({ partnerid, verifiedBy: 'sign-md5' })
  })

  it('unsigned is_vip and queueFirst do not jump the queue; a VIP in the store-signed metaData does', async () => {
    const c = await company({ receptionMode: 2 })
    const { token: amyToken } = await h.addAgent({ email: `amy-${c.id}@example.com`, name: 'Amy', capacity: 1, companyId: c.id })
    const desk = await h.agent(amyToken)
    const busy = await visitorOf(c.id)
    await busy.requestChat()
    await eventually(() => expect(busy.getSnapshot().status.name).toBe('chatting'))

    const normal = await visitorOf(c.id)
    await normal.requestChat()
    const claimsVip = await visitorOf(c.id)
    await claimsVip.identify({ uname: '自称会员', is_vip: 1 })
    await claimsVip.requestChat()
    const jumps = await visitorOf(c.id)
    await jumps.requestChat({ queueFirst: true })
    await eventually(() => expect([normal, claimsVip, jumps].map((v) => v.getSnapshot().queuePosition)).toEqual([1, 2, 3]))
    expect(await profileOf(claimsVip.id, c.adminToken)).toMatchObject({ isVip: false })

    const member = await visitorOf(c.id)
    await member.identify({ metaData: encryptMetaData({ partnerid: `m-${unique()}`, is_vip: 1 }, c.metaKey) })
    await member.requestChat()
    await eventually(() => expect(member.getSnapshot().queuePosition).toBe(1))
    await eventually(() => expect([normal, claimsVip, jumps].map((v) => v.getSnapshot().queuePosition)).toEqual([2, 3, 4]))
    expect(await profileOf(member.id, c.adminToken)).toMatchObject({ isVip: true, verifiedBy: 'metaData' })
    desk.close()
  })

  it('settings are validated: a window from 30 s to 30 days', async () => {
    const c = await company()
    for (const memberSignMaxAgeSeconds of [0, 29, 30 * 86_400 + 1, 1.5, 'long']) {
      const res = await h.http('PATCH', '/api/v1/company', { token: c.adminToken, body: { settings: { memberSignMaxAgeSeconds } } })
      expect(res.status, String(memberSignMaxAgeSeconds)).toBe(400)
    }
    const ok = await h.http('PATCH', '/api/v1/company', { token: c.adminToken, body: { settings: { memberSignMaxAgeSeconds: 3600, requireSignTimestamp: true, trustUnsignedVip: true } } })
    expect(ok.body.settings).toMatchObject({ memberSignMaxAgeSeconds: 3600, requireSignTimestamp: true, trustUnsignedVip: true })
  })
})
