import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { KefuError } from '@kefu/core'
import {
  decryptMetaData,
  encryptMetaData,
  generateMetaDataKey,
  METADATA_AAD,
  type MemberIdentity,
} from '../../src/security'

const KEY = randomBytes(32)
const KEY_B64 = KEY.toString('base64')
const NOW = Date.UTC(2025, 0, 1, 12)
const NOW_S = NOW / 1000
const DAY = 24 * 3600

function thrown(fn: () => unknown): KefuError {
  try {
    fn()
  } catch (error) {
    if (error instanceof KefuError) return error
    throw error
  }
  throw new Error('expected a KefuError')
}

/** Seals arbitrary plaintext the documented way, independently of encryptMetaData. */
function seal(plaintext: string | Buffer, options: { key?: Buffer; aad?: string | null; version?: string } = {}): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', options.key ?? KEY, iv)
  if (options.aad !== null) cipher.setAAD(Buffer.from(options.aad ?? 'kefu-metadata-v1'))
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return `${options.version ?? 'v1'}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url')}`
}

function sealJson(claims: unknown, options?: Parameters<typeof seal>[1]): string {
  return seal(JSON.stringify(claims), options)
}

/** Flips one bit of the byte at `index` (negative counts from the end) of the sealed bytes. */
function tamper(metaData: string, index: number): string {
  const bytes = Buffer.from(metaData.slice(3), 'base64url')
  const at = index < 0 ? bytes.length + index : index
  bytes[at] = bytes[at]! ^ 0x01
  return `v1.${bytes.toString('base64url')}`
}

const member: MemberIdentity = {
  partnerid: 'u-10086',
  uname: '张三',
  realname: '张三丰',
  tel: '13800000000',
  email: 'zs@example.com',
  qq: '10001',
  face: 'https://example.com/a.png',
  remark: 'likes tea',
  is_vip: 1,
  vip_level: 'gold',
  user_label: 'wholesale',
}

