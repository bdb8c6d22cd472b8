import { NextResponse, type NextRequest } from 'next/server'
import { REQUEST_PATH_HEADER } from './lib/requestUrl'

/**
 * Hands the plugin page's server component the path and query exactly as the browser requested them,
 * since the page's signature covers its URL. A client-sent header of the same name is overwritten.
 */
export function proxy(request: NextRequest) {
  const url = new URL(request.url)
  const headers = new Headers(request.headers)
  headers.set(REQUEST_PATH_HEADER, url.pathname + url.search)
  return NextResponse.next({ request: { headers } })
}

export const config = { matcher: '/kefu/plugin' }
