import { KefuError } from '@kefu/core'

/**
 * The current time for token checks: a `Date`, or milliseconds since the epoch like `Date.now()`.
 * Omit it to use the system clock.
 */
export type Now = Date | number

/** Whole seconds since the epoch at `now` (default: the system clock). */
export function unixSeconds(now?: Now): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new KefuError('invalid_argument', 'now must be a Date or milliseconds since the epoch')
  }
  return Math.floor(ms / 1000)
}

/** Checks a lifetime in seconds: a positive integer. */
export function checkTtl(ttlSeconds: number, what: string): number {
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new KefuError('invalid_argument', `${what} must be a positive whole number of seconds`)
  }
  return ttlSeconds
}
