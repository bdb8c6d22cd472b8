// Load benchmark of @kefu/server over loopback (needs `pnpm --filter @kefu/server... build` first;
// `pnpm bench:server` builds, then runs this). For each database (PGlite in a temp data dir,
// PostgreSQL in a fresh throw-away database) it starts the server in a child process and measures:
//   1. connections held: N idle visitor connections (hello → welcome), the time to open them, and
//      the server's memory per connection (RSS and JS heap after GC, before vs after);
//   2. M concurrent 1:1 conversations (M agents of capacity 1, one visitor each), each visitor sending
//      K text messages: a paced run (one every --interval-ms, staggered) and a saturated run (one in
//      flight per visitor). Visitor→agent latency comes from the send time written in the text and the
//      agent's receive time (same process, same clock); persisted messages per second counts only
//      messages whose `ack` arrived (the server acks after storing).
// Reading the figures: the bench client, the server and PostgreSQL share this machine's CPUs (the
// busy figures say how much each took); a served chat's messages go to its agent only, so "frames to
// agents per message" should stay 1 however many agents there are; a paced run offered more than the server
// persists measures queueing, and the bench says so and suggests an --interval-ms under capacity.
// It prints figures and exits 0; non-zero only when it crashes, a server fails to start, or the hard
// timeout is reached. Everything it opens (sockets, the server process, temp dirs, the database) is
// closed or removed before it exits.
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
// `ws` and `pg` are dependencies of @kefu/server; resolve them from there.
const requireServerDep = createRequire(join(root, 'packages', 'server', 'package.json'))
const { WebSocket } = requireServerDep('ws')
const pg = requireServerDep('pg')

// ---- options --------------------------------------------------------------------------------

const USAGE = `usage: node bench/server/index.mjs [options]
  --visitors N            idle visitor connections to hold (default 2000)
  --conversations M       concurrent 1:1 conversations: M agents, M visitors (default 100)
  --messages K            messages each visitor sends per run (default 50)
  --interval-ms T         pace of the paced run: one message per visitor every T ms (default 20)
  --db pglite|postgres|both   (default both)
  --database-url URL      PostgreSQL admin URL (default $KEFU_BENCH_DATABASE_URL or
                          postgres://postgres@127.0.0.1:5432/postgres); a fresh database is
                          created on it for the run and dropped afterwards
  --connect-concurrency C connections opening at once (default 100)
  --timeout S             hard overall timeout in seconds (default 300)
  --server-cpu-prof DIR   write a V8 CPU profile of each server process to DIR (node --cpu-prof)
  --visitors 0 skips part 1.`

function parseArgs(argv) {
  const options = {
    visitors: 2000,
    conversations: 100,
    messages: 50,
    intervalMs: 20,
    db: 'both',
    databaseUrl: process.env.KEFU_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    connectConcurrency: 100,
    timeoutS: 300,
  }
  const numeric = { '--visitors': 'visitors', '--conversations': 'conversations', '--messages': 'messages', '--interval-ms': 'intervalMs', '--connect-concurrency': 'connectConcurrency', '--timeout': 'timeoutS' }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2)
    const value = () => inline ?? argv[++i]
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE)
      process.exit(0)
    } else if (numeric[flag]) {
      const n = Number(value())
      if (!Number.isFinite(n) || n < 0) fail(`${flag} needs a number`)
      options[numeric[flag]] = n
    } else if (flag === '--db') {
      options.db = value()
      if (!['pglite', 'postgres', 'both'].includes(options.db)) fail('--db is pglite, postgres or both')
    } else if (flag === '--database-url') {
      options.databaseUrl = value()
    } else if (flag === '--server-cpu-prof') {
      options.serverCpuProf = value()
    } else fail(`unknown option ${argv[i]}`)
  }
  if (options.conversations < 1 || options.messages < 1 || options.intervalMs <= 0 || options.connectConcurrency < 1) fail('--conversations, --messages, --interval-ms and --connect-concurrency must be positive')
  return options
}

function fail(message) {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

const options = parseArgs(process.argv.slice(2))
const PASSWORD = 'bench password 1234'

// ---- small helpers --------------------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function withTimeout(promise, ms, label) {
  let timer
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label}: no answer within ${Math.round(ms)} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool(items, concurrency, work) {
  let next = 0
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      await work(items[index], index)
    }
  })
  await Promise.all(lanes)
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–')
const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–')
const MB = 1024 * 1024

