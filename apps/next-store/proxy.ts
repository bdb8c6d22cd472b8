import { NextResponse, type NextRequest } from 'next/server'
import { REQUEST_PATH_HEADER } from './lib/requestUrl'
import { storeEnv } from './lib/storeEnv'

/**
 * For the plugin page only (see `config.matcher`):
 * - hands its server component the path and query exactly as the browser requested them, since the
 *   page's signature covers its URL (a client-sent header of the same name is overwritten);
 * - lets only the kefu workbench frame it (`frame-ancestors <origin of KEFU_URL>`), read per request
 *   like the rest of the env, so a page signed for an agent cannot be put in another site's iframe.
 */
export function proxy(request: NextRequest) {
  const url = new URL(request.url)
  const headers = new Headers(request.headers)
  headers.set(REQUEST_PATH_HEADER, url.pathname + url.search)
  const response = NextResponse.next({ request: { headers } })
  response.headers.set('content-security-policy', `frame-ancestors ${storeEnv().kefuOrigin}`)
  response.headers.set('cache-control', 'no-store')
  return response
}

export const config = { matcher: '/kefu/plugin' }
