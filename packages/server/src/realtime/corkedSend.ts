import type { WebSocket } from 'ws'

/**
 * `send`, with the frames sent to `socket` in one go of the event loop written to the network together:
 * the socket is corked at the first one and uncorked once the current callbacks and promise jobs have run
 * (`process.nextTick`), so no frame waits for I/O. Without it every frame costs a system call of its own,
 * which dominated the CPU of a reconnect wave (each visitor's arrival goes to every agent of its company).
 */
export function corkedSend(socket: WebSocket, send: (frame: object) => void): (frame: object) => void {
  // ws has no cork of its own; its frames go to the underlying net.Socket, which buffers while corked.
  const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void; destroyed?: boolean } })._socket
  if (!raw || typeof raw.cork !== 'function') return send
  let corked = false
  const uncork = () => {
    corked = false
    raw.uncork()
  }
  return (frame) => {
    if (!corked && !raw.destroyed) {
      corked = true
      raw.cork()
      process.nextTick(uncork)
    }
    send(frame)
  }
}
