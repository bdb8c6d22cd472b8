import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { createKefuServer } from './createKefuServer'
import { DEMO, seedDemo } from './domain/seedDemo'

const HELP = `kefu — the kefu chat server

Usage:
  kefu serve [options]     run the server
  kefu demo [options]      seed the demo company (once) and run the server

Options:
  --port <n>               port to listen on (default 8080; env PORT)
  --host <addr>            address to listen on (default 127.0.0.1; env HOST)
  --data-dir <path>        folder for the embedded database and uploads (default ./kefu-data; env KEFU_DATA_DIR)
  --database-url <url>     use PostgreSQL instead of the embedded database (env DATABASE_URL)
  --admin-token <token>    bearer token for creating companies over the API (env KEFU_ADMIN_TOKEN)
  --db-pool <n>            PostgreSQL connections (default 10; env KEFU_DB_POOL_SIZE)
  --widget-dir <path>      the visitor widget's browser build (default: @kefu/widget's, when installed)
  --desk-dir <path>        the agent workbench's build (apps/agent-desk/dist), served at /desk/ (env KEFU_DESK_DIR)
  --agent-sdk-dir <path>   the folder with the plugin SDK's jssdk.js (default: @kefu/agent's dist/browser)
  --log-level <level>      fatal, error, warn, info, debug, trace or silent (default info)
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
      'admin-token': { type: 'string' },
      'db-pool': { type: 'string' },
      'widget-dir': { type: 'string' },
      'desk-dir': { type: 'string' },
      'agent-sdk-dir': { type: 'string' },
      'log-level': { type: 'string' },
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
  const adminToken = values['admin-token'] ?? process.env.KEFU_ADMIN_TOKEN
  const poolSize = Number(values['db-pool'] ?? process.env.KEFU_DB_POOL_SIZE ?? 10)
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 500) throw new Error('--db-pool must be a whole number from 1 to 500')
  const deskDir = values['desk-dir'] ?? process.env.KEFU_DESK_DIR
  const agentSdkDir = values['agent-sdk-dir']
  const logLevel = (values['log-level'] ?? process.env.KEFU_LOG_LEVEL ?? 'info') as 'info'
  const server = await createKefuServer({
    port,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? process.env.KEFU_DATA_DIR ?? './kefu-data',
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(adminToken ? { adminToken } : {}),
    databasePoolSize: poolSize,
    ...(widgetDirOf(values['widget-dir']) ? { widgetDir: widgetDirOf(values['widget-dir'])! } : {}),
    ...(deskDir ? { deskDir } : {}),
    ...(agentSdkDir ? { agentSdkDir } : {}),
    logLevel,
  })
  const seeded = command === 'demo' ? await seedDemo(server.context.db) : undefined
  const url = await server.listen()
  const ws = url.replace(/^http/, 'ws')
  const lines = [
    '',
    `kefu server listening on ${url}  (database: ${server.context.db.kind})`,
    `  visitors:  ${ws}/ws/visitor`,
    `  agents:    ${ws}/ws/agent`,
    `  API:       ${url}/api/v1   health: ${url}/healthz   metrics: ${url}/metrics`,
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
