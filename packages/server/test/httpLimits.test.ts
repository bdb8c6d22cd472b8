import { memoryStorage } from '@kefu/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type Harness } from './harness'

describe.each(DATABASES)('HTTP rate limits (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database, { server: { httpLimits: { loginBurst: 3, loginPerSecond: 0.001, uploadBurst: 2, uploadsPerSecond: 0.001 } } })
  })
  afterAll(() => h?.close())

  it('slows password guessing per client address, with a JSON 429', async () => {
    for (let i = 0; i < 3; i++) {
      const wrong = await h.http('POST', '/api/v1/auth/login', { body: { email: h.adminEmail, password: `guess ${i}` } })
      expect(wrong.status).toBe(401)
    }
    const limited = await h.http('POST', '/api/v1/auth/login', { body: { email: h.adminEmail, password: 'correct horse battery' } })
    expect(limited).toEqual({ status: 429, body: { error: { code: 'rate_limited', message: 'too many sign-in attempts; wait a minute and try again' } } })
  })

  it('limits upload credentials per visitor', async () => {
    const storage = memoryStorage()
    const visitor = h.visitor({ storage })
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().ready).toBe(true))
    const token = storage.getItem(`kefu:${h.companyId}:visitorToken`)!
    const ask = () => h.http('POST', '/api/v1/visitor/upload-credentials', { token, body: { name: 'a.png', size: 10, mimeType: 'image/png' } })
    expect((await ask()).status).toBe(200)
    expect((await ask()).status).toBe(200)
    const limited = await ask()
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('rate_limited')
  })
})
