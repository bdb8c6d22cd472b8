import type { WebSocket } from 'ws'
import { describe, expect, it } from 'vitest'
import { corkedSend } from '../src/realtime/corkedSend'

/** A stand-in for ws's socket: records what reaches the network socket, and when it is corked. */
function fakeSocket() {
  const log: string[] = []
  let corked = 0
  const raw = {
    destroyed: false,
    cork: () => void (corked++, log.push('cork')),
    uncork: () => void (corked--, log.push('uncork')),
  }
  return { socket: { _socket: raw } as unknown as WebSocket, log, corked: () => corked }
}

describe('corkedSend', () => {
  it('corks once for the frames of one go of the event loop, in order, and uncorks before any I/O', async () => {
    const { socket, log, corked } = fakeSocket()
    const send = corkedSend(socket, (f) => log.push(`send ${(f as { n: number }).n}`))
    send({ n: 1 })
    await Promise.resolve()
    send({ n: 2 })
    send({ n: 3 })
    expect(corked()).toBe(1)
    await new Promise((resolve) => setImmediate(resolve))
    expect(corked()).toBe(0)
    expect(log).toEqual(['cork', 'send 1', 'send 2', 'send 3', 'uncork'])
    send({ n: 4 })
    await new Promise((resolve) => setImmediate(resolve))
    expect(log.slice(5)).toEqual(['cork', 'send 4', 'uncork'])
  })

  it('sends as it is without a network socket', () => {
    const sent: object[] = []
    corkedSend({} as WebSocket, (f) => sent.push(f))({ n: 1 })
    expect(sent).toEqual([{ n: 1 }])
  })
})
