import { KefuError, type KefuErrorCode } from '../errors'
import type { UploadedFile } from '../message'
import type { ServerFrame } from '../protocol'
import type { Transport, TransportHandlers } from '../transport'

/**
 * The part of a WebSocket this transport uses; the browser's and `ws`'s both fit. Event
 * parameters are `never` so either library's own event types can be assigned.
 */
export interface WebSocketLike {
  readonly readyState: number
  onopen: ((event: never) => void) | null
  onmessage: ((event: never) => void) | null
  onclose: ((event: never) => void) | null
  onerror: ((event: never) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

export type WebSocketConstructorLike = new (url: string) => WebSocketLike

export interface WebsocketTransportOptions {
  /** ws(s) URL of the server's visitor endpoint, e.g. `wss://kefu.example.com/ws/visitor`. */
  readonly url: string
  /** http(s) base for uploads; default: derived from `url` (ws→http, wss→https, origin only). */
  readonly httpUrl?: string
  /** WebSocket constructor; default `globalThis.WebSocket` (pass `ws`'s in Node 20). */
  readonly WebSocket?: WebSocketConstructorLike
  readonly fetch?: typeof fetch
  /**
   * Reconnect backoff: full jitter, delay = random(0, min(maxMs, initialMs * 2^attempt)). Defaults 500 / 30000.
   * After close code 1012 (the server restarting) it is random(0, min(maxMs, 2000)), and the attempts do not grow.
   */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number }
  /** Ping interval; no frame for 2 intervals means the link is dead → close and reconnect. Default 25000. */
  readonly heartbeatMs?: number
  /** Injectable for tests: `random()` in [0,1). */
  readonly random?: () => number
}

/** What `POST /api/v1/visitor/upload-credentials` answers. */
interface UploadCredentials {
  readonly uploadUrl: string
  readonly token: string
  readonly expiresAt: number
  readonly maxBytes: number
  readonly allowedTypes?: readonly string[]
}

/** Close codes after which retrying cannot help: bad protocol, unauthorized, forbidden, unknown company. */
const FINAL_CLOSE_CODES = [4400, 4401, 4403, 4404]

type Timer = ReturnType<typeof setTimeout>

/**
 * The transport that talks to `@kefu/server` over a WebSocket. It keeps the link up (heartbeat,
 * reconnect with jittered backoff, waiting for the network to come back) but neither buffers nor
 * resends frames: the chat client resends what is unacknowledged after each `welcome`.
 */
export function websocketTransport(options: WebsocketTransportOptions): Transport {
  const { url, backoff, heartbeatMs = 25_000, random = Math.random } = options
  let handlers: TransportHandlers | undefined
  let socket: WebSocketLike | undefined
  let token: string | undefined
  let attempt = 0
  let retry: Timer | undefined
  let ping: Timer | undefined
  let watchdog: Timer | undefined
  let unwatch: (() => void) | undefined

  /** Stops the current socket's timers and forgets it; its late events are ignored. `all` also forgets the handlers. */
  function halt(all?: boolean): void {
    clearTimeout(retry)
    clearTimeout(watchdog)
    clearInterval(ping)
    socket = undefined
    if (all) {
      unwatch?.()
      unwatch = handlers = undefined
    }
  }

  function dial(): void {
    clearTimeout(retry)
    const g = globalThis as { navigator?: Navigator; window?: Window; WebSocket?: WebSocketConstructorLike }
    // Offline with a window to tell us when that ends: wait for `online` instead of burning attempts.
    if (!handlers || socket || (g.navigator?.onLine === false && g.window)) return
    const Socket = options.WebSocket ?? g.WebSocket
    if (!Socket) throw new KefuError('unsupported', 'no global WebSocket: pass one')
    const s = (socket = new Socket(url))
    const alive = () => {
      clearTimeout(watchdog)
      watchdog = setTimeout(() => {
        s.close(4000, 'heartbeat timeout')
        lost(s, 'heartbeat timeout')
      }, 2 * heartbeatMs)
    }
    s.onopen = () => {
      if (s !== socket) return
      alive()
      ping = setInterval(() => s.send('{"type":"ping"}'), heartbeatMs)
      handlers!.open()
    }
    s.onmessage = (event: { data: unknown }) => {
      if (s !== socket) return
      alive()
      let frame: ServerFrame | undefined
      try {
        frame = JSON.parse(String(event.data))
      } catch {
        return
      }
      if (typeof frame?.type !== 'string') return
      if (frame.type === 'welcome') {
        attempt = 0
        token = frame.visitorToken
      }
      handlers!.frame(frame)
    }
    s.onclose = (event: { code: number; reason: string }) => lost(s, event.reason || `closed (${event.code})`, event.code)
    // An error is followed by a close; whichever comes first counts, once.
    s.onerror = () => lost(s, 'error')
  }

  function lost(s: WebSocketLike, reason: string, code?: number): void {
    if (s !== socket) return
    const h = handlers!
    const reconnecting = !FINAL_CLOSE_CODES.includes(code!)
    halt(!reconnecting)
    // Scheduled before telling the client, so a `disconnect()` from its handler cancels it.
    // 1012 (restarting): the server is stopping and another is taking over, so this is no failure: come back
    // soon, each client at a random moment within 2 s, so thousands do not all reconnect at once.
    if (reconnecting) {
      const max = backoff?.maxMs ?? 30_000
      retry = setTimeout(dial, random() * Math.min(max, code === 1012 ? 2000 : (backoff?.initialMs ?? 500) * 2 ** attempt++))
    }
    h.close({ reconnecting, reason })
  }

  async function post<T>(to: string, base: string, init: RequestInit): Promise<T> {
    const response = await (options.fetch ?? fetch)(new URL(to, base), { ...init, method: 'POST' })
    const body = await response.json().catch(() => undefined)
    if (response.ok) return body
    const error = body?.error
    throw new KefuError(
      (error?.code as KefuErrorCode) ?? 'server_error',
      error?.message ?? `HTTP ${response.status}`,
    )
  }

  function disconnect(): void {
    const s = socket
    halt(true)
    s?.close(1000)
  }

  return {
    connect(next) {
      disconnect()
      handlers = next
      attempt = 0
      const w = (globalThis as { window?: Window }).window
      // Back online: dial now rather than when the backoff timer fires.
      if (w) {
        w.addEventListener('online', dial)
        unwatch = () => w.removeEventListener('online', dial)
      }
      dial()
    },

    send(frame) {
      if (socket?.readyState === 1) socket.send(JSON.stringify(frame))
    },

    disconnect,

    async upload(file, name) {
      if (!token) throw new KefuError('unauthorized', 'not connected')
      const base = (options.httpUrl ?? new URL(url).origin.replace(/^ws/, 'http')).replace(/\/?$/, '/')
      const type = file.type || 'application/octet-stream'
      const credentials = await post<UploadCredentials>('api/v1/visitor/upload-credentials', base, {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, size: file.size, mimeType: type }),
      })
      const allowed = credentials.allowedTypes ?? []
      if (file.size > credentials.maxBytes) {
        throw new KefuError('payload_too_large', `${name}: over ${credentials.maxBytes} bytes`)
      }
      if (allowed.length && !allowed.some((t) => t === type || (t.endsWith('/*') && type.startsWith(t.slice(0, -1))))) {
        throw new KefuError('invalid_argument', `${name}: ${type} not allowed`)
      }
      return post<UploadedFile>(credentials.uploadUrl, base, {
        headers: { 'content-type': type, 'x-kefu-upload-token': credentials.token, 'x-kefu-file-name': encodeURIComponent(name) },
        body: file,
      })
    },
  }
}
