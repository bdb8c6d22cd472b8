/** A token bucket: `rate` frames a second on average, bursts of up to `burst`. */
export function rateLimiter(rate: number, burst: number, now: () => number = Date.now): () => boolean {
  let tokens = burst
  let last = now()
  return () => {
    const t = now()
    tokens = Math.min(burst, tokens + ((t - last) / 1000) * rate)
    last = t
    if (tokens < 1) return false
    tokens -= 1
    return true
  }
}
