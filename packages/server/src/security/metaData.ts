import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { KefuError, type CrmFields } from '@kefu/core'
import { decodeBase64Url, encodeBase64Url } from './base64url'
import { partneridProblem } from './partnerid'
import { secretBytes, type Secret } from './secretBytes'
import { checkTtl, unixSeconds, type Now } from './unixSeconds'

/**
 * `metaData`: an Echat-style member identity encrypted by the store's server with the company key, so the
 * widget can pass it through the browser untouched. Format (see `docs/metaData.md`):
 *
 *     "v1." + base64url_nopad( iv[12] || AES-256-GCM(key, iv, aad = "kefu-metadata-v1", utf8(JSON)) || tag[16] )
 */

/** Additional authenticated data bound into every metaData. */
export const METADATA_AAD = 'kefu-metadata-v1'
/** Longest metaData accepted, in characters (the widget's own limit). */
export const MAX_METADATA_LENGTH = 8192
/** Default oldest `iat` accepted: 7 days. */
export const METADATA_MAX_AGE_SECONDS = 7 * 24 * 60 * 60
/** How far in the future `iat` may be (clock skew between the store and kefu): 5 minutes. */
export const METADATA_CLOCK_SKEW_SECONDS = 300
/** Metadata keys are exactly 32 bytes (AES-256). */
export const METADATA_KEY_BYTES = 32

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16
const TEXT_FIELDS = ['uname', 'realname', 'tel', 'email', 'qq', 'wechat', 'face', 'remark', 'vip_level', 'user_label'] as const

/** The member a store vouches for, with the Sobot/Echat field names. */
export interface MemberIdentity extends CrmFields {
  /** The store's user id, 1–300 characters. Required. */
  readonly partnerid: string
  readonly is_vip?: 0 | 1
  readonly vip_level?: string
  readonly user_label?: string
}

/** A decrypted metaData: the identity plus its times in seconds since the epoch. */
export interface DecryptedMetaData extends MemberIdentity {
  /** When the store issued it. */
  readonly iat: number
  /** When it stops being accepted, if the store set a limit. */
  readonly exp?: number
}

export interface EncryptMetaDataOptions {
  /** Issue time (`iat`); defaults to the system clock. */
  readonly now?: Now
  /** When given, adds `exp = iat + ttlSeconds`. */
  readonly ttlSeconds?: number
}

export interface DecryptMetaDataOptions {
  /** The time to check `iat`/`exp` against; defaults to the system clock. */
  readonly now?: Now
  /** Oldest `iat` accepted, in seconds before `now`; default 7 days. */
  readonly maxAgeSeconds?: number
}

type Fail = (message: string) => never

function metaDataKey(key: Secret): Buffer {
  const bytes = secretBytes(key, 0)
  if (bytes.length !== METADATA_KEY_BYTES) {
    throw new KefuError('invalid_argument', `metaData key must be exactly ${METADATA_KEY_BYTES} bytes (AES-256)`)
  }
  return bytes
}

function isWholeSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** Copies the known identity fields, checking their types; null and '' count as absent, others are dropped. */
function identityFields(source: Readonly<Record<string, unknown>>, fail: Fail): MemberIdentity {
  // A JSON integer id (PHP's json_encode of an int column) is read as its decimal string.
  const partnerid = Number.isSafeInteger(source.partnerid) ? String(source.partnerid) : source.partnerid
  const problem = partneridProblem(partnerid)
  if (problem) fail(problem)
  const out: Record<string, unknown> = { partnerid }
  for (const field of TEXT_FIELDS) {
    const value = source[field]
    if (value === undefined || value === null || value === '') continue
    if (typeof value === 'string') out[field] = value
    else if (typeof value === 'number' && Number.isFinite(value)) out[field] = String(value)
    else fail(`${field} must be a string`)
  }
  const vip = source.is_vip
  if (vip !== undefined && vip !== null && vip !== '') {
    if (vip === 1 || vip === '1' || vip === true) out.is_vip = 1
    else if (vip === 0 || vip === '0' || vip === false) out.is_vip = 0
    else fail('is_vip must be 0 or 1')
  }
  for (const [field, max] of [['gender', 2], ['age', 150]] as const) {
    const value = source[field]
    if (value === undefined || value === null || value === '') continue
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) fail(`${field} must be a whole number from 0 to ${max}`)
    else out[field] = n
  }
  return out as unknown as MemberIdentity
}

/**
 * A new random company metaData key: 32 bytes as standard base64 (44 characters ending in `=`), the form
 * every language's default base64 decoder reads (base64url would trip Java's and Python's strict decoders).
 */
export function generateMetaDataKey(): string {
  return randomBytes(METADATA_KEY_BYTES).toString('base64')
}

/**
 * Encrypts a member identity for the widget's `metaData` (what a store's server does; kefu uses it in tests
 * and tools). The plaintext is `identity` plus `iat` (now, in seconds) and, with `ttlSeconds`, `exp`.
 * A fresh random 12-byte IV is used every time.
 *
 * @throws KefuError `invalid_argument` for a key that is not 32 bytes, a missing or over-long partnerid,
 * a field of the wrong type or a bad ttl; `payload_too_large` past {@link MAX_METADATA_LENGTH} characters.
 */