describe('encryptMetaData / decryptMetaData', () => {
  it('round-trips every field with iat and optional exp', () => {
    const metaData = encryptMetaData(member, KEY_B64, { now: NOW })
    expect(decryptMetaData(metaData, KEY_B64, { now: NOW })).toEqual({ ...member, iat: NOW_S })
    const limited = encryptMetaData({ partnerid: 'p' }, KEY, { now: NOW, ttlSeconds: 3600 })
    expect(decryptMetaData(limited, KEY, { now: NOW })).toEqual({ partnerid: 'p', iat: NOW_S, exp: NOW_S + 3600 })
  })

  it('writes v1.<base64url(iv[12] || ciphertext || tag[16])> with AAD kefu-metadata-v1', () => {
    expect(METADATA_AAD).toBe('kefu-metadata-v1')
    const metaData = encryptMetaData(member, KEY, { now: NOW, ttlSeconds: 60 })
    expect(metaData).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
    const bytes = Buffer.from(metaData.slice(3), 'base64url')
    expect(bytes.toString('base64url')).toBe(metaData.slice(3)) // canonical, unpadded
    const expectedJson = JSON.stringify({ ...member, iat: NOW_S, exp: NOW_S + 60 })
    expect(bytes.length).toBe(12 + Buffer.byteLength(expectedJson) + 16)
    const decipher = createDecipheriv('aes-256-gcm', KEY, bytes.subarray(0, 12))
    decipher.setAAD(Buffer.from('kefu-metadata-v1'))
    decipher.setAuthTag(bytes.subarray(-16))
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(12, -16)), decipher.final()]).toString('utf8')
    expect(JSON.parse(plaintext)).toEqual(JSON.parse(expectedJson))
  })

  it('uses a fresh IV every time', () => {
    const a = encryptMetaData(member, KEY, { now: NOW })
    const b = encryptMetaData(member, KEY, { now: NOW })
    expect(a).not.toBe(b)
    expect(Buffer.from(a.slice(3), 'base64url').subarray(0, 12)).not.toEqual(Buffer.from(b.slice(3), 'base64url').subarray(0, 12))
  })

  it('rejects one flipped bit in the IV, the ciphertext or the tag', () => {
    const metaData = encryptMetaData(member, KEY, { now: NOW })
    for (const index of [0, 11, 12, 20, -17, -16, -1]) {
      const error = thrown(() => decryptMetaData(tamper(metaData, index), KEY, { now: NOW }))
      expect(error.code, `byte ${index}`).toBe('unauthorized')
      expect(error.message).toMatch(/failed authentication/)
    }
  })

  it('rejects another key, another AAD and no AAD', () => {
    const metaData = encryptMetaData(member, KEY, { now: NOW })
    const wrongKey = thrown(() => decryptMetaData(metaData, randomBytes(32), { now: NOW }))
    expect(wrongKey.code).toBe('unauthorized')
    expect(wrongKey.message).toMatch(/failed authentication/)
    expect(wrongKey.message).not.toContain(KEY_B64)
    for (const aad of ['kefu-metadata-v2', null]) {
      const error = thrown(() => decryptMetaData(sealJson({ partnerid: 'p', iat: NOW_S }, { aad }), KEY, { now: NOW }))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/failed authentication/)
    }
  })

  it('accepts metaData sealed independently (as a store would)', () => {
    expect(decryptMetaData(sealJson({ partnerid: 'p', uname: 'x', iat: NOW_S }), KEY_B64, { now: NOW })).toEqual({
      partnerid: 'p',
      uname: 'x',
      iat: NOW_S,
    })
  })

  it('rejects it once exp has passed', () => {
    const metaData = encryptMetaData(member, KEY, { now: NOW, ttlSeconds: 600 })
    expect(decryptMetaData(metaData, KEY, { now: NOW + 599_000 }).exp).toBe(NOW_S + 600)
    const error = thrown(() => decryptMetaData(metaData, KEY, { now: NOW + 600_000 }))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/expired/)
  })

  it('rejects an iat older than maxAgeSeconds (7 days by default)', () => {
    const metaData = encryptMetaData(member, KEY, { now: NOW })
    expect(decryptMetaData(metaData, KEY, { now: NOW + 7 * DAY * 1000 }).partnerid).toBe('u-10086')
    const stale = thrown(() => decryptMetaData(metaData, KEY, { now: NOW + (7 * DAY + 1) * 1000 }))
    expect(stale.code).toBe('unauthorized')
    expect(stale.message).toMatch(/expired/)
    expect(decryptMetaData(metaData, KEY, { now: NOW + 60_000, maxAgeSeconds: 60 }).partnerid).toBe('u-10086')
    expect(thrown(() => decryptMetaData(metaData, KEY, { now: NOW + 61_000, maxAgeSeconds: 60 })).message).toMatch(
      /expired/,
    )
  })

  it('rejects an iat more than 5 minutes in the future', () => {
    expect(decryptMetaData(sealJson({ partnerid: 'p', iat: NOW_S + 300 }), KEY, { now: NOW }).iat).toBe(NOW_S + 300)
    const error = thrown(() => decryptMetaData(sealJson({ partnerid: 'p', iat: NOW_S + 301 }), KEY, { now: NOW }))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/future/)
  })

  it('rejects a missing, empty, non-string or over-long partnerid', () => {
    for (const partnerid of [undefined, null, '', { id: 1 }, true, 'p'.repeat(301)]) {
      const error = thrown(() => decryptMetaData(sealJson({ partnerid, iat: NOW_S }), KEY, { now: NOW }))
      expect(error.code, String(partnerid)).toBe('unauthorized')
      expect(error.message).toMatch(/partnerid/)
    }
    expect(decryptMetaData(sealJson({ partnerid: 'p'.repeat(300), iat: NOW_S }), KEY, { now: NOW }).partnerid).toHaveLength(300)
  })

  it('rejects a missing or non-integer iat and a bad exp', () => {
    for (const claims of [
      { partnerid: 'p' },
      { partnerid: 'p', iat: String(NOW_S) },
      { partnerid: 'p', iat: NOW_S + 0.5 },
      { partnerid: 'p', iat: NOW * 1 }, // milliseconds: far in the future
      { partnerid: 'p', iat: NOW_S, exp: 'tomorrow' },
    ]) {
      expect(thrown(() => decryptMetaData(sealJson(claims), KEY, { now: NOW })).code, JSON.stringify(claims)).toBe(
        'unauthorized',
      )
    }
  })

  it('rejects plaintext that is not a UTF-8 JSON object', () => {
    for (const plaintext of ['[1,2]', '"p"', 'null', '{"partnerid":', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]) {
      const error = thrown(() => decryptMetaData(seal(plaintext), KEY, { now: NOW }))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/malformed/)
    }
  })

  it('rejects other versions and malformed strings', () => {
    const good = encryptMetaData(member, KEY, { now: NOW })
    const version = thrown(() => decryptMetaData(`v2.${good.slice(3)}`, KEY, { now: NOW }))
    expect(version.code).toBe('unauthorized')
    expect(version.message).toMatch(/unsupported version v2/)
    const cases: unknown[] = [
      '',
      'v1',
      'v1.',
      'v2.x.y',
      'V1.' + good.slice(3),
      good.slice(3),
      `v1.${good.slice(3)}=`,
      `v1.${good.slice(3)}.x`,
      `v1.${good.slice(3, 20)}!${good.slice(21)}`,
      `v1.${Buffer.alloc(28).toString('base64url')}`,
      null,
      12,
    ]
    for (const metaData of cases) {
      expect(thrown(() => decryptMetaData(metaData, KEY, { now: NOW })).code, String(metaData)).toBe('unauthorized')
    }
  })

  it('refuses overly long input with payload_too_large', () => {
    expect(thrown(() => decryptMetaData(`v1.${'A'.repeat(9000)}`, KEY, { now: NOW })).code).toBe('payload_too_large')
    expect(thrown(() => encryptMetaData({ partnerid: 'p', remark: 'x'.repeat(7000) }, KEY)).code).toBe(
      'payload_too_large',
    )
  })

  it('reads lenient field types the way other languages write them', () => {
    const claims = {
      partnerid: 10086,
      uname: null,
      realname: '',
      qq: 10001,
      tel: 13800000000,
      is_vip: '1',
      vip_level: 3,
      unknown_field: 'dropped',
      iat: NOW_S,
      exp: null,
    }
    expect(decryptMetaData(sealJson(claims), KEY, { now: NOW })).toEqual({
      partnerid: '10086',
      qq: '10001',
      tel: '13800000000',
      is_vip: 1,
      vip_level: '3',
      iat: NOW_S,
    })
    expect(decryptMetaData(sealJson({ partnerid: 'p', is_vip: false, iat: NOW_S }), KEY, { now: NOW }).is_vip).toBe(0)
    for (const bad of [{ uname: { first: 'z' } }, { is_vip: 2 }, { tel: ['1'] }]) {
      const error = thrown(() => decryptMetaData(sealJson({ partnerid: 'p', iat: NOW_S, ...bad }), KEY, { now: NOW }))
      expect(error.code).toBe('unauthorized')
    }
  })

  it('accepts the key as base64, base64url, hex or bytes, and only at 32 bytes', () => {
    const metaData = encryptMetaData(member, KEY.toString('hex'), { now: NOW })
    for (const key of [KEY, KEY_B64, KEY.toString('base64url'), KEY.toString('hex')]) {
      expect(decryptMetaData(metaData, key, { now: NOW }).partnerid).toBe('u-10086')
    }
    for (const key of [randomBytes(16), randomBytes(48), randomBytes(31).toString('base64'), 'not-a-key']) {
      expect(thrown(() => encryptMetaData(member, key)).code).toBe('invalid_argument')
      expect(thrown(() => decryptMetaData(metaData, key, { now: NOW })).code).toBe('invalid_argument')
    }
  })

  it('refuses an unusable identity when encrypting', () => {
    for (const identity of [
      {},
      { partnerid: '' },
      { partnerid: 'p'.repeat(301) },
      { partnerid: 'p', is_vip: 2 },
      { partnerid: 'p', uname: {} },
      null,
    ]) {
      expect(thrown(() => encryptMetaData(identity as never, KEY)).code, JSON.stringify(identity)).toBe('invalid_argument')
    }
    expect(thrown(() => encryptMetaData(member, KEY, { ttlSeconds: 0 })).code).toBe('invalid_argument')
  })

  it('generateMetaDataKey makes a standard-base64 32-byte key', () => {
    const key = generateMetaDataKey()
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(key, 'base64')).toHaveLength(32)
    expect(generateMetaDataKey()).not.toBe(key)
    expect(decryptMetaData(encryptMetaData(member, key, { now: NOW }), key, { now: NOW }).partnerid).toBe('u-10086')
  })
})
