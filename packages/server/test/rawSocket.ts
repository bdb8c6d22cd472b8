import { WebSocket } from 'ws'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames of either side, read as JSON
type Frame = any

/**
 * A WebSocket that bypasses `@kefu/core`: sends whatever it is given (bad JSON, binary, huge frames)
 * and records every frame and the close code, for tests of what the server refuses.
 */
export class RawSocket {
  readonly frames: Frame[] = []
  readonly closed: Promise<{ code: number; reason: string }>
  readonly #waiters = new Set<() => void>()
  #ids = 0

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      this.frames.push(isBinary ? { type: '<binary>' } : JSON.parse(String(data)))
      for (const wake of [...this.#waiters]) wake()
    })
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })))
  }

  /** Opens `<wsUrl>/ws/visitor` (or `/ws/agent`), with extra request headers if given (`X-Forwarded-For`). */
  static async open(url: string, headers?: Record<string, string>): Promise<RawSocket> {
    const socket = new WebSocket(url, headers ? { headers } : {})
    const raw = new RawSocket(socket)
    await new Promise((resolve, reject) => {
      socket.once('open', resolve)
      socket.once('error', reject)
    })
    return raw
  }

  /** Objects are sent as JSON text; strings and buffers as they are. */
  send(frame: object | string | Buffer, options: { binary?: boolean } = {}): void {
    const data = typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame)
    this.socket.send(data, { binary: options.binary ?? false })
  }

  /** A visitor `hello`; resolves with the `welcome` or the error frame. */
  async hello(companyId: string, visitorToken?: string): Promise<Frame> {
    const from = this.frames.length
    this.send({ type: 'hello', v: 1, companyId, lastSeq: 0, ...(visitorToken ? { visitorToken } : {}) })
    return this.waitFor((f) => f.type === 'welcome' || f.type === 'error', { from })
  }

  /** Sends a frame with a fresh `cid`; resolves with its `ack` or `error` frame (it never throws on an error frame). */
  async request(frame: object): Promise<Frame> {
    const cid = `raw-${++this.#ids}-${Math.random().toString(36).slice(2, 8)}`
    this.send({ ...frame, cid })
    return this.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.cid === cid)
  }

  /** The first frame after `from` (an index into `frames`) that matches, already received or still to come. */
  waitFor(match: (frame: Frame) => boolean, { from = 0, timeoutMs = 5000 }: { from?: number; timeoutMs?: number } = {}): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.slice(from).find(match)
        if (found === undefined) return false
        this.#waiters.delete(wake)
        clearTimeout(timer)
        resolve(found)
        return true
      }
      const wake = () => void check()
      const timer = setTimeout(() => {
        this.#waiters.delete(wake)
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(from)).slice(0, 500)}`))
      }, timeoutMs)
      if (!check()) this.#waiters.add(wake)
    })
  }

  close(): void {
    this.socket.terminate()
  }
}
