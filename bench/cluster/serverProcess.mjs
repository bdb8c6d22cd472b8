// One kefu server process of the cluster bench (and the soak script), in cluster mode: PostgreSQL +
// Redis. Prints "KEFU_READY <url>" once listening; stops on SIGTERM or when its parent goes away.
import { createKefuServer } from '../../packages/server/dist/index.js'

const config = JSON.parse(process.argv[2] ?? '{}')
const server = await createKefuServer({
  port: config.port ?? 0,
  host: '127.0.0.1',
  logLevel: config.logLevel ?? 'warn',
  databaseUrl: config.databaseUrl,
  databasePoolSize: config.poolSize ?? 10,
  redisUrl: config.redisUrl,
  redisPrefix: config.redisPrefix,
  presenceExpiryMs: config.presenceExpiryMs ?? 3000,
  agentGraceMs: config.agentGraceMs ?? 60_000,
  // The load is many messages a second per connection: lift the per-connection frame limit.
  limits: { framesPerSecond: 1_000_000, frameBurst: 1_000_000, visitorFrameBurst: 1_000_000, addressFrameBurst: 1_000_000, newVisitorsPerAddressPerMinute: 1_000_000 },
  httpLimits: { loginBurst: 100_000, uploadBurst: 100_000 },
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
process.on('SIGTERM', stop)
process.on('disconnect', stop)
