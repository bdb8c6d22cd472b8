/** The request header the proxy (`proxy.ts`) fills with the path and query the browser asked for. */
export const REQUEST_PATH_HEADER = 'x-store-request-path'

interface HeaderSource {
  get(name: string): string | null
}

/**
 * The URL the browser requested, as `location.href.split('#')[0]` reports it in the page: scheme from
 * `x-forwarded-proto` (behind a proxy) or plain http, host from `x-forwarded-host` or `host`, and the
 * path and query as requested. `new URL` normalizes it as the browser does (host in lower case, no
 * default port). Browsers never send the `#fragment`, so it is never part of it.
 */
export function requestedUrl(headers: HeaderSource): string {
  const proto = first(headers.get('x-forwarded-proto')) ?? 'http'
  const host = first(headers.get('x-forwarded-host')) ?? first(headers.get('host'))
  if (!host) throw new Error('the request has no Host header: cannot tell the page URL')
  if (proto !== 'http' && proto !== 'https') throw new Error(`unexpected x-forwarded-proto ${JSON.stringify(proto)}`)
  const path = headers.get(REQUEST_PATH_HEADER) ?? '/'
  if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`bad request path ${JSON.stringify(path)}`)
  return new URL(path, `${proto}://${host}`).href
}

/** The first value of a comma-separated forwarded header, trimmed. */
function first(value: string | null): string | undefined {
  const part = value?.split(',')[0]?.trim()
  return part || undefined
}