/** Whole-machine CPU time from /proc/stat (Linux); undefined elsewhere. */
function machineCpu() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const idle = fields[3] + (fields[4] ?? 0)
    return { idle, total: fields.reduce((a, b) => a + b, 0) }
  } catch {
    return undefined
  }
}

/** How busy the machine is with nothing of ours running, over one second (Linux). */
async function backgroundCpu() {
  const before = machineCpu()
  await sleep(1000)
  const after = machineCpu()
  return before && after ? (1 - (after.idle - before.idle) / (after.total - before.total)) * 100 : NaN
}

/** CPU ticks of every process named `postgres` on this machine (Linux; USER_HZ ticks). */
function postgresCpuTicks() {
  try {
    let ticks = 0
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      let stat
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      } catch {
        continue
      }
      const close = stat.lastIndexOf(')')
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue
      const rest = stat.slice(close + 2).split(' ')
      ticks += Number(rest[11]) + Number(rest[12])
    }
    return ticks
  } catch {
    return undefined
  }
}

// ---- cleanup and the hard timeout --------------------------------------------------------------

const openSockets = new Set()
const cleanups = []
let cleaning

function cleanupAll() {
  cleaning ??= (async () => {
    for (const ws of openSockets) ws.terminate()
    openSockets.clear()
    while (cleanups.length) {
      const task = cleanups.pop()
      try {
        await withTimeout(Promise.resolve().then(task), 15_000, 'cleanup')
      } catch (error) {
        console.error(`cleanup: ${error.message}`)
      }
    }
  })()
  return cleaning
}

const startedAt = performance.now()
const deadline = startedAt + options.timeoutS * 1000
const remainingMs = (reserveMs = 20_000) => Math.max(1000, deadline - performance.now() - reserveMs)

let timedOut = false
const hardTimer = setTimeout(async () => {
  timedOut = true
  console.error(`\nhard timeout of ${options.timeoutS} s reached: cleaning up and exiting`)
  await cleanupAll()
  process.exit(1)
}, options.timeoutS * 1000)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    console.error(`\n${signal}: cleaning up`)
    await cleanupAll()
    process.exit(130)
  })
}

// ---- the server process -----------------------------------------------------------------------

class ServerStartError extends Error {}

async function startServer(config) {
  const child = fork(join(here, 'serverProcess.mjs'), [JSON.stringify(config)], {
    execArgv: ['--expose-gc', ...(options.serverCpuProf ? ['--cpu-prof', `--cpu-prof-dir=${options.serverCpuProf}`] : [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const log = { warnings: 0, errors: 0, first: [], stopping: false, whileStopping: 0 }
  let crash = ''
  const collect = (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (!line.trim()) continue
      // What an uncaught error prints: "SomeError: message".
      if (!crash && /^[A-Za-z]*Error\b.*:/.test(line.trim())) crash = line.trim().slice(0, 300)
      const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 50)
      if (level < 40) continue
      if (log.stopping) log.whileStopping++
      else if (level >= 50) log.errors++
      else log.warnings++
      let what = line.slice(0, 200)
      try {
        const entry = JSON.parse(line)
        what = [entry.msg, entry.err?.message].filter(Boolean).join(': ') || what
      } catch {
        // not pino's JSON: keep the raw line
      }
      if (log.first.length < 3 && !log.first.includes(what)) log.first.push(what)
    }
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  let alive = true
  void exited.then(() => (alive = false))
  const kill = async () => {
    if (!alive) return
    child.kill('SIGKILL')
    await exited
  }
  cleanups.push(kill)

  const pending = new Map()
  let ids = 0
  child.on('message', (message) => {
    const waiter = pending.get(message?.id)
    if (!waiter) return
    pending.delete(message.id)
    if (message.error) waiter.reject(new Error(message.error))
    else waiter.resolve(message.result)
  })
  void exited.then(({ code, signal }) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`server process exited (${signal ?? code})`))
    pending.clear()
  })

  let ready
  try {
    ready = await withTimeout(
      new Promise((resolve, reject) => {
        child.on('message', (message) => message?.ready && resolve(message))
        void exited.then(({ code, signal }) => reject(new Error(`server process exited (${signal ?? code}) before listening${crash ? `: ${crash}` : ''}`)))
      }),
      60_000,
      'server start',
    )
  } catch (error) {
    await kill()
    throw new ServerStartError(error.message)
  }

  const request = (cmd, extra = {}, timeoutMs = 60_000) => {
    const id = ++ids
    const answer = new Promise((resolve, reject) => pending.set(id, { resolve, reject }))
    child.send({ id, cmd, ...extra })
    return withTimeout(answer, timeoutMs, `server ${cmd}`)
  }

  return {
    url: ready.url,
    wsUrl: ready.url.replace(/^http/, 'ws'),
    pid: ready.pid,
    log,
    request,
    get alive() {
      return alive
    },
    async stop() {
      if (!alive) return
      log.stopping = true
      try {
        await request('stop', {}, 15_000)
        await withTimeout(exited, 5000, 'server exit')
      } catch {
        await kill()
      }
    },
  }
}

async function metricsOf(server) {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  const values = {}
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue
    const space = line.lastIndexOf(' ')
    values[line.slice(0, space)] = Number(line.slice(space + 1))
  }
  return values
}

