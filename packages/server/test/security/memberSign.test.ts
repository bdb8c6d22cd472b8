import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { KefuError } from '@kefu/core'
import { memberSignHmac, memberSignMd5, verifyMemberSign } from '../../src/security'

// sysnum from the Sobot seed's example link; key and partnerid are made up.
const sysnum = 'ed22902866fb4f6e9bc7f0fa259aaa74'
const key = 'kefu-demo-key'
const partnerid = 'user-10086'
const company = { sysnum, key }

// Computed independently (Python hashlib / hmac) for this exact input.
const MD5_SIGN = '8b9dfc787545a3394c07564acf784022'
const HMAC_SIGN = '114dae097f5ca3ae4b857d953aa0679d3fbb91a8285426e156e4a35d93779054'

function thrown(fn: () => unknown): KefuError {
  try {
    fn()
  } catch (error) {
    if (error instanceof KefuError) return error
    throw error
  }
  throw new Error('expected a KefuError')
}

describe('member sign helpers', () => {
  it('memberSignMd5 is MD5(sysnum + key + partnerid), the Sobot seed formula', () => {
    const expected = createHash('md5').update(sysnum + key + partnerid).digest('hex')
    expect(expected).toBe(MD5_SIGN)
    expect(memberSignMd5({ ...company, partnerid })).toBe(expected)
  })

  it('memberSignHmac is HMAC-SHA256(key, sysnum + partnerid)', () => {
    const expected = createHmac('sha256', key).update(sysnum + partnerid).digest('hex')
    expect(expected).toBe(HMAC_SIGN)
    expect(memberSignHmac({ ...company, partnerid })).toBe(expected)
  })

  it('hash non-ASCII partnerids as UTF-8', () => {
    expect(memberSignMd5({ ...company, partnerid: '会员-张三' })).toBe('e6f5ba025c342fea0151e5ba153509d6')
  })

  it('refuse empty settings or an unusable partnerid with invalid_argument', () => {
    const bad = [
      { sysnum: '', key, partnerid },
      { sysnum, key: '', partnerid },
      { sysnum, key, partnerid: '' },
      { sysnum, key, partnerid: 'p'.repeat(301) },
    ]
    for (const input of bad) {
      expect(thrown(() => memberSignMd5(input)).code).toBe('invalid_argument')
      expect(thrown(() => memberSignHmac(input)).code).toBe('invalid_argument')
    }
  })
})

