// @vitest-environment node
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signPluginPage } from '../src/server'

describe('signPluginPage', () => {
  it('is hex HMAC-SHA256(secret, `${timestamp}\\n${nonce}\\n${pageUrl}`) with the timestamp in seconds', () => {
    const url = 'http://127.0.0.1:3000/kefu/plugin?kefuOrigin=http%3A%2F%2F127.0.0.1%3A8080&visitorData=visitorId%3Dv_1'
    const signed = signPluginPage('plugin-secret-0123456789', url, 1_767_225_600_999, 'nonce_12345678')
    expect(signed.timestamp).toBe(1_767_225_600)
    expect(signed.nonce).toBe('nonce_12345678')
    const expected = createHmac('sha256', 'plugin-secret-0123456789').update(`1767225600\nnonce_12345678\n${url}`).digest('hex')
    expect(signed.signature).toBe(expected)
  })

  it('signs the URL without its #fragment, which the page never reports', () => {
    const url = 'http://127.0.0.1:3001/kefu/plugin?visitorId=v_1'
    const config = signPluginPage('plugin-secret-123456', `${url}#top`, 1_767_225_600_500, 'nonce_12345678')
    expect(config).toEqual(signPluginPage('plugin-secret-123456', url, 1_767_225_600_500, 'nonce_12345678'))
  })

  it('uses a fresh nonce of the allowed form each time', () => {
    const a = signPluginPage('s'.repeat(20), 'http://x.test/p')
    const b = signPluginPage('s'.repeat(20), 'http://x.test/p')
    expect(a.nonce).not.toBe(b.nonce)
    expect(a.signature).not.toBe(b.signature)
    expect(a.nonce).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
  })

  it('refuses an empty secret', () => {
    expect(() => signPluginPage('', 'http://x.test/p')).toThrow(TypeError)
  })
})
