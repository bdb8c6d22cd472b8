import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { createChat, KefuError, memoryStorage, type ChatMessage, type ClientFrame, type ServerFrame, type Transport, type TransportHandlers } from '@kefu/core'
import { websocketTransport, type WebsocketTransportOptions } from '@kefu/core/websocket'
import { fakeVisibility, welcome } from './helpers'

// Kept before any spy replaces the global.
const realSetTimeout = setTimeout
const sleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms))

async function until(check: () => unknown, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${check.toString()}`)
    await sleep(2)
  }
}

type HttpRoute = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void

interface TestServer {
  readonly port: number
  readonly url: string
  /** Every connection so far, in order. */
  readonly sockets: WebSocket[]
  /** Frames received, per connection. */
  readonly received: ClientFrame[][]
  close(): Promise<void>
}

const cleanups: Array<() => unknown> = []

afterEach(async () => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** An HTTP server with a WebSocket endpoint at `/ws/visitor`, on 127.0.0.1. */
async function startServer(
  onSocket: (ws: WebSocket, index: number) => void = () => {},
  { port = 0, http = {} as Record<string, HttpRoute> } = {},
): Promise<TestServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const route = http[`${req.method} ${req.url}`]
      if (route) return route(req, Buffer.concat(chunks), res)
      res.writeHead(404).end()
    })
  })
  const wss = new WebSocketServer({ server, path: '/ws/visitor' })
  const sockets: WebSocket[] = []
  const received: ClientFrame[][] = []
  wss.on('connection', (ws) => {
    const index = sockets.push(ws) - 1
    received.push([])
    ws.on('message', (data) => received[index]!.push(JSON.parse(String(data)) as ClientFrame))
    onSocket(ws, index)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const actual = (server.address() as AddressInfo).port
  const close = async () => {
    for (const ws of wss.clients) ws.terminate()
    wss.close()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  cleanups.push(close)
  return { port: actual, url: `ws://127.0.0.1:${actual}/ws/visitor`, sockets, received, close }
}

/** Handlers that write down what the transport reports, with timestamps. */
function recorder() {
  const opens: number[] = []
  const frames: ServerFrame[] = []
  const closes: Array<{ at: number; reconnecting: boolean; reason?: string }> = []
  const handlers: TransportHandlers = {
    open: () => void opens.push(Date.now()),
    frame: (frame) => void frames.push(frame),
    close: (info) => void closes.push({ at: Date.now(), ...info }),
  }
  return { handlers, opens, frames, closes }
}

function transport(options: WebsocketTransportOptions): Transport {
  const t = websocketTransport({ WebSocket, random: () => 0.5, backoff: { initialMs: 10 }, ...options })
  cleanups.push(() => t.disconnect())
  return t
}

const send = (ws: WebSocket, frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame))

