import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { corkForTurn } from '../src/realtime/corkForTurn'

describe('corkForTurn', () => {
  let server: WebSocketServer | undefined
  afterEach(() => server?.close())

  /** A connected pair; counts the writes the server side hands to its TCP socket. */
  async function pair() {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await new Promise((resolve) => server!.once('listening', resolve))
    const accepted = new Promise<WebSocket>((resolve) => server!.once('connection', resolve))
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`)
    const received: string[] = []
    client.on('message', (data) => received.push(String(data)))
    await new Promise((resolve) => client.once('open', resolve))
    const ws = await accepted
    const stream = (ws as unknown as { _socket: Duplex & { _writev?: unknown; _write: unknown } })._socket
    let writes = 0
    for (const method of ['_write', '_writev'] as const) {
      const original = stream[method] as ((...args: unknown[]) => unknown) | undefined
      if (original) stream[method] = (...args: unknown[]) => (writes++, original.apply(stream, args))
    }
    return { ws, client, received, writes: () => writes }
  }

  it('sends the frames of one turn in one write, and the next turn’s in another', async () => {
    const { ws, client, received, writes } = await pair()
    for (const text of ['ack', 'echo', 'unread']) {
      corkForTurn(ws)
      ws.send(text)
    }
    expect(writes()).toBe(0)
    await nextTurn()
    expect(writes()).toBe(1)
    corkForTurn(ws)
    ws.send('later')
    await nextTurn()
    expect(writes()).toBe(2)
    await expect.poll(() => received, { timeout: 5000 }).toEqual(['ack', 'echo', 'unread', 'later'])
    client.close()
  })

  it('without it, each frame is a write of its own (what it saves)', async () => {
    const { ws, client, writes } = await pair()
    for (const text of ['ack', 'echo', 'unread']) ws.send(text)
    await nextTurn()
    expect(writes()).toBe(3)
    client.close()
  })

  it('leaves a closed socket alone', async () => {
    const { ws, client } = await pair()
    const closed = new Promise((resolve) => ws.once('close', resolve))
    client.terminate()
    await closed
    expect(() => corkForTurn(ws)).not.toThrow()
  })
})
