import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKefuServer, type KefuServer } from '../../src/createKefuServer'
import { startHarness, type Harness } from '../harness'
import { CLUSTER, REDIS_URL, redisPrefix } from './clusterEnv'

const LIMITS = { loginBurst: 6, loginPerSecond: 0.001, signInFreeFailures: 2, signInDelayMs: 5000, signInMaxDelayMs: 5000 }

// Limits count in Redis in cluster mode: spreading requests over processes gains nothing (issue 11.1, 11.11).
describe.skipIf(!CLUSTER)('limits across the processes of a cluster', () => {
  let h: Harness
  let other: KefuServer
  let otherUrl: string
  const prefix = redisPrefix()
  beforeAll(async () => {
    h = await startHarness('postgres', { server: { redisUrl: REDIS_URL, redisPrefix: prefix, httpLimits: LIMITS } })
    other = await createKefuServer({ logLevel: 'silent', databaseUrl: h.databaseUrl!, redisUrl: REDIS_URL, redisPrefix: prefix, httpLimits: LIMITS })
    otherUrl = await other.listen()
  })
  afterAll(async () => {
    await other?.close()
    await h?.close()
  })

  const login = async (base: string, email: string, password: string) =>
    (
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
    ).status

  it('sign-in attempts from one address are counted by every process together', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push(await login(i % 2 ? otherUrl : h.url, `nobody-${i}@example.com`, 'wrong'))
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429])
  })
})

describe.skipIf(!CLUSTER)('the per-account sign-in delay across processes', () => {
  let h: Harness
  let other: KefuServer
  let otherUrl: string
  const prefix = redisPrefix()
  beforeAll(async () => {
    h = await startHarness('postgres', { server: { redisUrl: REDIS_URL, redisPrefix: prefix, httpLimits: { ...LIMITS, loginBurst: 1000 } } })
    other = await createKefuServer({ logLevel: 'silent', databaseUrl: h.databaseUrl!, redisUrl: REDIS_URL, redisPrefix: prefix, httpLimits: { ...LIMITS, loginBurst: 1000 } })
    otherUrl = await other.listen()
  })
  afterAll(async () => {
    await other?.close()
    await h?.close()
  })

  it('failures on one process delay attempts on the other', async () => {
    const login = async (base: string) =>
      (
        await fetch(`${base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: h.adminEmail, password: 'wrong' }),
        })
      ).status
    expect([await login(h.url), await login(otherUrl), await login(h.url), await login(otherUrl)]).toEqual([401, 401, 429, 429])
  })
})

describe.skipIf(!CLUSTER)('WebSocket flood limits across processes', () => {
  const FLOOD = { framesPerSecond: 1000, frameBurst: 1000, visitorFramesPerSecond: 1, visitorFrameBurst: 20, addressFrameBurst: 100_000, newVisitorsPerAddressPerMinute: 100_000 }
  let h: Harness
  let other: KefuServer
  let otherWs: string
  const prefix = redisPrefix()
  beforeAll(async () => {
    h = await startHarness('postgres', { server: { redisUrl: REDIS_URL, redisPrefix: prefix, limits: FLOOD } })
    other = await createKefuServer({ logLevel: 'silent', databaseUrl: h.databaseUrl!, redisUrl: REDIS_URL, redisPrefix: prefix, limits: FLOOD })
    otherWs = (await other.listen()).replace(/^http/, 'ws')
  })
  afterAll(async () => {
    await other?.close()
    await h?.close()
  })

  it('one visitor connected to two processes has one budget', async () => {
    const { RawSocket } = await import('../rawSocket')
    const a = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await a.hello(h.companyId)
    const b = await RawSocket.open(`${otherWs}/ws/visitor`)
    expect((await b.hello(h.companyId, welcome.visitorToken)).type).toBe('welcome')
    const answers = await Promise.all(
      [a, b].flatMap((socket, s) => Array.from({ length: 20 }, (_, i) => socket.request({ type: 'message.send', body: { type: 'text', text: `${s}-${i}` } }))),
    )
    const acked = answers.filter((f) => f.type === 'ack').length
    expect(acked).toBeLessThanOrEqual(20)
    expect(answers.filter((f) => f.type === 'error').every((f) => f.code === 'rate_limited')).toBe(true)
    a.close()
    b.close()
  })
})
