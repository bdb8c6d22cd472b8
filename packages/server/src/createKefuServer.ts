import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino, { type Logger } from 'pino'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Bus } from './bus/Bus'
import { memoryBus } from './bus/memoryBus'
import { ChatService } from './chat/ChatService'
import type { Database } from './db/Database'
import { openDatabase } from './db/openDatabase'
import { adminRoutes } from './http/adminRoutes'
import { defaultAgentSdkDir } from './http/agentSdkDir'
import { agentSdkRoutes } from './http/agentSdkRoutes'
import { deskRoutes } from './http/deskRoutes'
import { installErrorHandler } from './http/httpErrors'
import { createMetrics } from './http/metrics'
import { pluginRoutes } from './http/pluginRoutes'
import { quickReplyRoutes } from './http/quickReplyRoutes'
import { systemRoutes } from './http/systemRoutes'
import { uploadRoutes } from './http/uploadRoutes'
import { widgetRoutes } from './http/widgetRoutes'
import { agentSocket } from './realtime/agentSocket'
import { DEFAULT_LIMITS, type ChannelLimits } from './realtime/frameChannel'
import { DEFAULT_HTTP_LIMITS, type HttpLimits, type ServerContext } from './realtime/ServerContext'
import { visitorSocket } from './realtime/visitorSocket'
import { generateSecret } from './security'
import { forgetActionsBefore } from './store/actionLog'

export interface KefuServerOptions {
  readonly port?: number
  readonly host?: string
  /** Where PGlite and uploaded files live; without it (and without `databaseUrl`) everything is in memory. */
  readonly dataDir?: string
  /** PostgreSQL URL; when set, PGlite is not used. */
  readonly databaseUrl?: string
  /** Connections in the PostgreSQL pool (default 10). */
  readonly databasePoolSize?: number
  /** An already open database (tests, embedding); the server does not close it. */
  readonly database?: Database
  readonly bus?: Bus
  /** Bearer token for server-level administration (creating companies). */
  readonly adminToken?: string
  readonly logger?: Logger
  readonly logLevel?: pino.Level | 'silent'
  readonly limits?: Partial<ChannelLimits>
  readonly httpLimits?: Partial<HttpLimits>
  /** How long an agent whose connections dropped keeps its chats (ms). */
  readonly agentGraceMs?: number
  /** How often timeouts (inactivity, queue) are checked (ms). */
  readonly sweepIntervalMs?: number
  /** @kefu/widget's browser build (`dist/browser`): served as /loader.js, /host.js, /chat and /chat.js. */
  readonly widgetDir?: string
  /** The agent workbench's build (apps/agent-desk `dist`, built with `base: '/desk/'`): served at /desk/. */
  readonly deskDir?: string
  /** The folder holding the plugin SDK's `jssdk.js` (default: @kefu/agent's `dist/browser`), served as /open/staff/jssdk-1.0.0.js and /agent/jssdk.js. */
  readonly agentSdkDir?: string
  /** The clock the chat domain and plugin signature checks read (tests move it to reach timeouts). */
  readonly now?: () => number
}

export interface KefuServer {
  readonly app: FastifyInstance
  readonly context: ServerContext
  /** `http://host:port` once listening. */
  readonly url: string
  listen(): Promise<string>
  /** Drops every open WebSocket (clients reconnect and resync); returns how many were open. */
  terminateConnections(): number
  close(): Promise<void>
}

/** Reads the secret that signs tokens, creating it on the first start so tokens survive restarts. */
async function tokenSecretOf(db: Database): Promise<string> {
  const [row] = await db.query<{ value: string }>(`SELECT value FROM server_settings WHERE key = 'token_secret'`)
  if (row) return row.value
  await db.query(`INSERT INTO server_settings (key, value) VALUES ('token_secret', $1) ON CONFLICT DO NOTHING`, [generateSecret(32)])
  return (await db.query<{ value: string }>(`SELECT value FROM server_settings WHERE key = 'token_secret'`))[0]!.value
}

