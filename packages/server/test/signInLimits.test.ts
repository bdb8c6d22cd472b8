import { memoryStorage } from '@kefu/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startHarness, type Harness } from './harness'

const PASSWORD = 'correct horse battery'
const login = (h: Harness, email: string, password: string, headers: Record<string, string> = {}) =>
  h.http('POST', '/api/v1/auth/login', { body: { email, password }, headers })

// Sign-in limits keep no state in the database: the embedded one is enough.
describe('sign-in limits without a configured proxy (issue 11.1)', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness('pglite', { server: { httpLimits: { loginBurst: 10, loginPerSecond: 0.001 } } })
  })
  afterAll(() => h?.close())

  it('X-Forwarded-For is not trusted: 40 guesses from 40 forged addresses hit the per-address limit', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) {
      statuses.push((await login(h, `nobody-${i}@example.com`, `guess ${i}`, { 'x-forwarded-for': `203.0.113.${i + 1}` })).status)
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(30)
    const limited = await login(h, h.adminEmail, PASSWORD, { 'x-forwarded-for': '198.51.100.7' })
    expect(limited.status).toBe(429)
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: 'too many sign-in attempts; wait a minute and try again' } })
  })

  it('X-Forwarded-Host does not choose the host of the upload URL handed out', async () => {
    const storage = memoryStorage()
    const visitor = h.visitor({ storage })
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().ready).toBe(true))
    const token = storage.getItem(`kefu:${h.companyId}:visitorToken`)!
    const answer = await h.http('POST', '/api/v1/visitor/upload-credentials', {
      token,
      body: {},
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    })
    expect(answer.status).toBe(200)
    expect(answer.body.uploadUrl).toBe(`${h.url}/api/v1/uploads`)
  })
})

describe('sign-in limits behind a configured proxy (issue 11.1)', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness('pglite', {
      server: {
        trustProxy: '127.0.0.1',
        publicUrl: 'https://kefu.example.com/',
        httpLimits: { loginBurst: 5, loginPerSecond: 0.001, signInFreeFailures: 3, signInDelayMs: 300, signInMaxDelayMs: 1200 },
      },
    })
  })
  afterAll(() => h?.close())

  it('the proxy’s X-Forwarded-For is the client address: one address is limited, another is not', async () => {
    let attempt = 0
    const from = (address: string) => login(h, `someone-${++attempt}@example.com`, 'wrong password', { 'x-forwarded-for': address })
    const first: number[] = []
    for (let i = 0; i < 6; i++) first.push((await from('192.0.2.10')).status)
    expect(first).toEqual([401, 401, 401, 401, 401, 429])
    expect((await from('192.0.2.11')).status).toBe(401)
  })

  it('guesses at one account from many addresses meet a growing delay, capped, and the owner still gets in', async () => {
    const account = h.adminEmail
    let address = 0
    const guess = () => login(h, account, 'not the password', { 'x-forwarded-for': `198.51.100.${++address}` })
    // The free failures.
    for (let i = 0; i < 3; i++) expect((await guess()).status).toBe(401)
    // Now each failure buys a wait before the next attempt: 300 ms, 600 ms, 1200 ms, then 1200 ms (the cap).
    const waits: number[] = []
    for (let round = 0; round < 4; round++) {
      const refused = await guess()
      expect(refused.status).toBe(429)
      expect(refused.body.error.code).toBe('rate_limited')
      expect(refused.body.error.message).toMatch(/this account/)
      const started = Date.now()
      let answer = refused
      while (answer.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        answer = await guess()
      }
      expect(answer.status).toBe(401)
      waits.push(Date.now() - started)
    }
    expect(waits[0]).toBeGreaterThanOrEqual(150)
    expect(waits[1]).toBeGreaterThan(waits[0]! + 100)
    expect(waits[2]).toBeGreaterThan(waits[1]! + 200)
    expect(waits[3]).toBeLessThan(waits[2]! + 800)
    // While the delay runs the right password is refused too, with Retry-After; after it, the owner signs in.
    const early = await fetch(`${h.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.200' },
      body: JSON.stringify({ email: account, password: PASSWORD }),
    })
    expect(early.status).toBe(429)
    const retryAfter = Number(early.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(2)
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000))
    expect((await login(h, account, PASSWORD, { 'x-forwarded-for': '192.0.2.200' })).status).toBe(200)
    // Another account is not slowed by any of this.
    const other = await h.addAgent({ email: `other-${h.companyId}@example.com`, name: 'Other' })
    expect(other.token).toEqual(expect.any(String))
  })

  it('with a public URL configured, upload URLs use it whatever the request says', async () => {
    const storage = memoryStorage()
    const visitor = h.visitor({ storage })
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().ready).toBe(true))
    const token = storage.getItem(`kefu:${h.companyId}:visitorToken`)!
    const answer = await h.http('POST', '/api/v1/visitor/upload-credentials', { token, body: {}, headers: { 'x-forwarded-host': 'evil.example' } })
    expect(answer.body.uploadUrl).toBe('https://kefu.example.com/api/v1/uploads')
  })
})
