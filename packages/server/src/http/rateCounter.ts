import type { FastifyInstance } from 'fastify'

/** How many hits a key has in its current window, and when that window ends. */
export interface RateCount {
  readonly count: number
  /** Milliseconds until the window ends (0 when there is none). */
  readonly resetMs: number
}

/** A named fixed-window counter: `hit` counts one and returns the count, `peek` reads without counting. */
export interface RateCounter {
  hit(key: string): Promise<RateCount>
  peek(key: string): Promise<RateCount>
}

/** What the counter hands the limiter in place of a request: only the key and the window are read. */
interface CounterCall {
  readonly kefuKey: string
  readonly kefuWindowMs: number
  readonly routeOptions: { readonly config: object }
}

/**
 * kefu's one rate-limiting primitive: @fastify/rate-limit's store (in memory, or Redis in cluster mode,
 * so every process counts the same hits) behind named counters. HTTP routes use the plugin directly
 * (`config.rateLimit`); sign-in delays and WebSocket flood limits, which have no route, count here.
 * `windowMs` may depend on the key's own window (a growing delay keys each step separately).
 */
export function rateCounter(app: FastifyInstance, name: string, windowMs: number): RateCounter {
  const limiter = app.createRateLimit({
    keyGenerator: (request) => `${name}:${(request as unknown as CounterCall).kefuKey}`,
    timeWindow: (request) => (request as unknown as CounterCall).kefuWindowMs,
    max: Number.MAX_SAFE_INTEGER,
  })
  const call = async (key: string, increment: boolean): Promise<RateCount> => {
    const request: CounterCall = { kefuKey: key, kefuWindowMs: windowMs, routeOptions: { config: {} } }
    const result = await limiter(request as never, { increment })
    if (result.isAllowed) return { count: 0, resetMs: 0 }
    return { count: result.max - result.remaining, resetMs: result.ttl }
  }
  return { hit: (key) => call(key, true), peek: (key) => call(key, false) }
}
