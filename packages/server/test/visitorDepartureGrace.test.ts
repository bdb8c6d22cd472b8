import { afterEach, describe, expect, it, vi } from 'vitest'
import { eventually, startHarness, type AgentTestClient, type Harness } from './harness'
import { RawSocket } from './rawSocket'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames read as JSON
type Json = any

/**
 * A visitor's last connection closing is not news for the agents until it stays closed: in a shop whose
 * pages are not one app, every page the visitor opens closes a connection and opens the next.
 */
describe('agents hear a visitor left only after its grace period', () => {
  let h: Harness | undefined
  let desk: AgentTestClient | undefined
  afterEach(async () => {
    desk?.close()
    await h?.close()
    h = undefined
  })

  async function start(visitorGraceMs: number): Promise<{ h: Harness; desk: AgentTestClient }> {
    h = await startHarness('pglite', { server: { visitorGraceMs } })
    const amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    desk = await h.agent(amy.token)
    return { h, desk }
  }

  const visitorFrames = (desk: AgentTestClient, visitorId: string, from: number): Json[] =>
    desk.frames.slice(from).filter((f: Json) => f.type === 'visitor' && f.visitor.visitorId === visitorId)

  it('a visitor back within it (the next page) is never shown offline; one that stays away is, once', async () => {
    // Long enough that the reconnect below lands inside it on a loaded machine.
    const { h, desk } = await start(4_000)
    const first = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await first.hello(h.companyId)
    const { visitorId, visitorToken } = welcome
    await desk.waitFor((f: Json) => f.type === 'visitor' && f.visitor.visitorId === visitorId && f.visitor.online === true, 20_000)

    const from = desk.frames.length
    const closedAt = Date.now()
    first.close()
    // The next page's window connects with the visitor's token.
    const next = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const again = await next.hello(h.companyId, visitorToken)
    expect(again.visitorId).toBe(visitorId)
    expect(Date.now() - closedAt).toBeLessThan(4_000)

    // Now it leaves for good: the agents hear it once the grace period has passed, and that is all they heard.
    const leftAt = Date.now()
    next.close()
    await desk.waitFor((f: Json) => desk.frames.indexOf(f) >= from && f.type === 'visitor' && f.visitor.visitorId === visitorId && f.visitor.online === false, 30_000)
    expect(Date.now() - leftAt).toBeGreaterThanOrEqual(3_900)
    expect(visitorFrames(desk, visitorId, from).map((f) => f.visitor.online)).toEqual([false])
  }, 60_000)

  it('on shutdown, the visitors still in their grace period are told at once, before the database closes', async () => {
    const { h: harness } = await start(60_000)
    const socket = await RawSocket.open(`${harness.wsUrl}/ws/visitor`)
    const { visitorId } = await socket.hello(harness.companyId)
    await eventually(async () => expect(await harness.server.context.chat.presence.visitorConnections(harness.companyId, visitorId)).toBe(1), 20_000)
    const told = vi.spyOn(harness.server.context.chat.visitors, 'publish')
    socket.close()
    await eventually(async () => expect(await harness.server.context.chat.presence.visitorConnections(harness.companyId, visitorId)).toBe(0), 20_000)
    expect(told).not.toHaveBeenCalled()
    // Closed here, not after the test: the spy reads what close() did.
    h = undefined
    await harness.close()
    expect(told).toHaveBeenCalledWith(expect.any(String), visitorId)
    await expect(told.mock.results[0]!.value).resolves.toBeUndefined()
  }, 60_000)
})
