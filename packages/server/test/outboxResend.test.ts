import { websocketTransport } from '@kefu/core/websocket'
import type { ErrorFrame } from '@kefu/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { DATABASES, eventually, startHarness, type Harness } from './harness'

/** A `ws` WebSocket that records the error frames the server answers, to count refusals. */
function recordingSocket(refusals: ErrorFrame[]) {
  return class extends WebSocket {
    constructor(url: string) {
      super(url)
      this.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string }
        if (frame.type === 'error') refusals.push(frame as ErrorFrame)
      })
    }
  }
}

/**
 * A visitor whose connection dies writes more messages than the server's burst allows (40 frames per
 * connection, then 20 a second); after the reconnect every one of them must be stored, once, in order.
 */
async function writeThroughReconnect(h: Harness, count: number) {
  const agent = await h.addAgent({ email: `ada-${count}-${h.companyId}@example.com`, name: 'Ada', capacity: 10 })
  await h.agent(agent.token)
  const refusals: ErrorFrame[] = []
  const visitor = h.visitor({
    transport: websocketTransport({
      url: `${h.wsUrl}/ws/visitor`,
      WebSocket: recordingSocket(refusals) as never,
      // Long enough that the messages below are written while the connection is down.
      backoff: { initialMs: 300, maxMs: 600 },
    }),
  })
  visitor.connect()
  await visitor.requestChat()
  await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))

  // Seen as an event: on a fast machine the snapshot may be online again before a poll would look.
  const states: string[] = []
  visitor.on('connectionChange', ({ connection }) => states.push(connection))
  expect(h.server.terminateConnections()).toBeGreaterThan(0)
  await eventually(() => expect(states).toContain('reconnecting'))
  const texts = Array.from({ length: count }, (_, i) => `message ${i + 1}`)
  const sends = texts.map((text) => visitor.send(text))
  await Promise.all(sends)

  const history = await h.http('GET', `/api/v1/visitors/${visitor.getSnapshot().visitorId}/messages?limit=500`, { token: agent.token })
  expect(history.status).toBe(200)
  const stored: string[] = history.body.filter((m: { sender: string }) => m.sender === 'visitor').map((m: { body: { text: string } }) => m.body.text)
  // Each once, in order: a refused one is not overtaken by those sent behind it (the server holds them).
  expect(stored).toEqual(texts)
  const mine = visitor.getSnapshot().messages.filter((m) => m.sender === 'visitor')
  expect(mine.map((m) => m.state)).toEqual(texts.map(() => 'sent'))
  expect(mine).toHaveLength(count)
  return { refusals }
}

describe.each(DATABASES)('the outbox after a reconnect (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  it('resends 100 messages at a pace the server accepts: all stored once, in order, none refused', { timeout: 60_000 }, async () => {
    const { refusals } = await writeThroughReconnect(h, 100)
    expect(refusals).toEqual([])
  })
})

// Retrying is the client's logic, the same on either database: PGlite is enough.
describe('the outbox against a stricter server', () => {
  let h: Harness
  beforeAll(async () => {
    // Far below what the client paces for: refusals are certain, and each must be retried.
    h = await startHarness('pglite', { server: { limits: { frameBurst: 10, framesPerSecond: 5 } } })
  })
  afterAll(() => h?.close())

  it('retries every rate_limited refusal with backoff until each of 40 messages is stored once, in order', { timeout: 90_000 }, async () => {
    const { refusals } = await writeThroughReconnect(h, 40)
    expect(refusals.length).toBeGreaterThan(0)
    expect(new Set(refusals.map((r) => r.code))).toEqual(new Set(['rate_limited']))
  })
})
