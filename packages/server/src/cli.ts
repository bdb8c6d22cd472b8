import cluster from 'node:cluster'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { createKefuServer } from './createKefuServer'
import { DEMO, seedDemo } from './domain/seedDemo'
import { DEFAULT_LIMITS } from './realtime/frameChannel'
import { limitOptionName, limitsFromText } from './realtime/limitsFromText'

const HELP = `kefu — the kefu chat server

Usage:
  kefu serve [options]     run the server
  kefu demo [options]      seed the demo company (once) and run the server

Options:
  --port <n>               port to listen on (default 8080; env PORT)
  --host <addr>            address to listen on (default 127.0.0.1; env HOST)
  --data-dir <path>        folder for the embedded database and uploads (default ./kefu-data; env KEFU_DATA_DIR)
  --database-url <url>     use PostgreSQL instead of the embedded database (env DATABASE_URL)
  --redis-url <url>        cluster mode: share fan-out and presence with every process on this Redis
                           and database (env REDIS_URL; needs --database-url)
  --redis-prefix <p>       prefix of kefu's Redis keys and channels (default kefu:; env KEFU_REDIS_PREFIX)
  --workers <n>            run n processes sharing the port (one per core); needs --database-url
                           and --redis-url (env KEFU_WORKERS; default 1)
  --admin-token <token>    bearer token for creating companies over the API (env KEFU_ADMIN_TOKEN)
  --trust-proxy <proxies>  behind a reverse proxy: the proxies whose X-Forwarded-For/-Proto to believe,
                           as addresses or CIDR ranges (10.0.0.1,10.0.1.0/24), loopback, or a hop count
                           (env KEFU_TRUST_PROXY; default: none, the headers are ignored)
  --public-url <url>       the URL clients reach this server at (https://kefu.example.com), used for
                           upload and file URLs (env KEFU_PUBLIC_URL; default: the request's Host)
  --metrics-token <t>      serve /metrics to scrapes that send this bearer token (env KEFU_METRICS_TOKEN)
  --metrics-port <n>       serve /metrics on its own port instead (on --metrics-host, default 127.0.0.1;
                           env KEFU_METRICS_PORT, KEFU_METRICS_HOST)
  --metrics-public         serve /metrics to anyone (env KEFU_METRICS_PUBLIC=1); by default nobody
  --db-pool <n>            PostgreSQL connections (default 10; env KEFU_DB_POOL_SIZE)
  --widget-dir <path>      the visitor widget's browser build (default: @kefu/widget's, when installed)
  --desk-dir <path>        the agent workbench's build (apps/agent-desk/dist), served at /desk/ (env KEFU_DESK_DIR)
  --agent-sdk-dir <path>   the folder with the plugin SDK's jssdk.js (default: @kefu/agent's dist/browser)
  --log-level <level>      fatal, error, warn, info, debug, trace or silent (default info)
  --limit <name=value>     change a flood limit; repeat it or separate items with commas (env KEFU_LIMITS):
                           ${Object.entries(DEFAULT_LIMITS).map(([key, value]) => `${limitOptionName(key)}=${value}`).join('\n                           ')}
  -h, --help               show this help
`

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'redis-url': { type: 'string' },
      'redis-prefix': { type: 'string' },
      workers: { type: 'string' },
      'admin-token': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'public-url': { type: 'string' },
      'metrics-token': { type: 'string' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string' },
      'metrics-public': { type: 'boolean' },
      'db-pool': { type: 'string' },
      'widget-dir': { type: 'string' },
      'desk-dir': { type: 'string' },
      'agent-sdk-dir': { type: 'string' },
      'log-level': { type: 'string' },
      limit: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const command = positionals[0] ?? 'serve'
  if (values.help || !['serve', 'demo'].includes(command)) {
    process.stdout.write(HELP)
    process.exit(values.help ? 0 : 2)
  }
  const port = Number(values.port ?? process.env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`)
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL
  const redisUrl = values['redis-url'] ?? process.env.REDIS_URL
  const redisPrefix = values['redis-prefix'] ?? process.env.KEFU_REDIS_PREFIX
  const workers = Number(values.workers ?? process.env.KEFU_WORKERS ?? 1)
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new Error('--workers must be a whole number from 1 to 256')
  if (redisUrl && !databaseUrl) throw new Error('--redis-url needs --database-url: the embedded database serves one process only')
  if (workers > 1 && (!databaseUrl || !redisUrl)) {
    throw new Error('--workers needs --database-url and --redis-url: the processes share PostgreSQL for state and Redis for fan-out')
  }
  if (workers > 1 && cluster.isPrimary) return supervise(workers)
  const adminToken = values['admin-token'] ?? process.env.KEFU_ADMIN_TOKEN
  const trustProxy = trustProxyOf(values['trust-proxy'] ?? process.env.KEFU_TRUST_PROXY)
  const publicUrl = values['public-url'] ?? process.env.KEFU_PUBLIC_URL
  const metricsToken = values['metrics-token'] ?? process.env.KEFU_METRICS_TOKEN
  const metricsPortText = values['metrics-port'] ?? process.env.KEFU_METRICS_PORT
  const metricsPort = metricsPortText === undefined ? undefined : Number(metricsPortText)
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)) throw new Error(`--metrics-port must be a port number, not "${metricsPortText}"`)
  if (metricsToken !== undefined && metricsToken.length < 16) throw new Error('--metrics-token must be at least 16 characters')
  const metrics = {
    ...(values['metrics-public'] || ['1', 'true'].includes(process.env.KEFU_METRICS_PUBLIC ?? '') ? { public: true } : {}),
    ...(metricsToken ? { token: metricsToken } : {}),
    ...(metricsPort !== undefined ? { port: metricsPort } : {}),
    ...((values['metrics-host'] ?? process.env.KEFU_METRICS_HOST) ? { host: values['metrics-host'] ?? process.env.KEFU_METRICS_HOST } : {}),
  }
  if (publicUrl && !/^https?:\/\/[^/\s]+\/?$/.test(publicUrl)) throw new Error(`--public-url must be like https://kefu.example.com, not "${publicUrl}"`)
  const poolSize = Number(values['db-pool'] ?? process.env.KEFU_DB_POOL_SIZE ?? 10)
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 500) throw new Error('--db-pool must be a whole number from 1 to 500')
  const deskDir = values['desk-dir'] ?? process.env.KEFU_DESK_DIR
  const agentSdkDir = values['agent-sdk-dir']
  const limits = limitsFromText([...(process.env.KEFU_LIMITS ? [process.env.KEFU_LIMITS] : []), ...(values.limit ?? [])])
  const logLevel = (values['log-level'] ?? process.env.KEFU_LOG_LEVEL ?? 'info') as 'info'
  const server = await createKefuServer({
    port,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? process.env.KEFU_DATA_DIR ?? './kefu-data',
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    ...(redisPrefix ? { redisPrefix } : {}),
    ...(adminToken ? { adminToken } : {}),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    metrics,
    databasePoolSize: poolSize,
    ...(widgetDirOf(values['widget-dir']) ? { widgetDir: widgetDirOf(values['widget-dir'])! } : {}),
    ...(deskDir ? { deskDir } : {}),
    ...(agentSdkDir ? { agentSdkDir } : {}),
    limits,
    logLevel,
  })
  // With workers, only the first seeds the demo (the others would find it there anyway).
  const seeded = command === 'demo' && (cluster.isPrimary || cluster.worker?.id === 1) ? await seedDemo(server.context.db) : undefined
  const url = await server.listen()
  if (cluster.isWorker) {
    // The primary prints the banner once; workers say they are up.
    process.send?.({ kefu: 'listening', url })
    return installStop(server)
  }
  const ws = url.replace(/^http/, 'ws')
  const lines = [
    '',
    `kefu server listening on ${url}  (database: ${server.context.db.kind}${redisUrl ? ', cluster mode over Redis' : ''})`,
    `  visitors:  ${ws}/ws/visitor`,
    `  agents:    ${ws}/ws/agent`,
    `  API:       ${url}/api/v1   health: ${url}/healthz   metrics: ${metricsWhere(url, metrics, server.metricsUrl)}`,
    `  widget:    ${url}/loader.js   chat window: ${url}/chat?companyId=<id>`,
    `  plugins:   ${url}/open/staff/jssdk-1.0.0.js   workbench: ${deskDir ? `${url}/desk/` : 'not served (pass --desk-dir)'}`,
  ]
  if (seeded) {
    lines.push(
      '',
      `demo company "${seeded.company.id}" (${seeded.company.name})${seeded.created ? ' seeded' : ''}`,
      ...DEMO.agents.map((a) => `  ${a.role.padEnd(5)}  ${a.email}  /  ${DEMO.password}`),
      `  sign key (Sobot sign = MD5(sysnum + key + partnerid)): ${seeded.company.signKey}`,
      `  metaData key (AES-256-GCM, see docs/metaData.md):      ${seeded.company.metaKey}`,
    )
  }
  process.stdout.write(`${lines.join('\n')}\n\n`)
  installStop(server)
}

