// @vitest-environment node
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signPluginPage } from '../lib/pluginSignature'
import { REQUEST_PATH_HEADER, requestedUrl } from '../lib/requestUrl'

const headersOf = (values: Record<string, string>) => new Headers(values)

describe('signPluginPage', () => {
  it('is hex HMAC-SHA256(secret, `${timestamp}\\n${nonce}\\n${pageUrl}`) with the timestamp in seconds', () => {
    const url = 'http://127.0.0.1:3000/kefu/plugin?kefuOrigin=http%3A%2F%2F127.0.0.1%3A8080&visitorData=visitorId%3Dv_1'
    const signed = signPluginPage('plugin-secret-0123456789', url, 1_767_225_600_999, 'nonce_12345678')
    expect(signed.timestamp).toBe(1_767_225_600)
    expect(signed.nonce).toBe('nonce_12345678')
    const expected = createHmac('sha256', 'plugin-secret-0123456789').update(`1767225600\nnonce_12345678\n${url}`).digest('hex')
    expect(signed.signature).toBe(expected)
  })

  it('uses a fresh nonce of the allowed form each time', () => {
    const a = signPluginPage('s'.repeat(20), 'http://x.test/p')
    const b = signPluginPage('s'.repeat(20), 'http://x.test/p')
    expect(a.nonce).not.toBe(b.nonce)
    expect(a.nonce).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
  })

  it('refuses a URL with a #fragment', () => {
    expect(() => signPluginPage('s'.repeat(20), 'http://x.test/p#top')).toThrow(/fragment/)
  })
})

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
