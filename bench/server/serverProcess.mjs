// The server under load, alone in its own process so its memory and CPU are measured without the
// load generator's. Started by ./index.mjs with `fork` (and --expose-gc); it is driven over IPC:
//   → { id, cmd: 'company', input }   creates a company with its first admin (createCompany)
//   → { id, cmd: 'mem' }              collects garbage, answers process.memoryUsage()
//   → { id, cmd: 'probe' }            answers CPU time and event-loop utilization so far
//   → { id, cmd: 'stop' }             closes the server, then exits (SIGTERM does the same)
// It exits by itself when the parent goes away.
import { performance } from 'node:perf_hooks'
import { createCompany, createKefuServer } from '../../packages/server/dist/index.js'

const config = JSON.parse(process.argv[2] ?? '{}')

const server = await createKefuServer({
  port: 0,
  host: '127.0.0.1',
  logLevel: config.logLevel ?? 'warn',
  ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
  // The bench sends far faster than a person types: lift the per-connection frame rate limit.
  limits: { framesPerSecond: 1_000_000, frameBurst: 1_000_000, visitorFrameBurst: 1_000_000, addressFrameBurst: 1_000_000, newVisitorsPerAddressPerMinute: 1_000_000 },
  // The bench reads the server's counters.
  metrics: { public: true },
})
const url = await server.listen()

const gc = () => {
  if (typeof globalThis.gc !== 'function') return
  globalThis.gc()
  globalThis.gc()
}

const handlers = {
  async company({ input }) {
    const { company, admin } = await createCompany(server.context.db, input)
    return { companyId: company.id, adminId: admin.agentId }
  },
  async mem() {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 50))
    gc()
    return process.memoryUsage()
  },
  async probe() {
    return { cpu: process.cpuUsage(), elu: performance.eventLoopUtilization(), at: performance.now() }
  },
  async stop() {
    await server.close()
    return {}
  },
}

process.on('message', (message) => {
  const { id, cmd } = message ?? {}
  const handler = handlers[cmd]
  if (!handler) return process.send?.({ id, error: `unknown command ${cmd}` })
  handler(message).then(
    (result) => {
      process.send?.({ id, result })
      if (cmd === 'stop') setTimeout(() => process.exit(0), 50)
    },
    (error) => process.send?.({ id, error: String(error?.stack ?? error) }),
  )
})
// As the CLI does: SIGTERM stops the server (the bench counts what it logs meanwhile), then the process exits.
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)))
process.on('disconnect', () => process.exit(0))

process.send?.({ ready: true, url, pid: process.pid, gc: typeof globalThis.gc === 'function' })
