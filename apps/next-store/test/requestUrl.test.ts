// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { REQUEST_PATH_HEADER, requestedUrl } from '../lib/requestUrl'

const headersOf = (values: Record<string, string>) => new Headers(values)

describe('requestedUrl', () => {
  it('rebuilds the URL the browser requested, query untouched', () => {
    const path = '/kefu/plugin?kefuOrigin=http%3A%2F%2F127.0.0.1%3A8095&visitorData=visitorId%3Dv_1%26vip%3D0&routeData='
    expect(requestedUrl(headersOf({ host: '127.0.0.1:3000', [REQUEST_PATH_HEADER]: path }))).toBe(`http://127.0.0.1:3000${path}`)
  })

  it('follows x-forwarded-proto and x-forwarded-host, normalizing like the browser', () => {
    const url = requestedUrl(
      headersOf({ host: 'internal:3000', 'x-forwarded-host': 'Shop.Example.COM:443', 'x-forwarded-proto': 'https, http', [REQUEST_PATH_HEADER]: '/kefu/plugin?a=1' }),
    )
    expect(url).toBe('https://shop.example.com/kefu/plugin?a=1')
  })

  it('refuses what cannot be the page URL', () => {
    expect(() => requestedUrl(headersOf({ [REQUEST_PATH_HEADER]: '/kefu/plugin' }))).toThrow(/Host/)
    expect(() => requestedUrl(headersOf({ host: 'a.test', [REQUEST_PATH_HEADER]: '//evil.test/x' }))).toThrow(/path/)
    expect(() => requestedUrl(headersOf({ host: 'a.test', 'x-forwarded-proto': 'javascript', [REQUEST_PATH_HEADER]: '/' }))).toThrow(/proto/)
  })
})
