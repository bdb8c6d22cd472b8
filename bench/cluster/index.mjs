// The cluster bench (`pnpm bench:cluster` builds the server, then runs this): messages per second and
// visitor→agent latency (p50/p99) with 1, 2 and 3 kefu processes over one PostgreSQL and one Redis, and a
// plain `ws` relay as the baseline in the same run. Each visitor talks to an agent connected to ANOTHER
// process (with one process, the same one), so with 2 and 3 processes every message crosses Redis.
// Each visitor keeps one message in flight (the next goes when the previous is acknowledged, i.e. stored).
// Latency: send time written in the text, read on arrival at the agent (same machine, same clock).
// Everything (the bench client, the kefu processes, PostgreSQL, Redis) shares this machine's CPUs: read the
// ratios between process counts in that light. Prints figures; exits non-zero only when something fails.
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { freshDatabase, login, percentile, seedCompany, socket, startServer, summary } from './cluster.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const USAGE = `usage: node bench/cluster/index.mjs [--visitors V] [--messages K] [--runs R] [--processes 1,2,3]
  --visitors V      visitors (one agent per five, capacity 5) (default 60)
  --messages K      messages each visitor sends per run (default 40)
  --runs R          runs of each configuration (default 3)
  --processes LIST  process counts to measure (default 1,2,3)
  env KEFU_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), KEFU_BENCH_REDIS_URL (default redis://127.0.0.1:6379)`

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i === -1 ? fallback : args[i + 1]
}
if (args.includes('--help')) {
  console.log(USAGE)
  process.exit(0)
}
const VISITORS = Number(option('visitors', 60))
const MESSAGES = Number(option('messages', 40))
const RUNS = Number(option('runs', 3))
const PROCESSES = String(option('processes', '1,2,3')).split(',').map(Number)
const DATABASE_URL = process.env.KEFU_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const REDIS_URL = process.env.KEFU_BENCH_REDIS_URL || 'redis://127.0.0.1:6379'
const AGENTS = Math.ceil(VISITORS / 5)