function installStop(server: { close(): Promise<void> }): void {
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await server.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

/**
 * The primary of `--workers N`: forks N servers that share the port (Node's cluster module hands out
 * connections), restarts one that dies (its clients reconnect to the others meanwhile), and stops them all
 * on SIGINT/SIGTERM.
 */
function supervise(workers: number): void {
  let stopping = false
  let announced = false
  const started = Date.now()
  const fork = () => {
    const worker = cluster.fork()
    worker.on('message', (message: { kefu?: string; url?: string }) => {
      if (message.kefu !== 'listening' || announced) return
      announced = true
      process.stdout.write(`\nkefu: ${workers} worker processes listening on ${message.url} (primary pid ${process.pid})\n\n`)
    })
  }
  for (let i = 0; i < workers; i++) fork()
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
      return
    }
    console.error(`kefu: worker ${worker.process.pid} stopped (${signal ?? code}); starting another`)
    // A worker that cannot even start (bad configuration) would loop: give up early failures.
    if (Date.now() - started < 10_000 && code !== 0) {
      console.error('kefu: a worker failed while starting; stopping')
      process.exit(1)
    }
    setTimeout(fork, 500)
  })
  const stop = () => {
    if (stopping) return
    stopping = true
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

/** Where the banner says metrics are. */
function metricsWhere(url: string, access: { public?: boolean; token?: string }, privateUrl: string | undefined): string {
  const main = access.public ? `${url}/metrics` : access.token ? `${url}/metrics (bearer token)` : undefined
  return [main, privateUrl].filter(Boolean).join(' and ') || 'off (--metrics-token, --metrics-port or --metrics-public)'
}

/** `--trust-proxy`: a hop count, or a comma-separated list of addresses and ranges. */
function trustProxyOf(value: string | undefined): number | string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/** The widget build to serve: the one given, or @kefu/widget's when it is installed and built. */
function widgetDirOf(given: string | undefined): string | undefined {
  if (given) return given
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve('@kefu/widget/package.json')), 'dist', 'browser')
    return existsSync(join(dir, 'loader.js')) ? dir : undefined
  } catch {
    return undefined
  }
}

main().catch((error: unknown) => {
  console.error(`kefu: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