describe('websocketTransport', () => {
  it('passes frames both ways and drops malformed server frames without throwing', async () => {
    const server = await startServer((ws) => {
      for (const junk of ['not json', '{"type":', '42', 'null', '"welcome"', '{"no":"type"}']) send(ws, junk)
      send(ws, { type: 'pong' })
      send(ws, { type: 'typing', typing: true })
    })
    const t = transport({ url: server.url })
    const r = recorder()
    t.send({ type: 'typing', typing: true }) // not connected: dropped, no throw
    t.connect(r.handlers)
    await until(() => r.opens.length === 1)
    t.send({ type: 'read', seq: 3 })
    t.send({ type: 'typing', typing: false })
    await until(() => r.frames.length === 2 && server.received[0]?.length === 2)
    expect(r.frames).toEqual([{ type: 'pong' }, { type: 'typing', typing: true }])
    expect(server.received[0]).toEqual([
      { type: 'read', seq: 3 },
      { type: 'typing', typing: false },
    ])
    expect(r.closes).toEqual([])
  })

  it('reconnects after the server kills the socket, with full-jitter backoff reset by a welcome', async () => {
    // Connections 0–2 are killed at once, 3 is welcomed and then killed, 4 stays.
    const server = await startServer((ws, i) => {
      if (i === 3) send(ws, welcome())
      if (i < 3) ws.terminate()
      else if (i === 3) realSetTimeout(() => ws.terminate(), 20)
    })
    const timeouts = vi.spyOn(globalThis, 'setTimeout')
    const t = transport({ url: server.url, backoff: { initialMs: 100 }, heartbeatMs: 60_000 })
    const r = recorder()
    t.connect(r.handlers)
    await until(() => server.sockets.length === 5 && r.opens.length >= 2, 3000)
    await sleep(30)
    // One reconnect per lost connection, never several.
    expect(server.sockets).toHaveLength(5)
    expect(r.closes.map((c) => c.reconnecting)).toEqual([true, true, true, true])
    // random() = 0.5: 50, 100, 200 ms, then back to 50 after the welcome.
    const backoffs = timeouts.mock.calls.map(([, ms]) => ms).filter((ms) => ms !== undefined && ms < 1000)
    expect(backoffs).toEqual([50, 100, 200, 50])
    expect(r.frames[0]).toMatchObject({ type: 'welcome' })
    // The real wait honours that delay.
    expect(r.opens.at(-1)! - r.closes[3]!.at).toBeGreaterThanOrEqual(45)
  })

  it('comes back soon after a restarting close (1012), at a random moment within 2 s, however many failures came before', async () => {
    // Connections 0–2 are killed (backoff grows), 3 is closed with 1012 (restarting), 4 stays.
    const server = await startServer((ws, i) => {
      if (i < 3) ws.terminate()
      else if (i === 3) ws.close(1012, 'restarting')
    })
    const timeouts = vi.spyOn(globalThis, 'setTimeout')
    const t = transport({ url: server.url, random: () => 0.01, backoff: { initialMs: 100 }, heartbeatMs: 60_000 })
    const r = recorder()
    t.connect(r.handlers)
    await until(() => server.sockets.length === 5 && r.opens.length >= 2, 3000)
    expect(r.closes.map((c) => c.reconnecting)).toEqual([true, true, true, true])
    // random() = 0.01: 1, 2, 4 ms for the failures, then 1% of 2 s (not of 800 ms) for the restart.
    const delays = timeouts.mock.calls.map(([, ms]) => ms).filter((ms): ms is number => ms !== undefined && ms < 10_000)
    expect(delays.map((ms) => Math.round(ms))).toEqual([1, 2, 4, 20])
  })

  it('never waits longer than maxMs after a restarting close', async () => {
    const server = await startServer((ws, i) => {
      if (i === 0) ws.close(1012, 'restarting')
    })
    const timeouts = vi.spyOn(globalThis, 'setTimeout')
    const t = transport({ url: server.url, random: () => 0.99, backoff: { initialMs: 10, maxMs: 200 }, heartbeatMs: 60_000 })
    const r = recorder()
    t.connect(r.handlers)
    await until(() => r.opens.length === 2, 3000)
    const delays = timeouts.mock.calls.map(([, ms]) => ms).filter((ms): ms is number => ms !== undefined && ms < 10_000)
    expect(delays.map((ms) => Math.round(ms))).toEqual([198])
  })

  it('keeps retrying an unreachable server with growing delays, then connects once it listens', async () => {
    const probe = await startServer()
    const port = probe.port
    await probe.close()
    const timeouts = vi.spyOn(globalThis, 'setTimeout')
    const t = transport({ url: `ws://127.0.0.1:${port}/ws/visitor`, random: () => 0.99, backoff: { initialMs: 20, maxMs: 160 }, heartbeatMs: 60_000 })
    const r = recorder()
    t.connect(r.handlers)
    await until(() => r.closes.length >= 4, 3000)
    // Not a tight loop, not given up: each refusal schedules one retry, with growing delays up to the cap.
    expect(r.closes.every((c) => c.reconnecting)).toBe(true)
    const delays = timeouts.mock.calls.map(([, ms]) => ms).filter((ms): ms is number => ms !== undefined && ms < 1000)
    expect(delays.slice(0, 4).map(Math.round)).toEqual([20, 40, 79, 158])
    expect(delays.length).toBeGreaterThanOrEqual(r.closes.length - 1)
    expect(delays.length).toBeLessThanOrEqual(r.closes.length)
    expect(r.opens).toEqual([])
    const server = await startServer(() => {}, { port })
    await until(() => r.opens.length === 1, 1000)
    expect(server.sockets).toHaveLength(1)
  })

  it('stops for good on 4401, 4403, 4400 and 4404', async () => {
    for (const code of [4401, 4403, 4400, 4404]) {
      const server = await startServer((ws) => ws.close(code, 'no entry'))
      const t = transport({ url: server.url })
      const r = recorder()
      t.connect(r.handlers)
      await until(() => r.closes.length === 1)
      await sleep(60)
      expect(r.closes).toEqual([{ at: expect.any(Number), reconnecting: false, reason: 'no entry' }])
      expect(server.sockets).toHaveLength(1)
    }
  })

  it('pings and, when the server falls silent, closes with 4000 and reconnects within two intervals', async () => {
    const codes: number[] = []
    // The first connection never answers; the second answers every ping.
    const server = await startServer((ws, i) => {
      ws.on('close', (code) => codes.push(code))
      if (i > 0) ws.on('message', (data) => String(data).includes('"ping"') && send(ws, { type: 'pong' }))
    })
    const t = transport({ url: server.url, heartbeatMs: 100 })
    const r = recorder()
    t.connect(r.handlers)
    await until(() => r.closes.length === 1, 1000)
    const silentFor = r.closes[0]!.at - r.opens[0]!
    expect(silentFor).toBeGreaterThanOrEqual(195)
    // Loose on purpose: a loaded CI machine delays timers; the reason below proves the cause.
    expect(silentFor).toBeLessThan(2000)
    expect(r.closes[0]).toMatchObject({ reconnecting: true, reason: 'heartbeat timeout' })
    expect(server.received[0]).toContainEqual({ type: 'ping' })
    await until(() => r.opens.length === 2 && codes.length === 1)
    expect(codes).toEqual([4000])
    // Answered pings keep the link up well past two intervals.
    await sleep(350)
    expect(r.closes).toHaveLength(1)
    expect(server.received[1]!.filter((f) => f.type === 'ping').length).toBeGreaterThanOrEqual(2)
  })

  it('disconnect() closes with 1000, reports nothing, does not reconnect; connect() works again', async () => {
    const codes: number[] = []
    const server = await startServer((ws) => ws.on('close', (code) => codes.push(code)))
    const t = transport({ url: server.url, heartbeatMs: 50 })
    const first = recorder()
    t.connect(first.handlers)
    await until(() => first.opens.length === 1)
    t.disconnect()
    await until(() => codes.length === 1)
    await sleep(150) // past backoff and heartbeat
    expect(codes).toEqual([1000])
    expect(first.closes).toEqual([])
    expect(server.sockets).toHaveLength(1)

    // StrictMode: connect → disconnect → connect, before anything opened.
    const strict = recorder()
    const second = recorder()
    t.connect(strict.handlers)
    t.disconnect()
    t.connect(second.handlers)
    await until(() => second.opens.length === 1)
    t.send({ type: 'read', seq: 1 })
    await until(() => server.received.some((frames) => frames.length === 1))
    // The aborted first socket is gone on the server too; one link remains.
    await until(() => server.sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length === 1)
    expect(strict.opens).toEqual([])
    expect(strict.closes).toEqual([])
    expect(second.closes).toEqual([])
  })

  it('reconnects when the browser comes back online, and waits while it is offline', async () => {
    const server = await startServer()
    const page = new EventTarget()
    const navigator = { onLine: false }
    vi.stubGlobal('window', page)
    vi.stubGlobal('navigator', navigator)
    const t = transport({ url: server.url, backoff: { initialMs: 10_000 } })
    const r = recorder()
    t.connect(r.handlers)
    await sleep(30)
    expect(server.sockets).toHaveLength(0)
    navigator.onLine = true
    page.dispatchEvent(new Event('online'))
    await until(() => r.opens.length === 1)
    // A lost link would wait ~5 s; `online` cancels that wait.
    server.sockets[0]!.terminate()
    await until(() => r.closes.length === 1)
    page.dispatchEvent(new Event('online'))
    await until(() => r.opens.length === 2, 500)
    expect(server.sockets).toHaveLength(2)
    t.disconnect()
    page.dispatchEvent(new Event('online'))
    await sleep(30)
    expect(server.sockets).toHaveLength(2)
  })

  it('with createChat: a socket killed mid-burst loses and duplicates nothing', async () => {
    const stored: ChatMessage[] = []
    let killed = false
    const server = await startServer((ws) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as ClientFrame
        if (frame.type === 'hello') {
          send(ws, welcome({ visitorToken: 'tok', messages: stored.filter((m) => m.seq! > frame.lastSeq) }))
        } else if (frame.type === 'message.send') {
          let message = stored.find((m) => m.clientId === frame.cid)
          if (!message) {
            message = { id: `m${stored.length + 1}`, clientId: frame.cid, seq: stored.length + 1, sender: 'visitor', createdAt: 1, state: 'sent', visibility: 'both', body: frame.body }
            stored.push(message)
          }
          // Stored but not acknowledged: the client must resend it, and the server must not store it twice.
          if (stored.length === 3 && !killed) return void ((killed = true), ws.terminate())
          send(ws, { type: 'ack', cid: frame.cid, message })
        }
      })
    })
    let ids = 0
    const chat = createChat({
      companyId: 'demo',
      transport: transport({ url: server.url, backoff: { initialMs: 20 } }),
      storage: memoryStorage(),
      visibility: fakeVisibility().source,
      generateId: () => `c${++ids}`,
    })
    cleanups.push(() => chat.destroy())
    chat.connect()
    await until(() => chat.getSnapshot().connection === 'online')
    const texts = Array.from({ length: 8 }, (_, i) => `message ${i + 1}`)
    const sent = texts.slice(0, 6).map((text) => chat.send(text))
    await until(() => chat.getSnapshot().connection === 'reconnecting')
    sent.push(...texts.slice(6).map((text) => chat.send(text)))
    const acked = await Promise.all(sent)
    expect(server.sockets.length).toBeGreaterThanOrEqual(2)
    expect(stored.map((m) => m.body)).toEqual(texts.map((text) => ({ type: 'text', text })))
    expect(acked.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    const shown = chat.getSnapshot().messages
    expect(shown.map((m) => (m.body.type === 'text' ? m.body.text : ''))).toEqual(texts)
    expect(shown.every((m) => m.state === 'sent')).toBe(true)
  })

  describe('upload', () => {
    interface Seen {
      readonly url: string
      readonly headers: IncomingMessage['headers']
      readonly body: Buffer
    }

    async function uploadServer(credentials: (body: { name: string; size: number; mimeType: string }) => [number, unknown]) {
      const seen: Seen[] = []
      const json = (res: ServerResponse, status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body))
      const server = await startServer((ws) => send(ws, welcome({ visitorToken: 'tok-1' })), {
        http: {
          'POST /api/v1/visitor/upload-credentials': (req, body, res) => {
            seen.push({ url: req.url!, headers: req.headers, body })
            if (req.headers.authorization !== 'Bearer tok-1') return json(res, 401, { error: { code: 'unauthorized', message: 'who?' } })
            json(res, ...credentials(JSON.parse(String(body))))
          },
          'POST /files': (req, body, res) => {
            seen.push({ url: req.url!, headers: req.headers, body })
            if (req.headers['x-kefu-upload-token'] !== 'up-1') return json(res, 403, { error: { code: 'forbidden', message: 'bad token' } })
            const name = decodeURIComponent(String(req.headers['x-kefu-file-name']))
            json(res, 201, { url: `https://cdn.test/${encodeURIComponent(name)}`, name, size: body.length, mimeType: req.headers['content-type'] })
          },
          'POST /broken': (req, body, res) => {
            seen.push({ url: req.url!, headers: req.headers, body })
            res.writeHead(502).end('<html>bad gateway</html>')
          },
        },
      })
      const t = transport({ url: server.url })
      const r = recorder()
      t.connect(r.handlers)
      await until(() => r.frames.length === 1)
      return { t, seen, server }
    }

    const grant = (overrides: object = {}): [number, unknown] => [
      200,
      { uploadUrl: '/files', token: 'up-1', expiresAt: Date.now() + 60_000, maxBytes: 1024, allowedTypes: [], ...overrides },
    ]

    it('asks for credentials, then posts the raw file (httpUrl derived from the ws URL)', async () => {
      let asked: unknown
      const { t, seen } = await uploadServer((body) => ((asked = body), grant({ allowedTypes: ['image/*', 'text/plain'] })))
      const file = new Blob(['hello, 客服'], { type: 'text/plain' })
      const uploaded = await t.upload!(file, '报告 1.txt')
      expect(asked).toEqual({ name: '报告 1.txt', size: file.size, mimeType: 'text/plain' })
      expect(seen.map((s) => s.url)).toEqual(['/api/v1/visitor/upload-credentials', '/files'])
      expect(seen[0]!.headers['content-type']).toMatch(/^application\/json/)
      const post = seen[1]!
      expect(post.headers).toMatchObject({
        'content-type': 'text/plain',
        'x-kefu-upload-token': 'up-1',
        'x-kefu-file-name': encodeURIComponent('报告 1.txt'),
      })
      expect(post.headers.authorization).toBeUndefined()
      expect(String(post.body)).toBe('hello, 客服')
      expect(uploaded).toEqual({ url: `https://cdn.test/${encodeURIComponent('报告 1.txt')}`, name: '报告 1.txt', size: file.size, mimeType: 'text/plain' })
    })

    it('uses an absolute uploadUrl as is and defaults the type to application/octet-stream', async () => {
      let port = 0
      const { t, seen, server } = await uploadServer(() => grant({ uploadUrl: `http://127.0.0.1:${port}/files` }))
      port = server.port
      const uploaded = await t.upload!(new Blob([new Uint8Array([1, 2, 3])]), 'raw.bin')
      expect(seen[1]!.headers['content-type']).toBe('application/octet-stream')
      expect([...seen[1]!.body]).toEqual([1, 2, 3])
      expect(uploaded).toMatchObject({ name: 'raw.bin', size: 3, mimeType: 'application/octet-stream' })
    })

    it('rejects a file that is too large before posting it', async () => {
      const { t, seen } = await uploadServer(() => grant({ maxBytes: 4 }))
      await expect(t.upload!(new Blob(['12345'], { type: 'text/plain' }), 'a.txt')).rejects.toMatchObject({
        name: 'KefuError',
        code: 'payload_too_large',
      })
      expect(seen.map((s) => s.url)).toEqual(['/api/v1/visitor/upload-credentials'])
    })

    it('rejects a type the server does not allow, matching wildcards and exact types', async () => {
      const { t, seen } = await uploadServer(() => grant({ allowedTypes: ['image/*', 'application/pdf'] }))
      const refused = t.upload!(new Blob(['x'], { type: 'text/html' }), 'x.html')
      await expect(refused).rejects.toBeInstanceOf(KefuError)
      await expect(refused).rejects.toMatchObject({ code: 'invalid_argument' })
      expect(seen.filter((s) => s.url === '/files')).toHaveLength(0)
      await expect(t.upload!(new Blob(['x'], { type: 'image/png' }), 'x.png')).resolves.toMatchObject({ mimeType: 'image/png' })
      await expect(t.upload!(new Blob(['x'], { type: 'application/pdf' }), 'x.pdf')).resolves.toMatchObject({ mimeType: 'application/pdf' })
    })

    it('maps error responses to KefuError codes', async () => {
      let answer: [number, unknown] = [429, { error: { code: 'rate_limited', message: 'slow down' } }]
      const { t } = await uploadServer(() => answer)
      await expect(t.upload!(new Blob(['x']), 'x')).rejects.toMatchObject({ code: 'rate_limited', message: 'slow down' })
      answer = [500, 'not json']
      await expect(t.upload!(new Blob(['x']), 'x')).rejects.toMatchObject({ code: 'server_error', message: expect.stringContaining('500') })
      answer = grant({ token: 'wrong' })
      await expect(t.upload!(new Blob(['x']), 'x')).rejects.toMatchObject({ code: 'forbidden', message: 'bad token' })
      answer = grant({ uploadUrl: '/broken' })
      await expect(t.upload!(new Blob(['x']), 'x')).rejects.toMatchObject({ code: 'server_error', message: expect.stringContaining('502') })
    })

    it('is unauthorized before a welcome, without any request', async () => {
      const fetch = vi.fn()
      const server = await startServer()
      const t = transport({ url: server.url, fetch })
      await expect(t.upload!(new Blob(['x']), 'x')).rejects.toMatchObject({ code: 'unauthorized' })
      const r = recorder()
      t.connect(r.handlers)
      await until(() => r.opens.length === 1)
      await expect(t.upload!(new Blob(['x']), 'x')).rejects.toMatchObject({ code: 'unauthorized' })
      expect(fetch).not.toHaveBeenCalled()
    })
  })
})
