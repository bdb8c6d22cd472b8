import type { FastifyInstance } from 'fastify'
import { rateCounter, type RateCounter } from './rateCounter'

export interface SignInThrottleOptions {
  /** Failed sign-ins to one account before any delay. */
  readonly freeFailures: number
  /** The first delay; each further failure doubles it … */
  readonly delayMs: number
  /** … up to this, so the owner is slowed, never locked out. */
  readonly maxDelayMs: number
  /** Failures are forgotten this long after the first of them. */
  readonly failureWindowMs: number
}

/**
 * Slows password guessing at one account from any number of addresses: after `freeFailures` failures,
 * every further failure makes the next attempt wait (1×, 2×, 4×… `delayMs`, at most `maxDelayMs`).
 * Attempts refused while waiting are not failures, so hammering does not lengthen the wait, and the
 * real owner gets in once it ends. Counts live in the rate-limit store, shared across processes.
 */
export class SignInThrottle {
  readonly #options: SignInThrottleOptions
  readonly #failures: RateCounter
  readonly #waits = new Map<number, RateCounter>()
  readonly #app: FastifyInstance

  constructor(app: FastifyInstance, options: SignInThrottleOptions) {
    this.#app = app
    this.#options = options
    this.#failures = rateCounter(app, 'signin-failures', options.failureWindowMs)
  }

  /** Milliseconds the next attempt at `account` must still wait (0: go ahead). */
  async waitMs(account: string): Promise<number> {
    const failures = (await this.#failures.peek(account)).count
    if (failures < this.#options.freeFailures) return 0
    // Each step of the delay has its own key, so a read knows the window it was written with.
    return (await this.#wait(failures).peek(`${account}:${failures}`)).resetMs
  }

  /** A wrong password (or an unknown account) for `account`. */
  async failed(account: string): Promise<void> {
    const failures = (await this.#failures.hit(account)).count
    if (failures >= this.#options.freeFailures) await this.#wait(failures).hit(`${account}:${failures}`)
  }

  #wait(failures: number): RateCounter {
    const { freeFailures, delayMs, maxDelayMs } = this.#options
    const ms = Math.min(maxDelayMs, delayMs * 2 ** Math.min(failures - freeFailures, 30))
    let counter = this.#waits.get(ms)
    if (!counter) this.#waits.set(ms, (counter = rateCounter(this.#app, `signin-wait-${ms}`, ms)))
    return counter
  }
}