describe('verifyMemberSign', () => {
  it('accepts the Sobot MD5 form in either case', () => {
    expect(verifyMemberSign({ ...company, partnerid, sign: MD5_SIGN })).toBe('md5')
    expect(verifyMemberSign({ ...company, partnerid, sign: MD5_SIGN.toUpperCase() })).toBe('md5')
  })

  it('accepts the HMAC-SHA256 form in either case', () => {
    expect(verifyMemberSign({ ...company, partnerid, sign: HMAC_SIGN })).toBe('hmac-sha256')
    expect(verifyMemberSign({ ...company, partnerid, sign: HMAC_SIGN.toUpperCase() })).toBe('hmac-sha256')
  })

  it('accepts partnerids of exactly 300 characters', () => {
    const long = 'p'.repeat(300)
    expect(verifyMemberSign({ ...company, partnerid: long, sign: memberSignHmac({ ...company, partnerid: long }) })).toBe(
      'hmac-sha256',
    )
  })

  it('rejects a sign made with another key, for another partnerid or company, or another formula', () => {
    const forgeries = [
      { ...company, partnerid, sign: memberSignMd5({ sysnum, key: 'other-key', partnerid }) },
      { ...company, partnerid, sign: memberSignHmac({ sysnum, key: 'other-key', partnerid }) },
      { ...company, partnerid: 'user-10087', sign: MD5_SIGN },
      { ...company, partnerid: 'user-10087', sign: HMAC_SIGN },
      { ...company, sysnum: 'another-company', partnerid, sign: MD5_SIGN },
      { ...company, partnerid, sign: createHash('md5').update(sysnum + partnerid + key).digest('hex') },
      { ...company, partnerid, sign: createHmac('sha256', key).update(partnerid + sysnum).digest('hex') },
      { ...company, partnerid, sign: HMAC_SIGN.slice(0, 32) },
      { ...company, partnerid, sign: createHash('sha256').update(sysnum + key + partnerid).digest('hex') },
    ]
    for (const check of forgeries) {
      const error = thrown(() => verifyMemberSign(check))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/does not match/)
      expect(error.message).not.toContain(MD5_SIGN)
      expect(error.message).not.toContain(HMAC_SIGN)
      expect(error.message).not.toContain(key)
    }
  })

  it('rejects truncated, padded or non-hex signs as malformed', () => {
    for (const sign of [
      MD5_SIGN.slice(0, 31),
      `${MD5_SIGN}0`,
      HMAC_SIGN.slice(0, 63),
      `${HMAC_SIGN}00`,
      `${MD5_SIGN.slice(0, 31)}g`,
      ` ${MD5_SIGN}`,
      Buffer.from(MD5_SIGN, 'hex').toString('base64'),
    ]) {
      const error = thrown(() => verifyMemberSign({ ...company, partnerid, sign }))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/malformed/)
    }
  })

  it('rejects a missing or over-long partnerid and a missing sign', () => {
    const cases = [
      { partnerid: '', sign: MD5_SIGN, message: /partnerid is missing/ },
      { partnerid: undefined, sign: MD5_SIGN, message: /partnerid is missing/ },
      { partnerid: 'p'.repeat(301), sign: MD5_SIGN, message: /longer than 300/ },
      { partnerid, sign: '', message: /sign is missing/ },
      { partnerid, sign: undefined, message: /sign is missing/ },
    ]
    for (const { message, ...input } of cases) {
      const error = thrown(() => verifyMemberSign({ ...company, ...input } as never))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(message)
    }
  })

  it('can refuse the MD5 form', () => {
    const error = thrown(() => verifyMemberSign({ ...company, partnerid, sign: MD5_SIGN }, { allowMd5: false }))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/MD5/)
    expect(verifyMemberSign({ ...company, partnerid, sign: HMAC_SIGN }, { allowMd5: false })).toBe('hmac-sha256')
  })

  it('with a timestamp: signed after partnerid, accepted for maxAgeSeconds and up to 5 minutes early', () => {
    const t = 1_735_689_600 // 2025-01-01T00:00:00Z
    const at = (seconds: number) => ({ now: seconds * 1000 })
    const md5 = createHash('md5').update(`${sysnum}${key}${partnerid}${t}`).digest('hex')
    const hmac = createHmac('sha256', key).update(`${sysnum}${partnerid}${t}`).digest('hex')
    expect(memberSignMd5({ ...company, partnerid, timestamp: t })).toBe(md5)
    expect(memberSignHmac({ ...company, partnerid, timestamp: t })).toBe(hmac)
    expect(verifyMemberSign({ ...company, partnerid, timestamp: t, sign: hmac }, at(t + 600))).toBe('hmac-sha256')
    expect(verifyMemberSign({ ...company, partnerid, timestamp: t, sign: md5 }, at(t - 300))).toBe('md5')
    expect(thrown(() => verifyMemberSign({ ...company, partnerid, timestamp: t, sign: hmac }, at(t + 601))).message).toMatch(/expired/)
    expect(verifyMemberSign({ ...company, partnerid, timestamp: t, sign: hmac }, { ...at(t + 3000), maxAgeSeconds: 3600 })).toBe('hmac-sha256')
    expect(thrown(() => verifyMemberSign({ ...company, partnerid, timestamp: t, sign: hmac }, at(t - 301))).message).toMatch(/future/)
    // The timestamp is part of what is signed.
    expect(thrown(() => verifyMemberSign({ ...company, partnerid, timestamp: t + 1, sign: hmac }, at(t))).message).toMatch(/does not match/)
    expect(thrown(() => verifyMemberSign({ ...company, partnerid, sign: hmac }, at(t))).message).toMatch(/does not match/)
    expect(thrown(() => verifyMemberSign({ ...company, partnerid, timestamp: -1, sign: hmac }, at(t))).code).toBe('unauthorized')
    expect(thrown(() => memberSignHmac({ ...company, partnerid, timestamp: 1.5 })).code).toBe('invalid_argument')
  })

  it('can require a timestamp', () => {
    const error = thrown(() => verifyMemberSign({ ...company, partnerid, sign: HMAC_SIGN }, { requireTimestamp: true }))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/timestamp/)
  })

  it('treats missing company settings as a server error, not the visitor’s', () => {
    expect(thrown(() => verifyMemberSign({ sysnum, key: '', partnerid, sign: MD5_SIGN })).code).toBe('invalid_argument')
    expect(thrown(() => verifyMemberSign({ sysnum: '', key, partnerid, sign: MD5_SIGN })).code).toBe('invalid_argument')
  })
})
