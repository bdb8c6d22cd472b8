import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'

const corked = new WeakSet<Duplex>()

/**
 * Holds a socket's writes until the end of this turn of the event loop, so the frames sent to it in one
 * turn (an ack and the echo of a message; an agent's many chats answered by one group commit) leave in one
 * write. Every write is a system call, and on loopback the kernel does the receiving side's work in it too:
 * one write per frame was 40 % of the server's busy time under load.
 */
export function corkForTurn(ws: WebSocket): void {
  // `ws` keeps the connection's stream in `_socket` and documents no public accessor for it.
  const stream = (ws as unknown as { _socket?: Duplex })._socket
  if (!stream || corked.has(stream) || stream.destroyed) return
  corked.add(stream)
  stream.cork()
  setImmediate(() => {
    corked.delete(stream)
    stream.uncork()
  })
}
