// The cluster soak (`pnpm bench:soak`; not part of CI): three kefu processes over PostgreSQL and a Redis
// of its own, N visitors (kefu's own client, through a round-robin "load balancer") each sending M
// messages to agents on other processes, for at most --seconds, through reconnect storms, a SIGKILLed
// process (restarted after a few seconds) and a Redis restart. It prints what was sent, acknowledged,
// stored, delivered (to an agent, live or through the history a reconnecting workbench reloads) and
// duplicated (stored twice, or shown twice in a client). Exits 1 if an acknowledged message was lost or
// anything was duplicated.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket, freshDatabase, login, root, seedCompany, socket, startServer } from './cluster.mjs'

const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback)
const VISITORS = option('visitors', 30)
const MESSAGES = option('messages', 40)
const SECONDS = option('seconds', 90)
const DATABASE_URL = process.env.KEFU_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

const { createChat, memoryStorage } = await import(join(root, 'packages', 'core', 'dist', 'index.js'))
const { websocketTransport } = await import(join(root, 'packages', 'core', 'dist', 'websocket.js'))
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const deadline = Date.now() + SECONDS * 1000

async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

// A Redis of the soak's own: restarting the machine's shared one is not ours to do.
const redisPort = await freePort()
const redisDir = mkdtempSync(join(tmpdir(), 'kefu-soak-redis-'))
let redis
const startRedis = async () => {
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir], { stdio: 'ignore' })
  await sleep(300)
}
await startRedis()
const REDIS_URL = `redis://127.0.0.1:${redisPort}`

const database = await freshDatabase(DATABASE_URL)
const config = { databaseUrl: database.url, redisUrl: REDIS_URL, redisPrefix: 'kefu-soak:', presenceExpiryMs: 3000, agentGraceMs: 120_000 }
const servers = await Promise.all([0, 1, 2].map(() => startServer(config)))
let live = [...servers]
let next = 0
// The "load balancer": new connections go round-robin to the live processes.
class BalancedWebSocket extends WebSocket {
  constructor(url) {
    super(`${live[next++ % live.length].wsUrl}${new URL(url).pathname}`)
  }
}

const shop = await seedCompany(database.url, Math.ceil(VISITORS / 5), 5)

// Agents: raw workbench connections that reconnect like the workbench does, reloading history on each welcome.
const delivered = new Set()
async function agent(email) {
  let current
  const connect = async () => {
    const server = live[next++ % live.length]
    const token = await login(server.url, email)
    const s = await socket(`${server.wsUrl}/ws/agent`)
    current = s
    s.on((frame) => {
      if (frame.type === 'message' && frame.message.sender === 'visitor') delivered.add(frame.message.id)
      if (frame.type === 'agent.welcome') {
        for (const c of frame.conversations) {
          fetch(`${server.url}/api/v1/visitors/${c.visitorId}/messages?limit=500`, { headers: { authorization: `Bearer ${token}` } })
            .then((r) => r.json())
            .then((messages) => {
              for (const m of messages) if (m.sender === 'visitor') delivered.add(m.id)
            })
            .catch(() => {})
        }
      }
    })
    s.ws.on('close', () => {
      if (Date.now() < deadline + 60_000 && current === s) setTimeout(() => connect().catch(() => setTimeout(connect, 500)), 200)
    })
    s.send({ type: 'agent.hello', v: 1, token })
  }
  await connect()
  return { close: () => ((current = undefined), undefined) }
}
const agents = await Promise.all(shop.emails.map(agent))

const counts = { sent: 0, acknowledged: 0, failed: 0 }
const acknowledgedIds = new Set()
const clients = Array.from({ length: VISITORS }, () => {
  const client = createChat({
    companyId: shop.companyId,
    transport: websocketTransport({ url: 'ws://balanced/ws/visitor', WebSocket: BalancedWebSocket, backoff: { initialMs: 100, maxMs: 1000 } }),
    storage: memoryStorage(),
  })
  client.connect()
  return client
})

async function visitor(client, index) {
  await client.requestChat({ mode: 2 }).catch(() => {})
  for (let i = 0; i < MESSAGES && Date.now() < deadline; i++) {
    counts.sent++
    try {
      const message = await client.send(`v${index} m${i}`)
      acknowledgedIds.add(message.id)
      counts.acknowledged++
    } catch {
      counts.failed++
    }
    await sleep(100 + Math.random() * 200)
  }
}

// The trouble, spread over the run.
const chaos = (async () => {
  const at = (fraction) => sleep(Math.max(0, SECONDS * 1000 * fraction - 500))
  await at(0.2)
  console.log('reconnect storm: every visitor connection cut')
  for (const client of clients) client.disconnect(), client.connect()
  await at(0.15)
  const victim = servers[2]
  console.log('SIGKILL one kefu process')
  live = servers.slice(0, 2)
  victim.child.kill('SIGKILL')
  await sleep(3000)
  servers[2] = await startServer(config)
  live = [...servers]
  console.log('the killed process is back')
  await at(0.15)
  console.log('Redis restart')
  redis.kill('SIGKILL')
  await sleep(1500)
  await startRedis()
  await at(0.1)
  console.log('reconnect storm')
  for (const client of clients) client.disconnect(), client.connect()
})()

await Promise.all([...clients.map(visitor), chaos])
console.log('sending done; letting deliveries and resyncs settle')
await sleep(8000)

const stored = await database.query(
  `SELECT count(*)::int AS n, count(DISTINCT (visitor_id, client_id))::int AS distinct_ids FROM messages WHERE company_id = $1 AND sender = 'visitor'`,
  [shop.companyId],
)
const shownTwice = clients.reduce((sum, client) => {
  const ids = client.getSnapshot().messages.map((m) => m.id)
  return sum + ids.length - new Set(ids).size
}, 0)
const storedIds = await database.query(`SELECT id FROM messages WHERE company_id = $1 AND sender = 'visitor'`, [shop.companyId])
const undelivered = storedIds.filter((row) => !delivered.has(row.id)).length
const duplicated = stored[0].n - stored[0].distinct_ids + shownTwice
console.log(`\nsoak: ${VISITORS} visitors × up to ${MESSAGES} messages over ${SECONDS} s, 3 processes, 1 SIGKILL, 1 Redis restart, 2 reconnect storms`)
console.log(`  sent          ${counts.sent}`)
console.log(`  acknowledged  ${counts.acknowledged}   (refused: ${counts.failed})`)
console.log(`  stored        ${stored[0].n}`)
console.log(`  delivered     ${storedIds.length - undelivered}   (to an agent, live or resynced; not: ${undelivered})`)
console.log(`  duplicated    ${duplicated}   (stored twice: ${stored[0].n - stored[0].distinct_ids}, shown twice: ${shownTwice})`)

for (const client of clients) client.destroy()
for (const a of agents) a.close()
await Promise.all(servers.map((s) => s.stop()))
redis.kill('SIGKILL')
rmSync(redisDir, { recursive: true, force: true })
await database.drop()
const storedSet = new Set(storedIds.map((row) => row.id))
const lost = [...acknowledgedIds].filter((id) => !storedSet.has(id)).length
console.log(`  lost          ${lost}   (acknowledged but not stored)`)
process.exit(lost > 0 || duplicated > 0 ? 1 : 0)