/** Sends K messages per visitor, one in flight each; returns msg/s and the latencies in ms. */
async function drive(visitors, agentSockets, sendFrame, isAck) {
  const latencies = []
  for (const agent of agentSockets) {
    agent.on((frame) => {
      const text = frame.type === 'message' ? (frame.message?.body?.text ?? frame.text) : undefined
      if (frame.type === 'message' && (frame.message?.sender ?? 'visitor') === 'visitor' && text?.startsWith('t:')) {
        latencies.push(performance.timeOrigin + performance.now() - Number(text.slice(2).split(' ')[0]))
      }
    })
  }
  const started = performance.now()
  await Promise.all(
    visitors.map(async (visitor, v) => {
      for (let i = 0; i < MESSAGES; i++) {
        const cid = `m${v}-${i}-${randomBytes(3).toString('hex')}`
        const acked = visitor.waitFor((f) => isAck(f, cid), 60_000)
        visitor.send(sendFrame(v, cid, `t:${performance.timeOrigin + performance.now()} ${i}`))
        await acked
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  // Let the last deliveries arrive.
  const expected = VISITORS * MESSAGES
  for (let i = 0; i < 100 && latencies.length < expected; i++) await new Promise((r) => setTimeout(r, 50))
  return { perSecond: expected / seconds, latencies: latencies.sort((a, b) => a - b), delivered: latencies.length }
}

async function kefuRun(processes) {
  const database = await freshDatabase(DATABASE_URL)
  const prefix = `kefu-bench-${randomBytes(4).toString('hex')}:`
  const servers = await Promise.all(Array.from({ length: processes }, () => startServer({ databaseUrl: database.url, redisUrl: REDIS_URL, redisPrefix: prefix })))
  const open = []
  try {
    const shop = await seedCompany(database.url, AGENTS, 5)
    const agentSockets = await Promise.all(
      shop.emails.map(async (email, i) => {
        const server = servers[(i + 1) % processes]
        const agent = await socket(`${server.wsUrl}/ws/agent`)
        open.push(agent)
        agent.send({ type: 'agent.hello', v: 1, token: await login(server.url, email) })
        await agent.waitFor((f) => f.type === 'agent.welcome')
        return agent
      }),
    )
    const visitors = []
    for (let v = 0; v < VISITORS; v++) {
      const visitor = await socket(`${servers[v % processes].wsUrl}/ws/visitor`)
      open.push(visitor)
      visitor.send({ type: 'hello', v: 1, companyId: shop.companyId, lastSeq: 0 })
      await visitor.waitFor((f) => f.type === 'welcome')
      visitors.push(visitor)
    }
    await Promise.all(
      visitors.map(async (visitor, v) => {
        visitor.send({ type: 'chat.request', cid: `r${v}`, routing: { mode: 2 } })
        await visitor.waitFor((f) => f.type === 'status' && f.event.type === 'assigned', 60_000)
      }),
    )
    return await drive(
      visitors,
      agentSockets,
      (_v, cid, text) => ({ type: 'message.send', cid, body: { type: 'text', text } }),
      (f, cid) => f.type === 'ack' && f.cid === cid,
    )
  } finally {
    for (const s of open) s.close()
    await Promise.all(servers.map((s) => s.stop()))
    await database.drop()
  }
}

async function relayRun() {
  const child = fork(join(here, 'relay.mjs'), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  const url = await new Promise((resolve) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = /RELAY_READY (\S+)/.exec(out)
      if (match) resolve(match[1])
    })
  })
  const open = []
  try {
    const agentSockets = await Promise.all(Array.from({ length: AGENTS }, (_, i) => socket(`${url}/?agent=a${i}`)))
    open.push(...agentSockets)
    const visitors = await Promise.all(Array.from({ length: VISITORS }, () => socket(url)))
    open.push(...visitors)
    return await drive(
      visitors,
      agentSockets,
      (v, cid, text) => ({ to: `a${v % AGENTS}`, cid, text }),
      (f, cid) => f.type === 'ack' && f.cid === cid,
    )
  } finally {
    for (const s of open) s.close()
    child.kill('SIGTERM')
  }
}

const results = new Map()
const record = (name, run) => {
  const list = results.get(name) ?? []
  list.push(run)
  results.set(name, list)
  console.log(
    `  ${name.padEnd(12)} ${run.perSecond.toFixed(0).padStart(6)} msg/s  p50 ${percentile(run.latencies, 50).toFixed(1)} ms  p99 ${percentile(run.latencies, 99).toFixed(1)} ms  (${run.delivered}/${VISITORS * MESSAGES} delivered)`,
  )
}

console.log(`bench/cluster: ${VISITORS} visitors × ${MESSAGES} messages, ${AGENTS} agents, ${RUNS} runs each; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`)
for (let run = 1; run <= RUNS; run++) {
  console.log(`run ${run}`)
  record('ws relay', await relayRun())
  for (const n of PROCESSES) record(`kefu × ${n}`, await kefuRun(n))
}

console.log('\nsummary (min / median / max over runs)')
const baseline = results.get(`kefu × ${PROCESSES[0]}`)
for (const [name, runs] of results) {
  console.log(`  ${name}`)
  console.log(`    msg/s      ${summary(runs.map((r) => r.perSecond))}`)
  console.log(`    p50 ms     ${summary(runs.map((r) => percentile(r.latencies, 50)), 1)}`)
  console.log(`    p99 ms     ${summary(runs.map((r) => percentile(r.latencies, 99)), 1)}`)
  if (name.startsWith('kefu') && baseline) {
    const ratios = runs.map((r, i) => r.perSecond / baseline[i].perSecond)
    console.log(`    vs kefu × ${PROCESSES[0]} ${summary(ratios, 2)}`)
  }
}
const relay = results.get('ws relay')
if (relay) for (const [name, runs] of results) if (name !== 'ws relay') console.log(`  ${name} / ws relay msg/s: ${summary(runs.map((r, i) => r.perSecond / relay[i].perSecond), 2)}`)
process.exit(0)