async function http(server, method, path, { token, body } = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const text = await response.text()
  const json = text ? JSON.parse(text) : undefined
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`)
  return json
}

// ---- raw WebSocket clients ------------------------------------------------------------------

/** Opens a socket, sends `hello`, resolves with the first answer if `isWelcome` accepts it. */
function connect(url, hello, isWelcome, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false })
    openSockets.add(ws)
    let settled = false
    const done = (error, welcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      ws.removeAllListeners('message')
      if (error) {
        openSockets.delete(ws)
        ws.terminate()
        reject(error)
      } else resolve({ ws, welcome })
    }
    const timer = setTimeout(() => done(new Error('timeout')), timeoutMs)
    ws.on('error', (error) => done(error))
    ws.on('close', (code) => done(new Error(`closed ${code}`)))
    ws.once('open', () => ws.send(JSON.stringify(hello)))
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data))
      if (isWelcome(frame)) done(undefined, frame)
      else if (frame.type === 'error') done(new Error(`${frame.code}: ${frame.message}`))
    })
  })
}

const visitorHello = (companyId) => ({ type: 'hello', v: 1, companyId, lastSeq: 0 })
const openVisitor = (server, companyId) => connect(`${server.wsUrl}/ws/visitor`, visitorHello(companyId), (f) => f.type === 'welcome')
const openAgent = (server, token) => connect(`${server.wsUrl}/ws/agent`, { type: 'agent.hello', v: 1, token }, (f) => f.type === 'agent.welcome')

function closeAll(sockets) {
  for (const ws of sockets) {
    openSockets.delete(ws)
    ws.terminate()
  }
}

async function waitFor(check, timeoutMs, intervalMs = 100) {
  const until = performance.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (performance.now() > until) return false
    await sleep(intervalMs)
  }
}

/** Waits until the server saw every socket close and finished the work a disconnect starts. */
async function settleDisconnects(server) {
  await waitFor(async () => {
    const m = await metricsOf(server)
    return m.kefu_visitor_connections === 0 && m.kefu_agent_connections === 0
  }, 30_000)
  // Disconnect handling (presence, visitor profile to agents) runs after the gauge drops.
  await sleep(1000)
}

// ---- 1. connections held ----------------------------------------------------------------------

async function connectionsHeld(server) {
  const n = options.visitors
  const { companyId } = await server.request('company', {
    input: { id: 'bench_idle', name: 'Bench idle visitors', admin: { email: 'idle-admin@bench.test', name: 'Admin', password: PASSWORD } },
  })
  const handledBefore = (await metricsOf(server)).kefu_frame_handling_seconds_count ?? 0
  const before = await server.request('mem')
  const sockets = []
  const failures = new Map()
  const t0 = performance.now()
  const openDeadline = Math.min(120_000, remainingMs(60_000))
  await pool(Array.from({ length: n }), options.connectConcurrency, async () => {
    if (performance.now() - t0 > openDeadline) {
      failures.set('skipped: time budget', (failures.get('skipped: time budget') ?? 0) + 1)
      return
    }
    try {
      const { ws } = await openVisitor(server, companyId)
      sockets.push(ws)
    } catch (error) {
      const reason = String(error.message ?? error).slice(0, 80)
      failures.set(reason, (failures.get(reason) ?? 0) + 1)
    }
  })
  const openMs = performance.now() - t0
  // The server finishes each hello after sending `welcome` (presence to agents): wait until every
  // hello it received has been handled before reading its memory.
  const settled = await waitFor(async () => ((await metricsOf(server)).kefu_frame_handling_seconds_count ?? 0) >= handledBefore + sockets.length, 30_000)
  const after = await server.request('mem')
  const metrics = await metricsOf(server)
  const heldClient = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length
  const heldServer = metrics.kefu_visitor_connections
  closeAll(sockets)
  await settleDisconnects(server)
  const heldN = heldClient || 1
  return {
    requested: n,
    heldClient,
    heldServer,
    failures,
    openMs,
    settled,
    rssBefore: before.rss,
    rssAfter: after.rss,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    rssPerConnection: (after.rss - before.rss) / heldN,
    heapPerConnection: (after.heapUsed - before.heapUsed) / heldN,
  }
}

// ---- 2. concurrent conversations -----------------------------------------------------------------

async function setUpConversations(server) {
  const m = options.conversations
  const t0 = performance.now()
  const { companyId } = await server.request('company', {
    input: { id: 'bench_chat', name: 'Bench chat', settings: { receptionMode: 2 }, admin: { email: 'chat-admin@bench.test', name: 'Admin', password: PASSWORD } },
  })
  const { token: adminToken } = await http(server, 'POST', '/api/v1/auth/login', { body: { email: 'chat-admin@bench.test', password: PASSWORD } })
  // Agents through the admin API, then signed in like the workbench does (scrypt on each: few at a time).
  const tokens = new Array(m)
  await pool(Array.from({ length: m }, (_, i) => i), 4, async (i) => {
    const email = `agent${i}@bench.test`
    await http(server, 'POST', '/api/v1/agents', { token: adminToken, body: { email, password: PASSWORD, name: `Agent ${i}`, capacity: 1 } })
    tokens[i] = (await http(server, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).token
  })
  const agents = []
  await pool(tokens, 20, async (token) => {
    const { ws, welcome } = await openAgent(server, token)
    agents.push({ ws, agentId: welcome.agent.agentId, frames: 0, bytes: 0, onData: undefined })
  })
  for (const agent of agents) {
    agent.ws.on('message', (data) => {
      agent.frames++
      agent.bytes += data.length
      agent.onData?.(data)
    })
  }
  const agentById = new Map(agents.map((a) => [a.agentId, a]))

  const visitors = []
  await pool(Array.from({ length: m }), options.connectConcurrency, async () => {
    const { ws, welcome } = await openVisitor(server, companyId)
    visitors.push({ ws, visitorId: welcome.visitorId, onFrame: undefined })
  })
  // Each visitor asks for a human; the router gives each its own agent (capacity 1).
  const assigned = []
  const unassigned = []
  await Promise.all(
    visitors.map(
      (visitor, i) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => {
            unassigned.push('no assignment within 60 s')
            resolve()
          }, 60_000)
          visitor.ws.on('message', (data) => {
            if (visitor.onFrame) return visitor.onFrame(data)
            const frame = JSON.parse(String(data))
            if (frame.type === 'status' && frame.event.type === 'assigned') {
              clearTimeout(timer)
              const agent = agentById.get(frame.event.staff.staffId)
              if (agent && !agent.visitor) {
                agent.visitor = visitor
                assigned.push({ visitor, agent, conversationId: frame.event.staff.recordId, index: assigned.length })
              } else unassigned.push('assigned to an agent already serving')
              resolve()
            } else if (frame.type === 'error' || (frame.type === 'status' && ['offline', 'queued', 'overloaded'].includes(frame.event.type))) {
              clearTimeout(timer)
              unassigned.push(frame.type === 'error' ? `${frame.code}` : frame.event.type)
              resolve()
            }
          })
          visitor.ws.send(JSON.stringify({ type: 'chat.request', cid: `req-${i}`, routing: { mode: 2 } }))
        }),
    ),
  )
  return { agents, visitors, pairs: assigned, unassigned, setupMs: performance.now() - t0 }
}

async function conversationRun(server, setup, kind) {
  const { pairs, agents } = setup
  const k = options.messages
  const interval = options.intervalMs
  const latencies = []
  const ackRtts = []
  const errors = new Map()
  let sent = 0
  let acked = 0
  let answered = 0
  let delivered = 0
  let firstSendAt = Infinity
  let lastAckAt = 0
  let lastDeliveryAt = 0
  const total = pairs.length * k
  let finish
  const finished = new Promise((resolve) => (finish = resolve))
  const checkDone = () => answered >= total && delivered >= acked && finish()
  const timers = []

  for (const agent of agents) {
    agent.frames = 0
    agent.bytes = 0
  }
  for (const pair of pairs) {
    const { visitor, agent } = pair
    const pendingSends = new Map()
    let next = 0
    const prefix = `bench|${kind}|${pair.index}|`
    const send = () => {
      if (next >= k) return
      const cid = `${kind[0]}${pair.index}-${next++}`
      const t = performance.now()
      firstSendAt = Math.min(firstSendAt, t)
      pendingSends.set(cid, t)
      visitor.ws.send(JSON.stringify({ type: 'message.send', cid, body: { type: 'text', text: `${prefix}${t.toFixed(3)}` } }))
      sent++
    }
    // Visitor frames: acks (and errors) for its sends; its own message echoes are ignored.
    visitor.onFrame = (data) => {
      if (data.indexOf('"type":"ack"') === -1 && data.indexOf('"type":"error"') === -1) return
      const frame = JSON.parse(String(data))
      const t0 = pendingSends.get(frame.cid)
      if (t0 === undefined) return
      pendingSends.delete(frame.cid)
      const now = performance.now()
      answered++
      if (frame.type === 'ack') {
        acked++
        lastAckAt = now
        ackRtts.push(now - t0)
      } else errors.set(frame.code, (errors.get(frame.code) ?? 0) + 1)
      if (kind === 'saturated') send()
      checkDone()
    }
    pair.sendOne = send
    // Agent frames: every agent of the company gets every message; only parse those of its own visitor.
    const key = Buffer.from(`"visitorId":"${visitor.visitorId}"`)
    agent.onData = (data) => {
      if (data.indexOf(key) === -1) return
      const frame = JSON.parse(String(data))
      if (frame.type !== 'message' || frame.message.sender !== 'visitor') return
      const text = frame.message.body?.text
      if (typeof text !== 'string' || !text.startsWith(prefix)) return
      const now = performance.now()
      latencies.push(now - Number(text.slice(prefix.length)))
      delivered++
      lastDeliveryAt = now
      checkDone()
    }
  }

  const probeBefore = await server.request('probe')
  const metricsBefore = await metricsOf(server)
  const machineBefore = machineCpu()
  const pgBefore = setup.postgres ? postgresCpuTicks() : undefined
  const clientBefore = process.cpuUsage()
  const t0 = performance.now()

  if (kind === 'paced') {
    // Visitor i starts i/M of an interval after the first, then sends on a fixed schedule.
    pairs.forEach((pair, i) => {
      const offset = (i / pairs.length) * interval
      let n = 0
      const tick = () => {
        pair.sendOne()
        n++
        if (n < k) timers.push(setTimeout(tick, Math.max(0, t0 + offset + n * interval - performance.now())))
      }
      timers.push(setTimeout(tick, offset))
    })
  } else {
    for (const pair of pairs) pair.sendOne()
  }
  const budget = Math.min(kind === 'paced' ? k * interval + 60_000 : 120_000, remainingMs())
  const completed = await Promise.race([finished.then(() => true), sleep(budget).then(() => false)])
  for (const timer of timers) clearTimeout(timer)
  const wallMs = performance.now() - t0

  const clientCpu = process.cpuUsage(clientBefore)
  const probeAfter = await server.request('probe')
  const metricsAfter = await metricsOf(server)
  const machineAfter = machineCpu()
  const pgAfter = setup.postgres ? postgresCpuTicks() : undefined
  for (const pair of pairs) {
    pair.visitor.onFrame = () => {}
    pair.agent.onData = undefined
  }

  const sorted = latencies.sort((a, b) => a - b)
  const rtts = ackRtts.sort((a, b) => a - b)
  const ackWallMs = acked ? lastAckAt - firstSendAt : NaN
  const serverCpuMs = (probeAfter.cpu.user - probeBefore.cpu.user + probeAfter.cpu.system - probeBefore.cpu.system) / 1000
  const elu = performance.eventLoopUtilization ? eluBetween(probeBefore.elu, probeAfter.elu) : NaN
  const handledCount = (metricsAfter.kefu_frame_handling_seconds_count ?? 0) - (metricsBefore.kefu_frame_handling_seconds_count ?? 0)
  const handledSum = (metricsAfter.kefu_frame_handling_seconds_sum ?? 0) - (metricsBefore.kefu_frame_handling_seconds_sum ?? 0)
  const agentFrames = agents.reduce((sum, a) => sum + a.frames, 0)
  const agentBytes = agents.reduce((sum, a) => sum + a.bytes, 0)
  return {
    kind,
    completed,
    offeredPerSecond: kind === 'paced' ? (pairs.length * 1000) / interval : NaN,
    sent,
    acked,
    errors,
    delivered,
    wallMs,
    ackWallMs,
    persistedPerSecond: acked / (ackWallMs / 1000),
    latency: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) },
    ackRtt: { p50: percentile(rtts, 50), p99: percentile(rtts, 99) },
    serverCpuPercent: (serverCpuMs / wallMs) * 100,
    serverCpuPerMessageMs: acked ? serverCpuMs / acked : NaN,
    serverElu: elu,
    serverHandlingMs: handledCount ? (handledSum / handledCount) * 1000 : NaN,
    machineBusyPercent: machineBefore && machineAfter ? (1 - (machineAfter.idle - machineBefore.idle) / (machineAfter.total - machineBefore.total)) * 100 : NaN,
    postgresCpuPercent: pgBefore !== undefined && pgAfter !== undefined ? ((pgAfter - pgBefore) * 10 / wallMs) * 100 : NaN,
    clientCpuPercent: ((clientCpu.user + clientCpu.system) / 1000 / wallMs) * 100,
    // Frames every agent socket received, per visitor message stored (the company's fan-out).
    agentFramesPerMessage: Math.max(acked, delivered) ? agentFrames / Math.max(acked, delivered) : NaN,
    agentMbReceived: agentBytes / MB,
    lastDeliveryAt,
  }
}

function eluBetween(before, after) {
  const idle = after.idle - before.idle
  const active = after.active - before.active
  return active / (idle + active)
}

async function conversations(server, postgres) {
  const setup = await setUpConversations(server)
  setup.postgres = postgres
  const runs = []
  for (const kind of ['paced', 'saturated']) {
    // A run cut short leaves a backlog in the server that would be counted against the next one.
    if (runs.some((r) => !r.completed)) break
    runs.push(await conversationRun(server, setup, kind))
    await sleep(500)
  }
  closeAll([...setup.agents.map((a) => a.ws), ...setup.visitors.map((v) => v.ws)])
  await settleDisconnects(server)
  return { setup, runs }
}

// ---- one database --------------------------------------------------------------------------------

async function benchDatabase(db) {
  const cleanupMark = cleanups.length
  let databaseUrl
  let label
  // A temp data dir in both cases: PGlite lives in it, and uploads go to <dataDir>/files (without
  // one the server makes a kefu-files-* dir in the OS temp dir that nothing removes).
  const dataDir = mkdtempSync(join(os.tmpdir(), 'kefu-bench-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  if (db === 'postgres') {
    const admin = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 3000 })
    try {
      await admin.connect()
    } catch (error) {
      console.log(`\n== PostgreSQL: skipped, ${redact(options.databaseUrl)} is unreachable (${error.message}) ==`)
      return undefined
    }
    const name = `kefu_bench_${randomBytes(6).toString('hex')}`
    const version = (await admin.query('SHOW server_version')).rows[0].server_version
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 3000 })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    })
    const url = new URL(options.databaseUrl)
    url.pathname = `/${name}`
    databaseUrl = url.toString()
    label = `PostgreSQL ${version} (fresh database ${name} on ${url.host}; pool of 10)`
  } else {
    label = `PGlite (temp data dir ${dataDir})`
  }
  const background = await backgroundCpu()
  const server = await startServer({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) })
  console.log(`\n== ${label} ==`)
  if (Number.isFinite(background)) {
    console.log(`  machine CPU busy before the server started (1 s sample): ${fmtInt(background)}%${background > 20 ? ' (something else is using this machine: figures below are lower than on an idle one)' : ''}`)
  }
  const result = { db, label }
  try {
    if (options.visitors > 0) {
      result.held = { db, ...(await connectionsHeld(server)) }
      printHeld(result.held)
    }
    result.chat = await conversations(server, db === 'postgres')
    printConversations(result.chat)
  } finally {
    await server.stop()
    const { errors, warnings, whileStopping, first } = server.log
    if (errors || warnings || whileStopping) {
      console.log(
        `  server log: ${errors} error(s) and ${warnings} warning(s) while running, ${whileStopping} while stopping: ${first.map((w) => `"${w}"`).join(', ')}`,
      )
    }
    // Release this database's resources now (the server first, then its data).
    while (cleanups.length > cleanupMark) {
      const task = cleanups.pop()
      try {
        await withTimeout(Promise.resolve().then(task), 15_000, 'cleanup')
      } catch (error) {
        console.error(`cleanup: ${error.message}`)
      }
    }
  }
  return result
}

const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')

// ---- printing -----------------------------------------------------------------------------------

function printRows(rows) {
  const width = Math.max(...rows.map(([label]) => label.length))
  for (const [label, ...values] of rows) console.log(`  ${label.padEnd(width)}  ${values.map((v) => String(v).padStart(26)).join('')}`.trimEnd())
}

function printHeld(h) {
  console.log(`\n 1. Connections held: ${fmtInt(h.requested)} idle visitors (hello → welcome), ${options.connectConcurrency} opening at once`)
  const failures = [...h.failures].map(([reason, count]) => `${count} × ${reason}`).join('; ')
  printRows([
    ['held (client / server gauge)', `${fmtInt(h.heldClient)} / ${fmtInt(h.heldServer)}`],
    ['failed', failures || '0'],
    ['time to open all', `${fmt(h.openMs / 1000, 2)} s (${fmtInt(h.heldClient / (h.openMs / 1000))} conn/s)`],
    ['server RSS before → after', `${fmt(h.rssBefore / MB)} → ${fmt(h.rssAfter / MB)} MB`],
    ['server JS heap before → after', `${fmt(h.heapBefore / MB)} → ${fmt(h.heapAfter / MB)} MB`],
    ['memory per connection (RSS)', `${fmt(h.rssPerConnection / 1024)} KB`],
    ['memory per connection (JS heap)', `${fmt(h.heapPerConnection / 1024)} KB`],
    ...(h.settled ? [] : [['note', 'the server had not handled every hello within 30 s when memory was read']]),
  ])
  if (h.db === 'pglite') console.log('  (PGlite runs inside the server process: its RSS includes the database, which grows with the visitors stored)')
}

function printConversations({ setup, runs }) {
  const m = options.conversations
  console.log(
    `\n 2. Concurrent 1:1 conversations: ${setup.pairs.length} of ${m} visitor/agent pairs assigned (agent capacity 1), ${options.messages} messages per visitor per run; setup ${fmt(setup.setupMs / 1000, 1)} s`,
  )
  if (setup.unassigned.length) {
    const reasons = new Map()
    for (const r of setup.unassigned) reasons.set(r, (reasons.get(r) ?? 0) + 1)
    console.log(`    not assigned: ${[...reasons].map(([r, c]) => `${c} × ${r}`).join('; ')}`)
  }
  const row = (label, f) => [label, ...runs.map(f)]
  const ms = (v) => (Number.isFinite(v) ? `${fmt(v, 1)} ms` : '–')
  printRows([
    ['', `paced (1/${options.intervalMs} ms each)`, 'saturated (1 in flight)'].slice(0, runs.length + 1),
    row('offered load', (r) => (r.kind === 'paced' ? `${fmtInt(r.offeredPerSecond)} msg/s` : 'as fast as acks')),
    row('messages sent / acked', (r) => `${fmtInt(r.sent)} / ${fmtInt(r.acked)}`),
    row('error frames', (r) => ([...r.errors].map(([c, n]) => `${n} ${c}`).join(', ') || '0')),
    row('delivered to the agent', (r) => fmtInt(r.delivered)),
    row('wall time (1st send → last ack)', (r) => `${fmt(r.ackWallMs / 1000, 2)} s`),
    row('persisted messages/s', (r) => fmtInt(r.persistedPerSecond)),
    row('visitor→agent latency p50', (r) => ms(r.latency.p50)),
    row('                      p90', (r) => ms(r.latency.p90)),
    row('                      p99', (r) => ms(r.latency.p99)),
    row('                      max', (r) => ms(r.latency.max)),
    row('ack round trip p50 / p99', (r) => `${fmt(r.ackRtt.p50)} / ${fmt(r.ackRtt.p99)} ms`),
    row('server frame handling (mean)', (r) => ms(r.serverHandlingMs)),
    row('server CPU / event loop busy', (r) => `${fmtInt(r.serverCpuPercent)}% / ${fmtInt(r.serverElu * 100)}%`),
    row('server CPU per message', (r) => ms(r.serverCpuPerMessageMs)),
    ...(runs.some((r) => Number.isFinite(r.postgresCpuPercent)) ? [row('postgres processes CPU', (r) => `${fmtInt(r.postgresCpuPercent)}%`)] : []),
    row('bench client CPU', (r) => `${fmtInt(r.clientCpuPercent)}%`),
    row('machine CPU busy', (r) => `${fmtInt(r.machineBusyPercent)}%`),
    row('frames to agents per message', (r) => `${fmt(r.agentFramesPerMessage)} (${fmt(r.agentMbReceived)} MB)`),
    ...(runs.some((r) => !r.completed) ? [row('finished in its time budget', (r) => (r.completed ? 'yes' : 'no'))] : []),
  ])
  const [paced, saturated] = runs
  if (runs.length < 2) console.log('  saturated run skipped: the paced run did not finish in its time budget (raise --timeout or lower the load)')
  if (paced.completed && paced.persistedPerSecond < 0.9 * paced.offeredPerSecond) {
    console.log(
      `  the paced run was over capacity (offered ${fmtInt(paced.offeredPerSecond)} msg/s, persisted ${fmtInt(paced.persistedPerSecond)}): its latency is mostly time queued in the server`,
    )
    if (saturated?.completed && saturated.persistedPerSecond > 0) {
      const interval = Math.ceil((setup.pairs.length * 1000) / (0.5 * saturated.persistedPerSecond) / 10) * 10
      console.log(`  for a paced run at about half the saturated throughput use --interval-ms ${interval}`)
    }
  }
}

function printSummary(results) {
  const done = results.filter(Boolean)
  if (done.length < 2) return
  console.log('\n== Summary ==')
  const row = (label, f) => [label, ...done.map((r) => f(r))]
  printRows([
    ['', ...done.map((r) => (r.db === 'pglite' ? 'PGlite' : 'PostgreSQL'))],
    ...(done.every((r) => r.held)
      ? [
          row('connections held', (r) => `${fmtInt(r.held.heldClient)} / ${fmtInt(r.held.requested)}`),
          row('time to open them', (r) => `${fmt(r.held.openMs / 1000, 2)} s`),
          row('memory per connection (RSS)', (r) => `${fmt(r.held.rssPerConnection / 1024)} KB`),
        ]
      : []),
    row('paced: persisted msg/s', (r) => fmtInt(r.chat.runs[0].persistedPerSecond)),
    row('paced: latency p50 / p99', (r) => `${fmt(r.chat.runs[0].latency.p50)} / ${fmt(r.chat.runs[0].latency.p99)} ms`),
    row('saturated: persisted msg/s', (r) => fmtInt(r.chat.runs[1]?.persistedPerSecond)),
    row('saturated: latency p50 / p99', (r) => (r.chat.runs[1] ? `${fmt(r.chat.runs[1].latency.p50)} / ${fmt(r.chat.runs[1].latency.p99)} ms` : '–')),
  ])
}

// ---- main -------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(join(root, 'packages', 'server', 'dist', 'index.js'))) {
    console.error('packages/server/dist is missing: run `pnpm --filter @kefu/server... build` (or `pnpm bench:server`) first')
    return 1
  }
  const cpus = os.cpus()
  console.log('kefu server load benchmark (loopback 127.0.0.1; the server runs in its own process)')
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}, ${fmt(os.totalmem() / 1024 ** 3)} GB RAM, ${os.platform()} ${os.release()}; node ${process.version}`)
  console.log(
    `parameters: --visitors ${options.visitors} --conversations ${options.conversations} --messages ${options.messages} --interval-ms ${options.intervalMs} --db ${options.db} --connect-concurrency ${options.connectConcurrency} --timeout ${options.timeoutS}`,
  )
  console.log('server: createKefuServer, log level warn, per-connection frame rate limit lifted (limits.framesPerSecond / frameBurst = 1e6)')

  const dbs = options.db === 'both' ? ['pglite', 'postgres'] : [options.db]
  const results = []
  for (const db of dbs) results.push(await benchDatabase(db))
  printSummary(results)
  console.log(`\ntotal time ${fmt((performance.now() - startedAt) / 1000, 1)} s`)
  return 0
}

let code
try {
  code = await main()
} catch (error) {
  // After the hard timeout, what fails is what the cleanup just closed: nothing more to say.
  if (!timedOut) console.error(error instanceof ServerStartError ? `the server failed to start: ${error.message}` : error)
  code = 1
} finally {
  await cleanupAll()
  clearTimeout(hardTimer)
}
process.exit(code)
