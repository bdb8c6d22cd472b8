import fastifyCompress from '@fastify/compress'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyBaseLogger, type FastifyHttpOptions, type FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { constants as zlib } from 'node:zlib'
import pino, { type Logger } from 'pino'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Bus } from './bus/Bus'
import { memoryBus } from './bus/memoryBus'
import { redisBus, type RedisBus } from './bus/redisBus'
import { createChatServices } from './chat/createChatServices'
import type { Database } from './db/Database'
import { openDatabase } from './db/openDatabase'
import { trimHeap } from './db/startHeapTrimming'
import { adminRoutes } from './http/adminRoutes'
import { apiDocs } from './http/apiDocs'
import { defaultAgentSdkDir } from './http/agentSdkDir'
import { agentSdkRoutes } from './http/agentSdkRoutes'
import { companyKeyRoutes } from './http/companyKeyRoutes'
import { deskRoutes } from './http/deskRoutes'
import { faqRoutes } from './http/faqRoutes'
import { clientErrorResponse, installErrorHandler } from './http/httpErrors'
import { createMetrics } from './http/metrics'
import { pluginRoutes } from './http/pluginRoutes'
import { leaveMessageRoutes } from './http/leaveMessageRoutes'
import { quickReplyRoutes } from './http/quickReplyRoutes'
import { storableRequestStrings } from './http/storableRequestStrings'
import { reportRoutes } from './http/reportRoutes'
import { searchRoutes } from './http/searchRoutes'
import { listenForMetrics, metricsRoute, type MetricsAccess } from './http/metricsAccess'
import { systemRoutes } from './http/systemRoutes'
import { uploadRoutes } from './http/uploadRoutes'
import { widgetRoutes } from './http/widgetRoutes'
import { agentSocket } from './realtime/agentSocket'
import { DEFAULT_LIMITS, type ChannelLimits } from './realtime/frameChannel'
import { DEFAULT_HTTP_LIMITS, type HttpLimits, type ServerContext } from './realtime/ServerContext'
import { clientAddressOf } from './realtime/clientAddress'
import { floodLimits } from './realtime/floodLimits'
import { visitorSocket } from './realtime/visitorSocket'
import { generateSecret } from './security'
import { redisPresence } from './presence/redisPresence'
import { forgetActionsBefore } from './store/actionLog'
import { countWaiting } from './store/conversationStore'

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
  /**
   * Redis URL: cluster mode. Fan-out (pub/sub) and presence are shared with every other process using
   * the same Redis and database; without it, one process with the in-process bus.
   */
  readonly redisUrl?: string
  /** Prefix of kefu's Redis keys and channels (default `kefu:`); clusters sharing one Redis need their own. */
  readonly redisPrefix?: string
  /** A process whose presence heartbeat stops is taken for dead after this long (ms, default 5000). */
  readonly presenceExpiryMs?: number
  /** Bearer token for server-level administration (creating companies). */
  readonly adminToken?: string
  readonly logger?: Logger
  readonly logLevel?: pino.Level | 'silent'
  readonly limits?: Partial<ChannelLimits>
  readonly httpLimits?: Partial<HttpLimits>
  /** How long an agent whose connections dropped keeps its chats (ms). */
  readonly agentGraceMs?: number
  /**
   * How long after a visitor's last connection closes agents are told it left (ms, default 3,000): opening
   * the shop's next page, a network blip or a restart does not flicker the visitor offline and back.
   */
  readonly visitorGraceMs?: number
  /** How often timeouts (inactivity, queue) are checked (ms). */
  readonly sweepIntervalMs?: number
  /** @kefu/widget's browser build (`dist/browser`): the loader, the chat window and leave-message pages, and `/assets/*`. */
  readonly widgetDir?: string
  /** The agent workbench's build (apps/agent-desk `dist`, built with `base: '/desk/'`): served at /desk/. */
  readonly deskDir?: string
  /** The folder holding the plugin SDK's `jssdk.js` (default: @kefu/agent's `dist/browser`), served as /open/staff/jssdk-1.0.0.js and /agent/jssdk.js. */
  readonly agentSdkDir?: string
  /** The clock the chat domain and plugin signature checks read (tests move it to reach timeouts). */
  readonly now?: () => number
  /**
   * Which proxies in front of the server to trust for `X-Forwarded-For` / `-Proto` (Fastify's
   * `trustProxy`): addresses or CIDR ranges (`'10.0.0.1,10.0.1.0/24'` or a list), or the number of
   * hops. Off by default: without a proxy those headers come from the client and would let it pick
   * any address (and dodge per-address limits). `X-Forwarded-Host` is never used.
   */
  readonly trustProxy?: boolean | number | string | readonly string[]
  /** The URL clients reach the server at (`https://kefu.example.com`): upload and file URLs are built on it. */
  readonly publicUrl?: string
  /** Who may read the Prometheus metrics: nobody by default (see `MetricsAccess`). */
  readonly metrics?: MetricsAccess
}