export function encryptMetaData(identity: MemberIdentity, key: Secret, options: EncryptMetaDataOptions = {}): string {
  const keyBytes = metaDataKey(key)
  const fail: Fail = (message) => {
    throw new KefuError('invalid_argument', `metaData identity: ${message}`)
  }
  if (typeof identity !== 'object' || identity === null) fail('must be an object')
  const fields = identityFields(identity as unknown as Record<string, unknown>, fail)
  const iat = unixSeconds(options.now)
  const claims: DecryptedMetaData = {
    ...fields,
    iat,
    ...(options.ttlSeconds === undefined ? {} : { exp: iat + checkTtl(options.ttlSeconds, 'ttlSeconds') }),
  }
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keyBytes, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(METADATA_AAD, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(claims), 'utf8'), cipher.final()])
  const metaData = `${VERSION}.${encodeBase64Url(Buffer.concat([iv, ciphertext, cipher.getAuthTag()]))}`
  if (metaData.length > MAX_METADATA_LENGTH) {
    throw new KefuError('payload_too_large', `metaData would be longer than ${MAX_METADATA_LENGTH} characters`)
  }
  return metaData
}

/**
 * Decrypts and checks a `metaData` from the widget (`ECHAT.refreshVisitorMetaData(metaData, myData)` or the
 * chat link) and returns the member identity with `iat` and, if set, `exp`. Unknown fields are dropped;
 * null and '' count as absent; `partnerid` and text fields sent as numbers become strings; `is_vip` may also
 * be `"0"`/`"1"` or a boolean.
 *
 * @throws KefuError `unauthorized` when it is malformed, of another version, tampered with or encrypted
 * with another key (the GCM tag fails), expired (`exp` passed or `iat` older than `maxAgeSeconds`), issued
 * more than 5 minutes in the future, or has no valid partnerid; `payload_too_large` past
 * {@link MAX_METADATA_LENGTH} characters; `invalid_argument` when the key is not 32 bytes.
 */
export function decryptMetaData(metaData: unknown, key: Secret, options: DecryptMetaDataOptions = {}): DecryptedMetaData {
  const keyBytes = metaDataKey(key)
  const nowSeconds = unixSeconds(options.now)
  const maxAge = options.maxAgeSeconds ?? METADATA_MAX_AGE_SECONDS
  if (typeof maxAge !== 'number' || Number.isNaN(maxAge) || maxAge <= 0) {
    throw new KefuError('invalid_argument', 'maxAgeSeconds must be a positive number of seconds')
  }
  const fail: Fail = (message) => {
    throw new KefuError('unauthorized', message)
  }
  if (typeof metaData !== 'string' || metaData.length === 0) fail('metaData is missing')
  const text = metaData as string
  if (text.length > MAX_METADATA_LENGTH) {
    throw new KefuError('payload_too_large', `metaData is longer than ${MAX_METADATA_LENGTH} characters`)
  }
  const dot = text.indexOf('.')
  const version = dot < 0 ? '' : text.slice(0, dot)
  if (version !== VERSION) {
    fail(/^v\d+$/.test(version) ? `metaData has unsupported version ${version}` : 'metaData is malformed')
  }
  const sealed = decodeBase64Url(text.slice(dot + 1))
  if (!sealed || sealed.length < IV_BYTES + 1 + TAG_BYTES) fail('metaData is malformed')
  const bytes = sealed as Buffer
  let plaintext: Buffer
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES })
    decipher.setAAD(Buffer.from(METADATA_AAD, 'utf8'))
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
    plaintext = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()])
  } catch {
    return fail('metaData failed authentication: it was altered or encrypted with another key')
  }
  let claims: unknown
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext))
  } catch {
    return fail('metaData is malformed: the plaintext is not UTF-8 JSON')
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    return fail('metaData is malformed: the plaintext is not a JSON object')
  }
  const record = claims as Record<string, unknown>
  const { iat, exp } = record
  if (!isWholeSeconds(iat)) return fail('metaData iat must be whole seconds since the epoch')
  const hasExp = exp !== undefined && exp !== null
  if (hasExp && !isWholeSeconds(exp)) return fail('metaData exp must be whole seconds since the epoch')
  if (hasExp && nowSeconds >= (exp as number)) fail('metaData has expired (exp has passed)')
  if (iat > nowSeconds + METADATA_CLOCK_SKEW_SECONDS) {
    fail("metaData was issued in the future (iat is over 5 minutes ahead; check the store server's clock)")
  }
  if (nowSeconds - iat > maxAge) fail(`metaData has expired (issued more than ${maxAge} seconds ago)`)
  const identity = identityFields(record, (message) => fail(`metaData ${message}`))
  return { ...identity, iat, ...(hasExp ? { exp: exp as number } : {}) }
}
