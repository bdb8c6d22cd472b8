import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { KefuError } from '@kefu/core'
import { partneridProblem } from './partnerid'
import { unixSeconds, type Now } from './unixSeconds'

/** The company's Sobot-style security settings plus the member being signed for. */
export interface MemberSignInput {
  /** The company's public id (Sobot `sysnum`). */
  readonly sysnum: string
  /** The company's security key (Sobot "安全密钥"), used as its UTF-8 text. */
  readonly key: string
  /** The store's user id, 1–300 characters. */
  readonly partnerid: string
  /**
   * When the store signed, in whole seconds since the epoch (optional). When given it is part of the
   * signed text (appended after `partnerid`), and the sign is accepted only for a while after it.
   */
  readonly timestamp?: number
}

/** A member sign to check. */
export interface MemberSignCheck extends MemberSignInput {
  /** Hex digest sent by the store page next to `partnerid`. */
  readonly sign: string
}

export interface VerifyMemberSignOptions {
  /** Accept the legacy Sobot MD5 form (default true). Turn off once every store sends HMAC-SHA256. */
  readonly allowMd5?: boolean
  /** Refuse signs without a `timestamp` (they never expire and can be replayed for ever). Default false. */
  readonly requireTimestamp?: boolean
  /** How long a sign with a `timestamp` is accepted, in seconds (default 600). */
  readonly maxAgeSeconds?: number
  /** The time to check `timestamp` against; defaults to the system clock. */
  readonly now?: Now
}

/** Default time a timestamped sign is accepted: 10 minutes. */
export const MEMBER_SIGN_MAX_AGE_SECONDS = 600
/** How far ahead of the server's clock a `timestamp` may be (the store's clock may run fast): 5 minutes. */
export const MEMBER_SIGN_CLOCK_SKEW_SECONDS = 300

export type MemberSignAlgorithm = 'md5' | 'hmac-sha256'

function checkSettings(sysnum: unknown, key: unknown): asserts key is string {
  if (typeof sysnum !== 'string' || sysnum.length === 0) {
    throw new KefuError('invalid_argument', 'sysnum must be a non-empty string')
  }
  if (typeof key !== 'string' || key.length === 0) throw new KefuError('invalid_argument', 'key must be a non-empty string')
}

const timestampText = (input: MemberSignInput) => (input.timestamp === undefined ? '' : String(input.timestamp))

function md5(input: MemberSignInput): Buffer {
  return createHash('md5').update(input.sysnum + input.key + input.partnerid + timestampText(input), 'utf8').digest()
}

function hmac(input: MemberSignInput): Buffer {
  return createHmac('sha256', Buffer.from(input.key, 'utf8')).update(input.sysnum + input.partnerid + timestampText(input), 'utf8').digest()
}

function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function checkInput(input: MemberSignInput): void {
  checkSettings(input.sysnum, input.key)
  const problem = partneridProblem(input.partnerid)
  if (problem) throw new KefuError('invalid_argument', problem)
  if (input.timestamp !== undefined && !isTimestamp(input.timestamp)) throw new KefuError('invalid_argument', 'timestamp must be whole seconds since the epoch')
}

/**
 * The Sobot-compatible sign, `MD5(sysnum + key + partnerid [+ timestamp])` over UTF-8, as 32 lower-case
 * hex digits. Kept for stores migrating from Sobot; new integrations should use {@link memberSignHmac}.
 */
export function memberSignMd5(input: MemberSignInput): string {
  checkInput(input)
  return md5(input).toString('hex')
}

/**
 * The recommended sign, `HMAC-SHA256(key, sysnum + partnerid [+ timestamp])` — key and message as UTF-8 —
 * as 64 lower-case hex digits. In PHP: `hash_hmac('sha256', $sysnum . $partnerid . $timestamp, $key)`; in
 * Python: `hmac.new(key.encode(), (sysnum + partnerid + str(timestamp)).encode(), hashlib.sha256).hexdigest()`.
 */
export function memberSignHmac(input: MemberSignInput): string {
  checkInput(input)
  return hmac(input).toString('hex')
}

/**
 * Checks the `sign` a store page sent with `partnerid` (and `timestamp`, if it signed one) and returns
 * which form it was. A timestamped sign is accepted for `maxAgeSeconds` (and up to 5 minutes early); one
 * without a timestamp never expires, unless `requireTimestamp` refuses it.
 *
 * Two forms are accepted, told apart by length (hex digits in either case):
 * - **`hmac-sha256` (recommended)**: 64 hex digits of `HMAC-SHA256(key, sysnum + partnerid)`, key and
 *   message as UTF-8 (see {@link memberSignHmac}).
 * - **`md5` (Sobot compatible)**: 32 hex digits of `MD5(sysnum + key + partnerid)` over UTF-8 — the Sobot
 *   "pc/h5安全校验" formula (see {@link memberSignMd5}); refused when `allowMd5` is false.
 *
 * Digests are compared in constant time.
 *
 * @throws KefuError `unauthorized` when partnerid or sign is missing, partnerid is over 300 characters, sign
 * is not 32 or 64 hex digits, or it does not match; `invalid_argument` when `sysnum` or `key` is empty
 * (a server configuration problem, not the visitor's).
 */
export function verifyMemberSign(check: MemberSignCheck, options: VerifyMemberSignOptions = {}): MemberSignAlgorithm {
  checkSettings(check.sysnum, check.key)
  const problem = partneridProblem(check.partnerid)
  if (problem) throw new KefuError('unauthorized', problem)
  const { sign } = check
  if (typeof sign !== 'string' || sign.length === 0) throw new KefuError('unauthorized', 'sign is missing')
  let algorithm: MemberSignAlgorithm
  if (/^[0-9a-f]{64}$/i.test(sign)) algorithm = 'hmac-sha256'
  else if (/^[0-9a-f]{32}$/i.test(sign)) algorithm = 'md5'
  else {
    throw new KefuError('unauthorized', 'sign is malformed: expected 64 (HMAC-SHA256) or 32 (MD5) hex digits')
  }
  if (algorithm === 'md5' && options.allowMd5 === false) {
    throw new KefuError('unauthorized', 'MD5 member signs are turned off for this company; send HMAC-SHA256')
  }
  const { timestamp } = check
  if (timestamp === undefined && options.requireTimestamp) {
    throw new KefuError('unauthorized', 'this company needs a timestamp in the member sign (signs without one could be replayed for ever)')
  }
  if (timestamp !== undefined && !isTimestamp(timestamp)) throw new KefuError('unauthorized', 'timestamp must be whole seconds since the epoch')
  const expected = algorithm === 'md5' ? md5(check) : hmac(check)
  if (!timingSafeEqual(Buffer.from(sign, 'hex'), expected)) {
    throw new KefuError('unauthorized', 'sign does not match partnerid (wrong key or altered partnerid or timestamp)')
  }
  // Checked after the sign, so a forged timestamp is reported as a bad sign, not as an old one.
  if (timestamp !== undefined) {
    const now = unixSeconds(options.now)
    if (timestamp > now + MEMBER_SIGN_CLOCK_SKEW_SECONDS) throw new KefuError('unauthorized', 'the member sign’s timestamp is in the future: check the store server’s clock')
    if (now - timestamp > (options.maxAgeSeconds ?? MEMBER_SIGN_MAX_AGE_SECONDS)) throw new KefuError('unauthorized', 'the member sign has expired: sign again')
  }
  return algorithm
}