export interface KefuServer {
  readonly app: FastifyInstance
  readonly context: ServerContext
  /** `http://host:port` once listening. */
  readonly url: string
  /** The private metrics port's `/metrics` URL once listening, when `metrics.port` is set. */
  readonly metricsUrl: string | undefined
  listen(): Promise<string>
  /** Drops every open WebSocket (clients reconnect and resync); returns how many were open. */
  terminateConnections(): number
  close(): Promise<void>
}

/**
 * 1012 (service restart): a connection closed because this server stops, or told to resync after a gap in
 * fan-out. Clients reconnect soon, each at a random moment within a couple of seconds.
 */
const CLOSE_RESTARTING = 1012

/** Waits until `inFlight` is empty (work added meanwhile included), at most `ms`. */
async function settle(inFlight: Set<Promise<void>>, ms: number): Promise<void> {
  const until = Date.now() + ms
  while (inFlight.size && Date.now() < until) {
    await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, until - Date.now()).unref())])
  }
}

/** A browser's user-agent header is kept this long at most (it names the device; the rest is noise). */
const USER_AGENT_MAX = 512

function trustProxyOf(value: KefuServerOptions['trustProxy']): FastifyHttpOptions<Server>['trustProxy'] {
  if (value === undefined) return false
  // A hop count trusts that many proxies nearest the server.
  if (typeof value === 'number') return (_address: string, hop: number) => hop < value
  return Array.isArray(value) ? [...value] : (value as boolean | string)
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
  const db =
    options.database ??
    (await openDatabase({
      ...options,
      onIdleError: (error) => log.warn({ err: error }, 'an idle PostgreSQL connection was closed by the server; the pool reconnects'),
      onStatisticsError: (error) => log.warn({ err: error }, 'gathering PGlite planner statistics failed; tried again in a minute'),
    }))
  const redisPrefix = options.redisPrefix ?? 'kefu:'
  const redis: RedisBus | undefined = options.redisUrl && !options.bus ? await redisBus({ url: options.redisUrl, prefix: redisPrefix, log }) : undefined
  const bus = options.bus ?? redis ?? memoryBus()
  const processId = redis?.processId ?? `${hostname()}-${process.pid}`
  const presence = redis
    ? await redisPresence({
        url: options.redisUrl!,
        prefix: redisPrefix,
        processId,
        log,
        ...(options.presenceExpiryMs ? { expiryMs: options.presenceExpiryMs } : {}),
      })
    : undefined
  const connections = { visitors: 0, agents: 0 }
  const metrics = createMetrics({
    process: processId,
    visitorConnections: () => connections.visitors,
    agentConnections: () => connections.agents,
    queueLength: () => countWaiting(db),
  })
  const chat = createChatServices({
    db,
    bus,
    log,
    ...(presence ? { presence } : {}),
    onAssigned: (waitedMs) => metrics.assignmentLatency.observe(waitedMs / 1000),
    // For two minutes after a gap in fan-out, welcomes resend what was stored since it began.
    gapSince: () => (redis?.lastGap && Date.now() - redis.lastGap.to < 120_000 ? redis.lastGap.from - 5_000 : undefined),
    ...(options.agentGraceMs !== undefined ? { agentGraceMs: options.agentGraceMs } : {}),
    ...(options.visitorGraceMs !== undefined ? { visitorGraceMs: options.visitorGraceMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  })
  // Without a data folder, uploads go to a temporary folder that close() removes.
  const temporaryFiles = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'kefu-files-'))
  const filesDir = temporaryFiles ?? join(options.dataDir!, 'files')

  const trustProxy = trustProxyOf(options.trustProxy)
  const serverOptions: FastifyHttpOptions<Server> = { loggerInstance: log as FastifyBaseLogger, bodyLimit: 1024 * 1024, trustProxy, clientErrorHandler: clientErrorResponse }
  const addressOf = clientAddressOf(trustProxy)
  const app = Fastify(serverOptions)
  installErrorHandler(app)
  storableRequestStrings(app)
  // Bearer tokens, never cookies: any origin may call the API (store pages, the workbench).
  await app.register(cors, {
    origin: '*',
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'x-kefu-upload-token', 'x-kefu-file-name'],
    maxAge: 600,
  })
  // Limits are per route (`config.rateLimit`) or named counters (`rateCounter`); none applies by default.
  // In cluster mode every process counts in Redis, so a limit holds however requests are spread. While
  // Redis is unreachable, requests are let through rather than all refused (skipOnError).
  const limitsRedis = options.redisUrl ? new Redis(options.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined
  limitsRedis?.on('error', (err) => log.debug({ err }, 'the rate-limit Redis connection failed; it reconnects'))
  await limitsRedis?.connect().catch((err: unknown) => log.warn({ err }, 'the rate-limit Redis connection failed; limits are not enforced until it is back'))
  await app.register(rateLimit, {
    global: false,
    cache: 50_000,
    skipOnError: true,
    ...(limitsRedis ? { redis: limitsRedis, nameSpace: `${redisPrefix}rate:` } : {}),
  })
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const context: ServerContext = {
    db,
    bus,
    chat,
    log,
    metrics,
    processId,
    redis,
    limits,
    floods: floodLimits(app, limits),
    httpLimits: { ...DEFAULT_HTTP_LIMITS, ...options.httpLimits },
    tokenSecret: await tokenSecretOf(db),
    dataDir: options.dataDir,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    connections,
    inFlight: new Set(),
  }
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequests.inc({ method: request.method, status: String(reply.statusCode) })
  })
  // Brotli or gzip for whatever is not compressed already (the widget's scripts are, at build time):
  // brotli at quality 4, as fast as gzip and smaller, since these responses are compressed per request.
  await app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  })
  // Before the routes: the OpenAPI document collects them as they are added.
  await apiDocs(app)
  // Uploads arrive as raw bytes of any type; the route streams them to disk.
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload))
  systemRoutes(app, context)
  const metricsAccess = options.metrics ?? {}
  metricsRoute(app, metrics, metricsAccess)
  adminRoutes(app, context, { adminToken: options.adminToken })
  uploadRoutes(app, context, filesDir)
  if (options.widgetDir) {
    widgetRoutes(app, options.widgetDir, {
      siteOriginsOf: async (companyId) => (companyId ? (await context.chat.companies.get(companyId)).company.settings.siteOrigins : []),
    })
  }
  pluginRoutes(app, context, { now: options.now ?? Date.now })
  quickReplyRoutes(app, context)
  leaveMessageRoutes(app, context)
  faqRoutes(app, context)
  companyKeyRoutes(app, context, { now: options.now ?? Date.now })
  reportRoutes(app, context, { now: options.now ?? Date.now })
  searchRoutes(app, context)
  agentSdkRoutes(app, options.agentSdkDir ?? defaultAgentSdkDir())
  deskRoutes(app, options.deskDir)

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  const alive = new WeakMap<WebSocket, boolean>()
  let stopping = false
  app.server.on('upgrade', (request, socket, head) => {
    if (stopping) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\n\r\n')
      return
    }
    const path = (request.url ?? '').split('?')[0]
    const handler = path === '/ws/visitor' ? visitorSocket : path === '/ws/agent' ? agentSocket : undefined
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      if (stopping) return ws.close(CLOSE_RESTARTING, 'restarting')
      alive.set(ws, true)
      ws.on('pong', () => alive.set(ws, true))
      ws.on('error', (err) => log.debug({ err }, 'socket error'))
      handler(ws, context, addressOf(request), request.headers['user-agent']?.slice(0, USER_AGENT_MAX))
    })
  })
  /**
   * Closes every socket with `code` and waits for each to close (its close handler has run by then); a
   * client that does not answer the close handshake within `ms` is cut off.
   */
  async function closeSockets(code: number, reason: string, ms = 3000): Promise<void> {
    stopping = true
    const open = [...sockets.clients]
    const closedAll = Promise.all(open.map((ws) => (ws.readyState === ws.CLOSED ? undefined : new Promise((resolve) => ws.once('close', resolve)))))
    for (const ws of open) ws.close(code, reason)
    const timeout = (wait: number) => new Promise((resolve) => setTimeout(resolve, wait).unref())
    await Promise.race([closedAll, timeout(ms)])
    for (const ws of sockets.clients) ws.terminate()
    await Promise.race([closedAll, timeout(1000)])
  }

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

  // After a gap in fan-out (Redis restarted, a subscription dropped), frames may have been lost: every
  // client here reconnects and resyncs from the database by sequence number, and cached companies are read afresh.
  redis?.onGap(() => {
    metrics.busGaps.inc()
    chat.companies.clear()
    const open = sockets.clients.size
    for (const ws of sockets.clients) ws.close(CLOSE_RESTARTING, 'resync')
    log.warn({ connections: open }, 'fan-out had a gap: clients resync')
  })

  // Periodic work runs once per interval across the cluster: the process that takes the lease does it.
  const sweepIntervalMs = options.sweepIntervalMs ?? 15_000
  const sweeper = setInterval(() => {
    void (async () => {
      if (!(await chat.sweeper.claim(sweepIntervalMs))) return
      await chat.sweeper.sweep()
      await forgetActionsBefore(db, Date.now() - 7 * 24 * 60 * 60 * 1000)
    })().catch((err: unknown) => log.error({ err }, 'the periodic sweep failed'))
  }, sweepIntervalMs)
  sweeper.unref()

  let url = ''
  let metricsPort: Awaited<ReturnType<typeof listenForMetrics>> | undefined
  let closed = false
  const server: KefuServer = {
    app,
    context,
    get url() {
      return url
    },
    get metricsUrl() {
      return metricsPort?.url
    },
    async listen() {
      if (metricsAccess.port !== undefined && !metricsPort) metricsPort = await listenForMetrics(metrics, metricsAccess.port, metricsAccess.host ?? '127.0.0.1')
      const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' })
      url = address.replace('[::1]', 'localhost')
      // The engine's start (and the migrations) ended: what V8 compiled meanwhile left 25–45 MB in glibc's
      // free lists, which would otherwise wait for the trimmer's next look.
      if (db.kind === 'pglite') trimHeap()
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
      // In this order, so nothing that still runs finds the database closed: stop accepting WebSockets (an
      // upgrade is refused), close every socket with 1012 "restarting" (clients come back soon, with jitter,
      // to this server's successor or another process), let the frames being handled and the work each
      // disconnect starts finish, close the HTTP side, and only then close the database.
      await closeSockets(CLOSE_RESTARTING, 'restarting')
      sockets.close()
      await settle(context.inFlight, 10_000)
      // HTTP requests under way get 5 s to finish; then every connection left is cut.
      const appClosed = app.close()
      const late = await Promise.race([appClosed.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5000).unref())])
      if (late) app.server.closeAllConnections()
      await appClosed
      await metricsPort?.close()
      await chat.close()
      await presence?.close()
      limitsRedis?.disconnect()
      await bus.close()
      if (!options.database) await db.close()
      if (temporaryFiles) rmSync(temporaryFiles, { recursive: true, force: true })
    },
  }
  return server
}
