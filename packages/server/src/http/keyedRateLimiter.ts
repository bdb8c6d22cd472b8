/**
 * Token buckets by key (client address, visitor): `rate` requests a second on average, bursts of
 * `burst`. Full buckets are dropped now and then, so idle clients cost no memory.
 */
export function keyedRateLimiter(rate: number, burst: number, now: () => number = Date.now): (key: string) => boolean {
  const buckets = new Map<string, { tokens: number; last: number }>()
  let calls = 0
  return (key) => {
    const t = now()
    if (++calls % 1000 === 0) {
      for (const [k, b] of buckets) if (b.tokens + ((t - b.last) / 1000) * rate >= burst) buckets.delete(k)
    }
    const bucket = buckets.get(key) ?? { tokens: burst, last: t }
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.last) / 1000) * rate)
    bucket.last = t
    buckets.set(key, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }
}
