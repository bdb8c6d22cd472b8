import { memoryStorage, type VisitorProfile } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encryptMetaData, memberSignHmac } from '../src/security'
import { DATABASES, eventually, startHarness, type Harness } from './harness'

const unique = () => randomBytes(4).toString('hex')

/**
 * Issue 11.2: a chat link anyone can make (`?uname=…&partnerid=…`) overwrote a verified visitor's name and
 * partnerid and dropped its verified status. Only what the store signs may change a verified member.
 */
describe.each(DATABASES)('a verified identity is changed only by the store (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  async function company(settings: object = {}) {
    const id = `i${unique()}`
    const { adminToken } = await h.addCompany(id, settings)
    const sign = await h.http('POST', '/api/v1/company/keys/rotate', { token: adminToken, body: { key: 'sign' } })
    const meta = await h.http('POST', '/api/v1/company/keys/rotate', { token: adminToken, body: { key: 'meta' } })
    return { id, adminToken, signKey: sign.body.signKey as string, metaKey: meta.body.metaKey as string }
  }
  async function visitorOf(companyId: string, storage = memoryStorage()) {
    const visitor = h.visitor({ companyId, storage })
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
      (error: { code: string }) => error,
    )

  for (const requireMemberSign of [false, true]) {
    it(`an unsigned identity cannot replace a signed member's partnerid or name, nor unverify it (requireMemberSign ${requireMemberSign})`, async () => {
      const c = await company({ requireMemberSign })
      const partnerid = `m-${unique()}`
      const visitor = await visitorOf(c.id)
      await visitor.identify({ partnerid, uname: '张三', sign: memberSignHmac({ sysnum: c.id, key: c.signKey, partnerid }) })
      const signed = { partnerid, verifiedBy: 'sign-hmac', crm: { uname: '张三' } }
      expect(await profileOf(visitor.id, c.adminToken)).toMatchObject(signed)

      for (const link of [{ partnerid: 'attacker' }, { uname: '攻击者' }, { partnerid: 'attacker', uname: '攻击者' }]) {
        const error = await refusal(visitor.identify(link))
        expect(['forbidden', 'unauthorized'], JSON.stringify(link)).toContain(error.code)
        expect(await profileOf(visitor.id, c.adminToken), JSON.stringify(link)).toMatchObject(signed)
      }
      // Its own partnerid without a sign changes nothing (refused where signs are required).
      await visitor.identify({ partnerid }).catch((error: { code: string }) => expect(error.code).toBe('unauthorized'))
      expect(await profileOf(visitor.id, c.adminToken)).toMatchObject(signed)
      // What the store signs still changes it; unsigned additions that replace nothing are kept.
      if (!requireMemberSign) {
        await visitor.identify({ tel: '13800000000' })
        expect((await profileOf(visitor.id, c.adminToken)).crm).toMatchObject({ uname: '张三', tel: '13800000000' })
      }
      await visitor.identify({ metaData: encryptMetaData({ partnerid: 'm-new', uname: '李四' }, c.metaKey) })
      expect(await profileOf(visitor.id, c.adminToken)).toMatchObject({ partnerid: 'm-new', verifiedBy: 'metaData', crm: { uname: '李四' } })
    })
  }

  for (const requireMemberSign of [false, true]) {
    it(`a wrong or expired sign neither unverifies nor renames a verified member; only its connection is refused (requireMemberSign ${requireMemberSign})`, async () => {
      const c = await company({ requireMemberSign, receptionMode: 1 })
      const partnerid = `m-${unique()}`
      const storage = memoryStorage()
      const visitor = await visitorOf(c.id, storage)
      await visitor.identify({ partnerid, uname: '张三', sign: memberSignHmac({ sysnum: c.id, key: c.signKey, partnerid }) })
      const signed = { partnerid, verifiedBy: 'sign-hmac', crm: { uname: '张三' } }
      expect(await profileOf(visitor.id, c.adminToken)).toMatchObject(signed)

      const old = Math.floor(Date.now() / 1000) - 3600
      const bad = [
        // The member's own partnerid, a sign made with another key (a store with a stale key).
        { partnerid, uname: '攻击者', sign: memberSignHmac({ sysnum: c.id, key: 'not the key', partnerid }) },
        // The member's own sign, expired (an old link).
        { partnerid, uname: '攻击者', timestamp: old, sign: memberSignHmac({ sysnum: c.id, key: c.signKey, partnerid, timestamp: old }) },
        // Someone else, expired or forged.
        { partnerid: 'attacker', uname: '攻击者', timestamp: old, sign: memberSignHmac({ sysnum: c.id, key: c.signKey, partnerid: 'attacker', timestamp: old }) },
        { partnerid: 'attacker', uname: '攻击者', sign: randomBytes(16).toString('hex') },
        { metaData: 'garbage', uname: '攻击者' },
      ]
      for (const identity of bad) {
        const error = await refusal(visitor.identify(identity))
        expect(error.code, JSON.stringify(identity)).toBe('unauthorized')
        expect(await profileOf(visitor.id, c.adminToken), JSON.stringify(identity)).toMatchObject(signed)
      }
      const other = h.visitor({ companyId: c.id, storage })
      other.connect()
      await eventually(() => expect(other.getSnapshot().visitorId).toBe(visitor.id))
      if (requireMemberSign) {
        // The connection that sent the refused sign is not served (the window says 经验证当前用户为非法用户…) …
        expect((await refusal(visitor.requestChat())).code).toBe('forbidden')
        expect((await refusal(visitor.send('我是谁?'))).code).toBe('forbidden')
        // … while the verified member's own connections still are.
        await other.requestChat()
        await eventually(() => expect(other.getSnapshot().status.name).toBe('bot'))
        // A valid sign on the refused connection lets it chat again.
        await visitor.identify({ partnerid, sign: memberSignHmac({ sysnum: c.id, key: c.signKey, partnerid }) })
        await visitor.send('我是张三')
      } else {
        await visitor.requestChat()
        await eventually(() => expect(visitor.getSnapshot().status.name).toBe('bot'))
      }
      expect(await profileOf(visitor.id, c.adminToken)).toMatchObject(signed)
    })
  }

  it('an anonymous visitor may still name itself', async () => {
    const c = await company()
    const visitor = await visitorOf(c.id)
    await visitor.identify({ partnerid: 'p-1', uname: '王五' })
    await visitor.identify({ uname: '王五五' })
    expect(await profileOf(visitor.id, c.adminToken)).toMatchObject({ partnerid: 'p-1', verifiedBy: null, crm: { uname: '王五五' } })
  })
})
