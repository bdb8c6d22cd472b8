// @vitest-environment node
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { memberIdentity, memberSign } from '../server/utils/memberIdentity'
import { decodeSession, encodeSession } from '../server/utils/sessionCookie'
import { readStoreEnv } from '../server/utils/storeEnv'
import { checkPassword, findUser } from '../server/utils/users'

const KEY = 'ZJW2X7jnuiKr1YzBaQ63uDve4D26RLG98Goun-YHncE'

describe('member identity (sign-in)', () => {
  it('signs partnerid the Sobot way: md5(sysnum + key + partnerid), lower-case hex', () => {
    expect(memberSign('demo', KEY, 'lily')).toBe(createHash('md5').update(`demo${KEY}lily`).digest('hex'))
    expect(memberSign('demo', 'k', 'lily')).toMatch(/^[0-9a-f]{32}$/)
    expect(memberSign('demo', KEY, 'lily')).not.toBe(memberSign('demo', KEY, 'tom'))
  })

  it('sends the user id, CRM fields and the VIP level of a VIP shopper', () => {
    expect(memberIdentity(findUser('lily')!, 'demo', KEY)).toEqual({
      partnerid: 'lily',
      sign: memberSign('demo', KEY, 'lily'),
      uname: 'Lily',
      realname: '林莉莉',
      tel: '13800138001',
      email: 'lily@tea.example',
      is_vip: 1,
      vip_level: '金卡 Gold',
    })
    expect(memberIdentity(findUser('tom')!, 'demo', KEY)).not.toHaveProperty('is_vip')
  })

  it('sends the identity unsigned when the store has no sign key', () => {
    const identity = memberIdentity(findUser('tom')!, 'demo', undefined)
    expect(identity.partnerid).toBe('tom')
    expect(identity).not.toHaveProperty('sign')
  })

  it('checks the demo password', () => {
    expect(checkPassword('lily', 'kefu-demo-2026')?.id).toBe('lily')
    expect(checkPassword(' Tom ', 'kefu-demo-2026')?.id).toBe('tom')
    expect(checkPassword('lily', 'wrong')).toBeUndefined()
    expect(checkPassword('nobody', 'kefu-demo-2026')).toBeUndefined()
  })
})

describe('session cookie', () => {
  it('round-trips and refuses a forged, re-signed or expired cookie', () => {
    const cookie = encodeSession('secret', 'lily', 1_000)
    expect(decodeSession('secret', cookie, 2_000)).toBe('lily')
    expect(decodeSession('other', cookie, 2_000)).toBeUndefined()
    expect(decodeSession('secret', cookie.replace('lily', 'tom'), 2_000)).toBeUndefined()
    expect(decodeSession('secret', cookie, 1_000 + 8 * 86_400_000)).toBeUndefined()
    expect(decodeSession('secret', undefined)).toBeUndefined()
    expect(decodeSession('secret', 'garbage')).toBeUndefined()
  })
})

describe('store env', () => {
  it('defaults to the local demo and leaves missing secrets undefined', () => {
    const env = readStoreEnv({})
    expect(env).toMatchObject({ kefuUrl: 'http://127.0.0.1:8080', companyId: 'demo', signKey: undefined, pluginSecret: undefined })
    expect(env.sessionSecret.length).toBeGreaterThan(30)
    expect(readStoreEnv({}).sessionSecret).not.toBe(env.sessionSecret)
    expect(readStoreEnv({ KEFU_URL: 'http://k.test/', KEFU_SIGN_KEY: 'k' })).toMatchObject({ kefuUrl: 'http://k.test', signKey: 'k' })
  })
})
