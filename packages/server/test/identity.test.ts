import { ValidationError, type AgentServerFrame, type VisitorProfile } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encryptMetaData, generateMetaDataKey, generateSecret, memberSignHmac, memberSignMd5, signVisitorToken } from '../src/security'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'
import { RawSocket } from './rawSocket'

const unique = () => randomBytes(4).toString('hex')

describe.each(DATABASES)('visitor identity: member signs, metaData, CRM data, visitor tokens (%s)', (database) => {
  let h: Harness
  let adminToken: string
  let keys: { signKey: string; metaKey: string }
  /** Another company's keys: a sign or metaData made with them must not pass here. */
  let otherKeys: { id: string; signKey: string; metaKey: string }
  let desk: AgentTestClient

  /** The company's keys are shown only when issued: rotate both to learn them. */
  const issuedKeys = async (token: string) => {
    const sign = await h.http('POST', '/api/v1/company/keys/rotate', { token, body: { key: 'sign' } })
    const meta = await h.http('POST', '/api/v1/company/keys/rotate', { token, body: { key: 'meta' } })
    return { signKey: sign.body.signKey as string, metaKey: meta.body.metaKey as string }
  }

  beforeAll(async () => {
    h = await startHarness(database)
    adminToken = await h.login(h.adminEmail)
    keys = await issuedKeys(adminToken)
    expect(keys.signKey).toMatch(/.{32,}/)
    const otherId = `o${unique()}`
    const other = await h.addCompany(otherId)
    otherKeys = { id: otherId, ...(await issuedKeys(other.adminToken)) }
    const amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    desk = await h.agent(amy.token)
  })
  afterAll(() => h?.close())

  async function connectedVisitor(companyId = h.companyId) {
    const visitor = h.visitor({ companyId })
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().visitorId).toBeTruthy())
    return Object.assign(visitor, { id: visitor.getSnapshot().visitorId! })
  }

  const profileOf = async (visitorId: string, token = adminToken): Promise<VisitorProfile> =>
    (await h.http('GET', `/api/v1/visitors/${visitorId}`, { token })).body

  const visitorFrame = (visitorId: string, match: (v: VisitorProfile) => boolean) =>
    desk.waitFor<Extract<AgentServerFrame, { type: 'visitor' }>>((f) => f.type === 'visitor' && f.visitor.visitorId === visitorId && match(f.visitor))

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal')
      },
      (error: { code: string; issues?: unknown }) => error,
    )

  it("Sobot's MD5 sign verifies a member; the agent sees verifiedBy sign-md5", async () => {
    const visitor = await connectedVisitor()
    const partnerid = `u-${unique()}`
    const sign = memberSignMd5({ sysnum: h.companyId, key: keys.signKey, partnerid })
    expect(sign).toMatch(/^[0-9a-f]{32}$/)
    await visitor.identify({ partnerid, sign, uname: 'Zhang San' })
    const frame = await visitorFrame(visitor.id, (v) => v.verifiedBy !== null)
    expect(frame.visitor).toMatchObject({ partnerid, verifiedBy: 'sign-md5', crm: { uname: 'Zhang San' } })
    expect(await profileOf(visitor.id)).toMatchObject({ partnerid, verifiedBy: 'sign-md5' })
  })

  it('the HMAC-SHA256 sign verifies a member as sign-hmac; upper-case hex is accepted too', async () => {
    const visitor = await connectedVisitor()
    const partnerid = `会员-${unique()}`
    const sign = memberSignHmac({ sysnum: h.companyId, key: keys.signKey, partnerid })
    await visitor.identify({ partnerid, sign: sign.toUpperCase() })
    const frame = await visitorFrame(visitor.id, (v) => v.verifiedBy !== null)
    expect(frame.visitor).toMatchObject({ partnerid, verifiedBy: 'sign-hmac' })
  })

  it('forged, misdirected, foreign and garbage signs are refused and leave the visitor unverified', async () => {
    const visitor = await connectedVisitor()
    const partnerid = `u-${unique()}`
    const valid = memberSignMd5({ sysnum: h.companyId, key: keys.signKey, partnerid })
    const forged = [
      randomBytes(16).toString('hex'), // random MD5-shaped
      randomBytes(32).toString('hex'), // random HMAC-shaped
      memberSignMd5({ sysnum: h.companyId, key: keys.signKey, partnerid: `${partnerid}x` }), // signed for someone else
      memberSignMd5({ sysnum: otherKeys.id, key: otherKeys.signKey, partnerid }), // another company's valid sign
      memberSignMd5({ sysnum: otherKeys.id, key: keys.signKey, partnerid }), // right key, wrong sysnum
      memberSignHmac({ sysnum: h.companyId, key: otherKeys.signKey, partnerid }), // stale: a key that is not this company's
      valid.slice(0, 31), // truncated
      `${valid.slice(0, 31)}g`, // not hex
      'garbage',
    ]
    for (const sign of forged) {
      const error = await refusal(visitor.identify({ partnerid, sign, realname: 'Mallory' }))
      expect(error.code, sign).toBe('unauthorized')
    }
    const profile = await profileOf(visitor.id)
    expect(profile).toMatchObject({ partnerid: null, verifiedBy: null, crm: {} })
    expect(desk.frames.some((f) => f.type === 'visitor' && f.visitor.visitorId === visitor.id && f.visitor.verifiedBy !== null)).toBe(false)

    // A verified member cannot move its verification to another partnerid with its own sign.
    await visitor.identify({ partnerid, sign: valid })
    await eventually(async () => expect(await profileOf(visitor.id)).toMatchObject({ partnerid, verifiedBy: 'sign-md5' }))
    const moved = await refusal(visitor.identify({ partnerid: 'u-admin', sign: valid }))
    expect(moved.code).toBe('unauthorized')
    expect(await profileOf(visitor.id)).toMatchObject({ partnerid, verifiedBy: 'sign-md5' })
    // A bare partnerid cannot take a verified member's place (issue 11.2: anyone can make such a link) …
    expect((await refusal(visitor.identify({ partnerid: 'u-claimed' }))).code).toBe('forbidden')
    expect(await profileOf(visitor.id)).toMatchObject({ partnerid, verifiedBy: 'sign-md5' })
    // … while an anonymous visitor's is stored, unverified (the company does not require signs).
    const anonymous = await connectedVisitor()
    await anonymous.identify({ partnerid: 'u-claimed' })
    expect(await profileOf(anonymous.id)).toMatchObject({ partnerid: 'u-claimed', verifiedBy: null })
  })

  it('metaData made with the company key verifies the member and fills CRM fields', async () => {
    const visitor = await connectedVisitor()
    const partnerid = `m-${unique()}`
    const metaData = encryptMetaData(
      { partnerid, uname: '张三', realname: 'Zhang San', tel: '13800000000', email: 'zs@example.com', wechat: 'zs-wx', gender: 1, age: 36, is_vip: 1, vip_level: 'gold', user_label: 'l-7' },
      keys.metaKey,
      { ttlSeconds: 3600 },
    )
    await visitor.identify({ metaData, myData: '{"orderId":"o-1"}' })
    const frame = await visitorFrame(visitor.id, (v) => v.verifiedBy === 'metaData')
    expect(frame.visitor).toMatchObject({
      partnerid,
      verifiedBy: 'metaData',
      crm: { uname: '张三', realname: 'Zhang San', tel: '13800000000', email: 'zs@example.com', wechat: 'zs-wx', gender: 1, age: 36 },
      isVip: true,
      vipLevel: 'gold',
      userLabel: 'l-7',
      myData: '{"orderId":"o-1"}',
    })
    expect(await profileOf(visitor.id)).toMatchObject({ partnerid, verifiedBy: 'metaData', isVip: true })
  })

  // Otherwise the agent would see a "verified" member with names and VIP status the visitor made up.
  it('fields inside metaData win over the same fields sent in the clear', async () => {
    const visitor = await connectedVisitor()
    const metaData = encryptMetaData({ partnerid: `m-${unique()}`, realname: 'Zhang San', is_vip: 0 }, keys.metaKey)
    await visitor.identify({ metaData, realname: 'Admin Li', is_vip: 1 })
    expect(await profileOf(visitor.id)).toMatchObject({ verifiedBy: 'metaData', crm: { realname: 'Zhang San' }, isVip: false })
  })

  it('tampered, expired, future and foreign metaData is refused', async () => {
    const visitor = await connectedVisitor()
    const partnerid = `m-${unique()}`
    const good = encryptMetaData({ partnerid, uname: 'Li Si' }, keys.metaKey)
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1)
    const bad = [
      flip(good, 10), // IV
      flip(good, Math.floor(good.length / 2)), // ciphertext
      flip(good, good.length - 3), // tag
      good.slice(0, -4),
      `v2${good.slice(2)}`,
      'v1.not-base64!!',
      encryptMetaData({ partnerid }, keys.metaKey, { now: Date.now() - 2 * 3600_000, ttlSeconds: 3600 }), // exp passed
      encryptMetaData({ partnerid }, keys.metaKey, { now: Date.now() - 8 * 24 * 3600_000 }), // older than 7 days
      encryptMetaData({ partnerid }, keys.metaKey, { now: Date.now() + 3600_000 }), // issued in the future
      encryptMetaData({ partnerid }, otherKeys.metaKey), // another company's key
      encryptMetaData({ partnerid }, generateMetaDataKey()), // nobody's key
    ]
    for (const metaData of bad) {
      const error = await refusal(visitor.identify({ metaData, uname: 'Mallory' }))
      expect(error.code, metaData).toBe('unauthorized')
    }
    expect(await profileOf(visitor.id)).toMatchObject({ partnerid: null, verifiedBy: null, metaData: null, crm: {} })
  })

  it('a company that requires member signs refuses chats from unverified visitors', async () => {
    const id = `s${unique()}`
    const { adminToken: strictAdmin } = await h.addCompany(id, { requireMemberSign: true, receptionMode: 1 })
    const strictKey = (await issuedKeys(strictAdmin)).signKey
    const visitor = await connectedVisitor(id)
    expect((await refusal(visitor.requestChat())).code).toBe('forbidden')
    expect((await refusal(visitor.send('hello?'))).code).toBe('forbidden')
    // A bare partnerid is not enough here.
    expect((await refusal(visitor.identify({ partnerid: 'u-1' }))).code).toBe('unauthorized')
    expect((await refusal(visitor.requestChat({ mode: 1 }))).code).toBe('forbidden')
    const conversations = await h.http('GET', `/api/v1/conversations?visitorId=${visitor.id}`, { token: strictAdmin })
    expect(conversations.body).toEqual([])
    const messages = await h.http('GET', `/api/v1/visitors/${visitor.id}/messages`, { token: strictAdmin })
    expect(messages.body).toEqual([])

    await visitor.identify({ partnerid: 'u-1', sign: memberSignMd5({ sysnum: id, key: strictKey, partnerid: 'u-1' }) })
    await visitor.requestChat()
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('bot'))
  })

  it('with member signs required, a wrong sign refuses its connection a chat but leaves the verified member as it was (Sobot 安全密钥, issue 11.2)', async () => {
    const id = `w${unique()}`
    const { adminToken } = await h.addCompany(id, { requireMemberSign: true, receptionMode: 1 })
    const key = (await issuedKeys(adminToken)).signKey
    const visitor = await connectedVisitor(id)
    await visitor.identify({ partnerid: 'u-7', sign: memberSignMd5({ sysnum: id, key, partnerid: 'u-7' }) })
    expect(await profileOf(visitor.id, adminToken)).toMatchObject({ verifiedBy: 'sign-md5' })
    // The same visitor comes back with a sign made with another key: refused on this connection, which gets
    // no chat; the stored member stays verified (a stale or forged link must not sign it out).
    const wrong = memberSignMd5({ sysnum: id, key: 'not the key', partnerid: 'u-7' })
    expect((await refusal(visitor.identify({ partnerid: 'u-7', sign: wrong }))).code).toBe('unauthorized')
    expect(await profileOf(visitor.id, adminToken)).toMatchObject({ partnerid: 'u-7', verifiedBy: 'sign-md5' })
    expect((await refusal(visitor.requestChat())).code).toBe('forbidden')
    await visitor.identify({ partnerid: 'u-7', sign: memberSignMd5({ sysnum: id, key, partnerid: 'u-7' }) })
    await visitor.requestChat()
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('bot'))
  })

  it('CRM fields, params, customer_fields, VIP data and myData are stored and shown to the agent', async () => {
    const visitor = await connectedVisitor()
    await visitor.identify({
      uname: 'Wang Wu',
      realname: '王五',
      tel: '+86 138 0000 0001',
      email: 'ww@example.com',
      qq: '10001',
      face: 'https://cdn.example/ww.png',
      remark: 'prefers e-mail',
      params: JSON.stringify({ orderCount: 3, plan: 'pro', newsletter: true }),
      customer_fields: { field_1: 'Shanghai', field_2: 42 },
      is_vip: 1,
      vip_level: 'v3',
      user_label: 'label-a',
      myData: 'opaque business data',
    })
    const expected = {
      crm: { uname: 'Wang Wu', realname: '王五', tel: '+86 138 0000 0001', email: 'ww@example.com', qq: '10001', face: 'https://cdn.example/ww.png', remark: 'prefers e-mail' },
      params: { orderCount: 3, plan: 'pro', newsletter: true },
      customerFields: { field_1: 'Shanghai', field_2: 42 },
      // is_vip in the clear is not honoured unless the company trusts it (only a signed metaData makes a VIP).
      isVip: false,
      vipLevel: 'v3',
      userLabel: 'label-a',
      myData: 'opaque business data',
      verifiedBy: null,
    }
    const frame = await visitorFrame(visitor.id, (v) => v.crm.uname === 'Wang Wu')
    expect(frame.visitor).toMatchObject(expected)
    expect(await profileOf(visitor.id)).toMatchObject(expected)

    // A later identify merges: new params are added, untouched fields stay.
    await visitor.identify({ params: { plan: 'team' }, tel: '110' })
    await visitorFrame(visitor.id, (v) => v.crm.tel === '110')
    expect(await profileOf(visitor.id)).toMatchObject({
      crm: { ...expected.crm, tel: '110' },
      params: { orderCount: 3, plan: 'team', newsletter: true },
      customerFields: expected.customerFields,
    })
  })

  it('invalid identity fields are refused with a ValidationError listing every issue, and nothing is stored', async () => {
    const visitor = await connectedVisitor()
    const error = await refusal(
      visitor.identify({
        email: 'not an e-mail',
        face: 'javascript:alert(1)',
        is_vip: 3 as never,
        params: '{"broken json',
        customer_fields: { nested: { no: 1 } } as never,
        uname: 'x'.repeat(101),
        sign: 'abc',
        favouriteColour: 'red',
      } as never),
    )
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.code).toBe('invalid_identity')
    const paths = (error.issues as { path: string }[]).map((i) => i.path).sort()
    expect(paths).toEqual(['customer_fields', 'email', 'face', 'favouriteColour', 'is_vip', 'params', 'sign', 'uname'])
    expect(await profileOf(visitor.id)).toMatchObject({ crm: {}, params: {}, customerFields: {}, isVip: false, partnerid: null })
  })

  describe('visitor tokens in hello', () => {
    const helloWith = async (token: string, companyId = h.companyId) => {
      const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
      const answer = await socket.hello(companyId, token)
      const closed = await socket.closed
      return { answer, closed, socket }
    }

    it('forged, tampered, expired, foreign-secret and dangling tokens are refused with 4401', async () => {
      const probe = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
      const welcome = await probe.hello(h.companyId)
      probe.close()
      const claims = { companyId: h.companyId, visitorId: welcome.visitorId as string }
      const secret = h.server.context.tokenSecret
      const [version, payload, mac] = (welcome.visitorToken as string).split('.')
      const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), visitorId: 'v_someone_else' })).toString('base64url')
      const tokens: Record<string, string> = {
        'another secret': signVisitorToken(claims, generateSecret(32)),
        expired: signVisitorToken(claims, secret, { now: Date.now() - 3600_000, ttlSeconds: 60 }),
        'payload swapped': `${version}.${otherPayload}.${mac}`,
        'mac flipped': `${version}.${payload}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`,
        garbage: 'not-a-token',
        'visitor that does not exist': signVisitorToken({ companyId: h.companyId, visitorId: 'v_nobody' }, secret),
      }
      for (const [what, token] of Object.entries(tokens)) {
        const { answer, closed, socket } = await helloWith(token)
        expect(answer, what).toMatchObject({ type: 'error', code: 'unauthorized' })
        expect(closed.code, what).toBe(4401)
        expect(socket.frames.some((f) => f.type === 'welcome'), what).toBe(false)
      }
    })
  })
})