export async function createKefuServer(options: KefuServerOptions = {}): Promise<KefuServer> {
  const log = options.logger ?? pino({ level: options.logLevel ?? 'info' })
  const db = options.database ?? (await openDatabase({ ...options, onIdleError: (error) => log.warn({ err: error }, 'an idle PostgreSQL connection was closed by the server; the pool reconnects') }))
  const bus = options.bus ?? memoryBus()
  const connections = { visitors: 0, agents: 0 }
  const metrics = createMetrics({ visitorConnections: () => connections.visitors, agentConnections: () => connections.agents })
  const chat = new ChatService({
    db,
    bus,
    log,
    ...(options.agentGraceMs !== undefined ? { agentGraceMs: options.agentGraceMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  })
  const context: ServerContext = {
    db,
    bus,
    chat,
    log,
    metrics,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    httpLimits: { ...DEFAULT_HTTP_LIMITS, ...options.httpLimits },
    tokenSecret: await tokenSecretOf(db),
    dataDir: options.dataDir,
    connections,
    inFlight: new Set(),
  }
  // Without a data folder, uploads go to a temporary folder that close() removes.
  const temporaryFiles = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'kefu-files-'))
  const filesDir = temporaryFiles ?? join(options.dataDir!, 'files')

  const app = Fastify({ loggerInstance: log as FastifyBaseLogger, bodyLimit: 1024 * 1024, trustProxy: true })
  installErrorHandler(app)
  // Bearer tokens, never cookies: any origin may call the API (store pages, the workbench).
  app.addHook('onRequest', async (request, reply) => {
    reply.header('access-control-allow-origin', '*')
    if (request.method === 'OPTIONS') {
      return reply
        .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
        .header('access-control-allow-headers', 'authorization, content-type, x-kefu-upload-token, x-kefu-file-name')
        .header('access-control-max-age', '600')
        .status(204)
        .send()
    }
  })
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequests.inc({ method: request.method, status: String(reply.statusCode) })
  })
  // Uploads arrive as raw bytes of any type; the route streams them to disk.
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload))
  systemRoutes(app, context)
  adminRoutes(app, context, { adminToken: options.adminToken })
  uploadRoutes(app, context, filesDir)
  if (options.widgetDir) widgetRoutes(app, options.widgetDir)
  pluginRoutes(app, context, { now: options.now ?? Date.now })
  quickReplyRoutes(app, context)
  agentSdkRoutes(app, options.agentSdkDir ?? defaultAgentSdkDir())
  deskRoutes(app, options.deskDir)

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  const alive = new WeakMap<WebSocket, boolean>()
  app.server.on('upgrade', (request, socket, head) => {
    const path = (request.url ?? '').split('?')[0]
    const handler = path === '/ws/visitor' ? visitorSocket : path === '/ws/agent' ? agentSocket : undefined
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      alive.set(ws, true)
      ws.on('pong', () => alive.set(ws, true))
      ws.on('error', (err) => log.debug({ err }, 'socket error'))
      handler(ws, context)
    })
  })
  // Half-open connections (a phone that lost its network) are found by protocol pings and dropped.
  const heartbeat = setInterval(() => {
    for (const ws of sockets.clients) {
      if (!alive.get(ws)) ws.terminate()
      else {
        alive.set(ws, false)
        ws.ping()
      }
    }
  }, 30_000)
  heartbeat.unref()

  const sweeper = setInterval(() => {
    chat.sweep().catch((err: unknown) => log.error({ err }, 'sweeping timeouts failed'))
    forgetActionsBefore(db, Date.now() - 7 * 24 * 60 * 60 * 1000).catch((err: unknown) => log.error({ err }, 'cleaning the action log failed'))
  }, options.sweepIntervalMs ?? 15_000)
  sweeper.unref()

  let url = ''
  let closed = false
  const server: KefuServer = {
    app,
    context,
    get url() {
      return url
    },
    async listen() {
      const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' })
      url = address.replace('[::1]', 'localhost')
      return url
    },
    terminateConnections() {
      const open = sockets.clients.size
      for (const ws of sockets.clients) ws.terminate()
      return open
    },
    async close() {
      if (closed) return
      closed = true
      clearInterval(heartbeat)
      clearInterval(sweeper)
      for (const ws of sockets.clients) ws.terminate()
      sockets.close()
      // Let frames already being handled finish before the database goes away (at most 5 s).
      await Promise.race([Promise.allSettled([...context.inFlight]), new Promise((resolve) => setTimeout(resolve, 5000).unref())])
      await app.close()
      await chat.close()
      await bus.close()
      if (!options.database) await db.close()
      if (temporaryFiles) rmSync(temporaryFiles, { recursive: true, force: true })
    },
  }
  return server
}
