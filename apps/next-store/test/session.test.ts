// @vitest-environment node
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

// The route handler's cookie jar, as next/headers gives it inside a request.
const jar = new Map<string, string>()
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
}))

const { DELETE, GET, POST } = await import('../app/api/session/route')
const { SESSION_COOKIE, decodeSession, encodeSession } = await import('../lib/session')

const KEY = 'test-sign-key-0123456789'
const post = (body: unknown, type = 'application/json') =>
  POST(new Request('http://store.test/api/session', { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) }))

beforeEach(() => {
  jar.clear()
  vi.stubEnv('KEFU_SIGN_KEY', KEY)
  vi.stubEnv('KEFU_COMPANY_ID', 'demo')
  vi.stubEnv('STORE_SESSION_SECRET', 'session-secret-for-tests')
})
afterEach(() => vi.unstubAllEnvs())

it('signs a member in and answers the identity with sign = md5(sysnum + key + partnerid)', async () => {
  const response = await post({ username: 'lily', password: 'kefu-demo-2026' })
  expect(response.status).toBe(200)
  const body = (await response.json()) as { user: { id: string }; identity: Record<string, unknown> }
  expect(body.user.id).toBe('u1001')
  expect(body.identity).toMatchObject({ partnerid: 'u1001', uname: 'lily', realname: '林莉莉', is_vip: 1, vip_level: '金卡 Gold' })
  expect(body.identity.sign).toBe(createHash('md5').update(`demo${KEY}u1001`).digest('hex'))
  expect(JSON.stringify(body)).not.toContain(KEY)
  expect(decodeSession(jar.get(SESSION_COOKIE), 'session-secret-for-tests')?.userId).toBe('u1001')

  const current = (await (await GET()).json()) as { identity: { sign: string } }
  expect(current.identity.sign).toBe(body.identity.sign)
})

it('refuses a wrong password and malformed bodies with {error, message}', async () => {
  const wrong = await post({ username: 'lily', password: 'nope' })
  expect(wrong.status).toBe(401)
  expect(await wrong.json()).toMatchObject({ error: 'invalid_credentials' })
  expect(jar.size).toBe(0)
  expect((await post('{not json')).status).toBe(400)
  expect((await post({ username: 'lily' })).status).toBe(400)
})

it('takes the plain form post (before hydration) and redirects', async () => {
  const ok = await post('username=tom&password=kefu-demo-2026', 'application/x-www-form-urlencoded')
  expect(ok.status).toBe(303)
  expect(ok.headers.get('location')).toBe('/orders')
  expect(decodeSession(jar.get(SESSION_COOKIE), 'session-secret-for-tests')?.userId).toBe('u1002')
  const bad = await post('username=tom&password=x', 'application/x-www-form-urlencoded')
  expect(bad.headers.get('location')).toBe('/signin?error=credentials')
})

it('sends the identity unsigned, with a log line, when no sign key is set', async () => {
  vi.stubEnv('KEFU_SIGN_KEY', '')
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  const body = (await (await post({ username: 'tom', password: 'kefu-demo-2026' })).json()) as { identity: Record<string, unknown> }
  expect(body.identity.partnerid).toBe('u1002')
  expect(body.identity).not.toHaveProperty('sign')
  expect(body.identity.is_vip).toBe(0)
  expect(warn.mock.calls[0]?.[0]).toMatch(/KEFU_SIGN_KEY is not set/)
  warn.mockRestore()
})

it('signs out', async () => {
  await post({ username: 'lily', password: 'kefu-demo-2026' })
  const body = (await (await DELETE()).json()) as { user: unknown; identity: unknown }
  expect(body).toEqual({ user: null, identity: null })
  expect(jar.has(SESSION_COOKIE)).toBe(false)
})

it('rejects altered and expired session cookies', () => {
  const value = encodeSession('u1001', 's', 1000)
  expect(decodeSession(value, 's', 1001)?.userId).toBe('u1001')
  expect(decodeSession(value, 'other', 1001)).toBeNull()
  const [payload, mac] = value.split('.')
  const forged = Buffer.from(JSON.stringify({ userId: 'u1002', expiresAt: 9e9 })).toString('base64url')
  expect(decodeSession(`${forged}.${mac}`, 's', 1001)).toBeNull()
  expect(decodeSession(`${payload}.${mac}`, 's', 1000 + 8 * 24 * 3600)).toBeNull()
})
