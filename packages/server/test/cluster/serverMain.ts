// A kefu server in its own process, for the multi-process tests (bundled by serverProcess.ts).
// Prints "KEFU_READY <url>" once listening; stops on SIGTERM or when its parent closes stdin.
import { createKefuServer } from '../../src/createKefuServer'

const config = JSON.parse(process.argv[2] ?? '{}') as {
  databaseUrl: string
  redisUrl: string
  redisPrefix: string
  port?: number
  presenceExpiryMs?: number
  agentGraceMs?: number
  sweepIntervalMs?: number
}

const server = await createKefuServer({
  logLevel: 'warn',
  port: config.port ?? 0,
  databaseUrl: config.databaseUrl,
  databasePoolSize: 5,
  redisUrl: config.redisUrl,
  redisPrefix: config.redisPrefix,
  ...(config.presenceExpiryMs ? { presenceExpiryMs: config.presenceExpiryMs } : {}),
  agentGraceMs: config.agentGraceMs ?? 60_000,
  sweepIntervalMs: config.sweepIntervalMs ?? 15_000,
  // Tests send faster than people type and sign many agents in from one address.
  limits: {
    framesPerSecond: 1_000_000,
    frameBurst: 1_000_000,
    visitorFrameBurst: 1_000_000,
    addressFrameBurst: 1_000_000,
    newVisitorsPerAddressPerMinute: 1_000_000,
  },
  httpLimits: { loginBurst: 100_000, uploadBurst: 100_000 },
  metrics: { public: true },
})
const url = await server.listen()
process.stdout.write(`KEFU_READY ${url}\n`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await server.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.stdin.on('end', () => void stop())
process.stdin.resume()
