// Load benchmark of @kefu/server over loopback, side by side with two baselines driven by the same
// generator with the same messages (`pnpm bench:server` builds, then runs this):
//   relay (memory)   a plain `ws` relay that keeps messages in memory            (./relayProcess.mjs)
//   relay + INSERT   the same relay, one PostgreSQL INSERT per message, acked after it (./relayProcess.mjs)
//   kefu PostgreSQL  createKefuServer on a fresh throw-away database               (./serverProcess.mjs)
//   kefu PGlite      createKefuServer on PGlite in a temp data dir                  (./serverProcess.mjs)
// Each runs in its own child process, fresh for every repetition. The load: V visitors chatting with A agent
// connections (each visitor assigned to an agent by the product's routing; the relay assigns round-robin),
// 100-byte texts, every visitor message answered by its agent at once. Per target and repetition it measures
//   - RSS of the server process at start (after GC, before any connection), and that plus the PSS of every
//     `postgres` process where PostgreSQL stores the messages: the server with its database (PGlite's engine
//     is inside the server); both again after the server has stood idle for --settle-seconds (what a server
//     with nobody connected holds once its startup work has settled);
//   - stored msg/s, closed loop: one message in flight per chat (visitor sends, its agent answers, the
//     visitor sends again when the answer arrives), counting acknowledged messages of both sides; and what one
//     stored message costs in that run: server CPU, PostgreSQL CPU (all `postgres` processes), and the
//     server's write system calls (/proc/PID/io). Costs per message move far less than msg/s when other work
//     shares the machine, so they are the figures to compare two builds by on a busy machine;
//   - at offered visitor rates (each answered, so twice the messages are stored): visitor→agent and
//     agent→visitor latency p50/p99 (from the scheduled send time: a client or server falling behind counts),
//     and the highest offered rate whose p99 stays under 100 ms in both directions (the ladder stops at the
//     first rate that misses, or that is not drained within its time budget);
//   - connects/s: N new visitors, hello → welcome, C opening at once;
//   - a graceful stop: 500 visitors connected, SIGTERM, the server's error and warning lines until it exits.
// Three repetitions by default; it prints min/median/max per figure and kefu's medians as ratios to the
// baselines'. It exits 0 after printing; non-zero when it crashes, a server fails to start, or the hard
// timeout is reached. Everything it opens is closed or removed before it exits.
// Limits: agents sign in from distinct loopback addresses (the per-address sign-in limit holds); the
// server's WebSocket frame limits are lifted (the bench's visitors send far faster than people type) and so
// is the new-visitors-per-address limit (the connect test opens thousands from one machine); see
// ./serverProcess.mjs.
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createRequire } from 'node:module'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { summarizeCpuProfile } from './cpuProfileSummary.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
// `ws` and `pg` are dependencies of @kefu/server; resolve them from there.
const requireServerDep = createRequire(join(root, 'packages', 'server', 'package.json'))
const { WebSocket } = requireServerDep('ws')
const pg = requireServerDep('pg')

// ---- options --------------------------------------------------------------------------------

const TARGETS = ['memory', 'insert', 'postgres', 'pglite']
const TARGET_LABEL = { memory: 'relay (memory)', insert: 'relay + INSERT', postgres: 'kefu PostgreSQL', pglite: 'kefu PGlite' }

const USAGE = `usage: node bench/server/index.mjs [options]
  --visitors V            visitors chatting (default 200)
  --agents A              agent connections answering them (default 20)
  --seconds S             length of the closed-loop run and of each offered rate (default 3)
  --rates R,R,...         offered visitor msg/s, lowest first (default 200,500,1000,1500,2000,3000);
                          200, 1000 and 2000 are always measured, the others only while p99 < 100 ms
  --connects N            new visitors for the connects/s test (default 2000)
  --connect-concurrency C connections opening at once (default 100)
  --stop-visitors N       visitors connected when the server is stopped (default 500)
  --settle-seconds S      idle time after start before memory is read again (default 10)
  --repetitions N         (default 3)
  --targets LIST          of memory,insert,postgres,pglite (default all)
  --only connects         only the connect figures (new visitors, then the same visitors returning
                          with their token), without the chat runs
  --quick                 --seconds 2 --rates 200,1000,2000 --connects 500: a smoke run, same figures
  --database-url URL      PostgreSQL admin URL (default $KEFU_BENCH_DATABASE_URL or
                          postgres://postgres@127.0.0.1:5432/postgres); a fresh database is created for
                          each PostgreSQL run and dropped afterwards
  --timeout S             hard overall timeout in seconds (default 1800)
  --server-cpu-prof DIR   write a V8 CPU profile of each server process to DIR (node --cpu-prof)
  --profile-rate R        with --server-cpu-prof: instead of the figures, hold R visitor msg/s for
                          --seconds on kefu only (profile at a chosen share of saturation) and print
                          each thread's top functions by self time during that run alone`

function parseArgs(argv) {
  const options = {
    visitors: 200,
    agents: 20,
    seconds: 3,
    rates: [200, 500, 1000, 1500, 2000, 3000],
    connects: 2000,
    connectConcurrency: 100,
    stopVisitors: 500,
    settleSeconds: 10,
    repetitions: 3,
    targets: TARGETS,
    databaseUrl: process.env.KEFU_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    timeoutS: 1800,
  }
  const numeric = {
    '--visitors': 'visitors',
    '--agents': 'agents',
    '--seconds': 'seconds',
    '--connects': 'connects',
    '--connect-concurrency': 'connectConcurrency',
    '--stop-visitors': 'stopVisitors',
    '--settle-seconds': 'settleSeconds',
    '--repetitions': 'repetitions',
    '--timeout': 'timeoutS',
    '--profile-rate': 'profileRate',
  }
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
    } else if (flag === '--quick') {
      Object.assign(options, { seconds: 2, rates: [200, 1000, 2000], connects: 500 })
    } else if (flag === '--rates') {
      options.rates = value().split(',').map(Number)
      if (options.rates.some((r) => !(r > 0))) fail('--rates takes positive numbers')
      options.rates.sort((a, b) => a - b)
    } else if (flag === '--targets') {
      options.targets = value().split(',')
      if (options.targets.some((t) => !TARGETS.includes(t))) fail(`--targets takes ${TARGETS.join(',')}`)
    } else if (flag === '--only') {
      options.only = value()
      if (options.only !== 'connects') fail('--only takes connects')
    } else if (flag === '--database-url') {
      options.databaseUrl = value()
    } else if (flag === '--server-cpu-prof') {
      options.serverCpuProf = value()
    } else fail(`unknown option ${argv[i]}`)
  }
  if (options.visitors < 1 || options.agents < 1 || options.seconds <= 0 || options.repetitions < 1 || options.connectConcurrency < 1) {
    fail('--visitors, --agents, --seconds, --repetitions and --connect-concurrency must be positive')
  }
  if (options.visitors / options.agents > 100) fail('at most 100 visitors per agent (an agent serves at most 100 chats)')
  return options
}

function fail(message) {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

const options = parseArgs(process.argv.slice(2))
const PASSWORD = 'bench password 1234'
/** Latency budget of "held": the offered rate's p99 in both directions stays under it. */
const HELD_P99_MS = 100

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

/** Write system calls (write, writev, …) a process has made so far (Linux /proc/PID/io); undefined elsewhere. */
function writeSyscalls(pid) {
  try {
    return Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1])
  } catch {
    return undefined
  }
}

/** Each process named `postgres` on this machine, with its /proc/PID/stat line (Linux). */
function* postgresProcesses() {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    let stat
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      continue
    }
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'postgres') yield { pid, stat }
  }
}

/** CPU ticks of every process named `postgres` on this machine (Linux; USER_HZ ticks). */
function postgresCpuTicks() {
  try {
    let ticks = 0
    for (const { stat } of postgresProcesses()) {
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(rest[11]) + Number(rest[12])
    }
    return ticks
  } catch {
    return undefined
  }
}

/**
 * A process's proportional set size in bytes (Linux smaps_rollup): its own pages plus its share of the pages
 * it shares, so that PSS adds up across processes (PostgreSQL's shared buffers are counted once).
 */
function pssBytes(pid) {
  try {
    return Number(/^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1]) * 1024
  } catch {
    return NaN
  }
}

/**
 * What a target holds in memory with its database: the server's RSS, plus, when PostgreSQL stores its
 * messages, the PSS of every `postgres` process (the postmaster, its helpers, and the server's backends).
 * PGlite's engine runs inside the server, so its RSS already holds its database.
 */
function memoryWithDatabase(server, rss) {
  let bytes = rss
  if (server.target === 'insert' || server.target === 'postgres') {
    try {
      for (const { pid } of postgresProcesses()) bytes += pssBytes(pid) || 0
    } catch {
      return NaN
    }
  }
  return bytes
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

async function startServer(config, script = 'serverProcess.mjs') {
  const child = fork(join(here, script), [JSON.stringify(config)], {
    execArgv: ['--expose-gc', ...(options.serverCpuProf ? ['--cpu-prof', `--cpu-prof-dir=${options.serverCpuProf}`] : [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const log = { warnings: 0, errors: 0, first: [], stopping: false, whileStopping: 0 }
  let crash = ''
  // Chunks of a pipe cut lines anywhere: whole lines only.
  const partial = { stdout: '', stderr: '' }
  const collectFrom = (stream) => (chunk) => {
    const lines = (partial[stream] + String(chunk)).split('\n')
    partial[stream] = lines.pop()
    collect(lines)
  }
  const collect = (lines) => {
    for (const line of lines) {
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
  child.stdout.on('data', collectFrom('stdout'))
  child.stderr.on('data', collectFrom('stderr'))
  child.once('exit', () => collect([partial.stdout, partial.stderr]))
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
      // A first start creates the database (PGlite: initdb in the process), slow on a busy machine.
      180_000,
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
    /** SIGTERM, as a service manager stops it; resolves when the process exited (SIGKILL after `ms`). */
    async terminate(ms = 20_000) {
      if (!alive) return
      log.stopping = true
      child.kill('SIGTERM')
      try {
        await withTimeout(exited, ms, 'server exit')
      } catch {
        await kill()
      }
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
    // Every series carries the server's `process` label: keyed by name (and other labels) without it.
    const key = line.slice(0, space).replace(/process="[^"]*",?/, '').replace(/,?}$/, '}').replace('{}', '')
    values[key] = Number(line.slice(space + 1))
  }
  return values
}

/**
 * One JSON request. `from` picks the client's loopback address (127.0.0.N): sign-ins are limited per
 * address (10, then one every 6 s), so the bench signs its agents in from distinct test addresses, ten
 * per address, instead of lifting the product's limit.
 */
function http(server, method, path, { token, body, from } = {}) {
  const payload = body ? JSON.stringify(body) : undefined
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${server.url}${path}`,
      {
        method,
        ...(from ? { localAddress: from } : {}),
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk) => (text += chunk))
        response.on('end', () => {
          if (response.statusCode < 200 || response.statusCode >= 300) return reject(new Error(`${method} ${path}: ${response.statusCode} ${text.slice(0, 200)}`))
          try {
            resolve(text ? JSON.parse(text) : undefined)
          } catch (error) {
            reject(error)
          }
        })
      },
    )
    request.on('error', reject)
    request.end(payload)
  })
}

/** The loopback address the i-th sign-in comes from: 127.0.0.2 for the first ten, then 127.0.0.3, … */
const signInAddress = (i) => `127.0.${Math.floor(i / 2540)}.${2 + (Math.floor(i / 10) % 254)}`

// ---- raw WebSocket clients ------------------------------------------------------------------

/** Opens a socket, sends `hello`, resolves with the first answer if `isWelcome` accepts it. */
function connect(url, hello, isWelcome, timeoutMs = 30_000, from) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...(from ? { localAddress: from } : {}) })
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

const visitorHello = (companyId, returning) => ({ type: 'hello', v: 1, companyId, lastSeq: 0, ...returning })
/** `returning`: the token and last seq a visitor kept from its welcome (a reconnect). */
const openVisitor = (server, companyId, returning) => connect(`${server.wsUrl}/ws/visitor`, visitorHello(companyId, returning), (f) => f.type === 'welcome')
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

// ---- a target: its process and its database ---------------------------------------------------------

class SkipTarget extends Error {}

/** A fresh PostgreSQL database for one run, dropped at cleanup. */
async function freshDatabase() {
  const admin = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 3000 })
  try {
    await admin.connect()
  } catch (error) {
    throw new SkipTarget(`${redact(options.databaseUrl)} is unreachable (${error.message})`)
  }
  const name = `kefu_bench_${randomBytes(6).toString('hex')}`
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
  return url.toString()
}

const isKefu = (target) => target === 'postgres' || target === 'pglite'

async function startTarget(target) {
  const mark = cleanups.length
  const release = async () => {
    while (cleanups.length > mark) {
      const task = cleanups.pop()
      try {
        await withTimeout(Promise.resolve().then(task), 15_000, 'cleanup')
      } catch (error) {
        console.error(`cleanup: ${error.message}`)
      }
    }
  }
  try {
    // A temp data dir for kefu in both modes: PGlite lives in it, and uploads go to <dataDir>/files.
    const dataDir = mkdtempSync(join(os.tmpdir(), 'kefu-bench-'))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const databaseUrl = target === 'insert' || target === 'postgres' ? await freshDatabase() : undefined
    const server = isKefu(target)
      ? await startServer({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) })
      : await startServer({ mode: target, databaseUrl }, 'relayProcess.mjs')
    return Object.assign(server, { target, release })
  } catch (error) {
    await release()
    throw error
  }
}

// ---- the chats: visitors, agents, and who serves whom -----------------------------------------------

/** The run whose frames the sockets' handlers feed (one at a time). */
let run

/** A 100-byte text naming the run, the chat, the message and when it was (meant to be) sent. */
const text = (side, runId, chat, n, at) => {
  const head = `${side}|${runId}|${chat}|${n}|${at.toFixed(3)}|`
  return head + 'x'.repeat(Math.max(0, 100 - head.length))
}
const parseText = (t) => {
  const [side, runId, chat, n, at] = t.split('|')
  return { side, runId: Number(runId), chat: Number(chat), n: Number(n), at: Number(at) }
}

function watchAgent(agent) {
  agent.ws.on('message', (data) => {
    if (!run) return
    const raw = String(data)
    if (raw.startsWith('{"type":"ack"') || raw.startsWith('{"type":"error"')) return run.onAck('agent', JSON.parse(raw))
    if (raw.indexOf('"sender":"visitor"') === -1) return
    const frame = JSON.parse(raw)
    const body = frame.type === 'message' ? frame.message?.body?.text : undefined
    if (typeof body === 'string' && body.startsWith('v|')) run.onVisitorMessage(agent, frame.conversationId, parseText(body))
  })
}

function watchVisitor(chat) {
  chat.ws.on('message', (data) => {
    if (!run) return
    const raw = String(data)
    if (raw.startsWith('{"type":"ack"') || raw.startsWith('{"type":"error"')) return run.onAck('visitor', JSON.parse(raw))
    if (raw.indexOf('"sender":"agent"') === -1) return
    const frame = JSON.parse(raw)
    const body = frame.type === 'message' ? frame.message?.body?.text : undefined
    if (typeof body === 'string' && body.startsWith('a|')) run.onAgentMessage(parseText(body))
  })
}

async function setUpChats(server) {
  const v = options.visitors
  const a = options.agents
  const t0 = performance.now()
  let companyId = 'bench'
  const tokens = Array.from({ length: a }, () => 'relay')
  if (isKefu(server.target)) {
    ;({ companyId } = await server.request('company', {
      input: { id: 'bench_chat', name: 'Bench chat', settings: { receptionMode: 2 }, admin: { email: 'chat-admin@bench.test', name: 'Admin', password: PASSWORD } },
    }))
    const { token: adminToken } = await http(server, 'POST', '/api/v1/auth/login', { body: { email: 'chat-admin@bench.test', password: PASSWORD }, from: '127.0.0.1' })
    // Agents through the admin API, then signed in like the workbench does (scrypt on each: few at a time),
    // each serving up to its share of the visitors.
    const capacity = Math.ceil(v / a)
    await pool(Array.from({ length: a }, (_, i) => i), 4, async (i) => {
      const email = `agent${i}@bench.test`
      await http(server, 'POST', '/api/v1/agents', { token: adminToken, body: { email, password: PASSWORD, name: `Agent ${i}`, capacity } })
      tokens[i] = (await http(server, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD }, from: signInAddress(i) })).token
    })
  }
  const agents = []
  await pool(tokens, 20, async (token) => {
    const { ws, welcome } = await openAgent(server, token)
    agents.push({ ws, agentId: welcome.agent.agentId })
  })
  const agentById = new Map(agents.map((agent) => [agent.agentId, agent]))
  const chats = []
  await pool(Array.from({ length: v }), options.connectConcurrency, async () => {
    const { ws, welcome } = await openVisitor(server, companyId)
    chats.push({ ws, visitorId: welcome.visitorId })
  })
  // Each visitor asks for a human; the router spreads them over the agents.
  const unassigned = []
  await Promise.all(
    chats.map(
      (chat, i) =>
        new Promise((resolve) => {
          const done = (reason) => {
            clearTimeout(timer)
            chat.ws.removeListener('message', onFrame)
            if (reason) unassigned.push(reason)
            resolve()
          }
          const timer = setTimeout(() => done('no assignment within 60 s'), 60_000)
          const onFrame = (data) => {
            const frame = JSON.parse(String(data))
            if (frame.type === 'status' && frame.event.type === 'assigned') {
              chat.agent = agentById.get(frame.event.staff.staffId)
              chat.conversationId = frame.event.staff.recordId
              done(chat.agent ? undefined : 'assigned to an unknown agent')
            } else if (frame.type === 'error' || (frame.type === 'status' && ['offline', 'queued', 'overloaded'].includes(frame.event.type))) {
              done(frame.type === 'error' ? frame.code : frame.event.type)
            }
          }
          chat.ws.on('message', onFrame)
          chat.ws.send(JSON.stringify({ type: 'chat.request', cid: `req-${i}`, routing: { mode: 2 } }))
        }),
    ),
  )
  const served = chats.filter((chat) => chat.agent)
  served.forEach((chat, index) => {
    chat.index = index
    watchVisitor(chat)
  })
  for (const agent of agents) watchAgent(agent)
  return { agents, chats: served, unassigned, setupMs: performance.now() - t0, sockets: [...agents.map((x) => x.ws), ...chats.map((x) => x.ws)] }
}

// ---- runs ---------------------------------------------------------------------------------------------

let runIds = 0

/**
 * One run over the chats: `closed` keeps one message in flight per chat for --seconds; `offered` sends
 * `rate` visitor messages a second, round-robin over the chats, for --seconds. Agents answer every
 * visitor message at once. Resolves when everything sent is acknowledged and answered, or at `budgetMs`.
 */
async function chatRun(server, { chats }, kind, rate) {
  const id = ++runIds
  const seconds = options.seconds
  const byIndex = chats
  const r = {
    kind,
    rate,
    visitorSent: 0,
    agentSent: 0,
    visitorAcks: 0,
    agentAcks: 0,
    ackedInWindow: 0,
    errors: new Map(),
    v2a: [],
    a2v: [],
    replies: 0,
  }
  let t0 = 0
  let endAt = Infinity
  let finish
  const finished = new Promise((resolve) => (finish = resolve))
  let sending = true
  const checkDone = () => {
    if (!sending && r.replies >= r.visitorSent && r.visitorAcks + countErrors('visitor') >= r.visitorSent && r.agentAcks + countErrors('agent') >= r.agentSent) finish()
  }
  const errorsBySide = { visitor: 0, agent: 0 }
  const countErrors = (side) => errorsBySide[side]
  const sendVisitor = (chat, at) => {
    const n = chat.sent = (chat.sent ?? 0) + 1
    chat.ws.send(JSON.stringify({ type: 'message.send', cid: `v${id}-${chat.index}-${n}`, body: { type: 'text', text: text('v', id, chat.index, n, at) } }))
    r.visitorSent++
  }
  run = {
    onAck(side, frame) {
      if (typeof frame.cid !== 'string' || !frame.cid.startsWith(`${side[0]}${id}-`)) return
      const now = performance.now()
      if (frame.type === 'ack') {
        if (side === 'visitor') r.visitorAcks++
        else r.agentAcks++
        if (now <= endAt) r.ackedInWindow++
      } else {
        errorsBySide[side]++
        r.errors.set(frame.code, (r.errors.get(frame.code) ?? 0) + 1)
      }
      checkDone()
    },
    onVisitorMessage(agent, conversationId, m) {
      if (m.runId !== id) return
      const now = performance.now()
      r.v2a.push(now - m.at)
      agent.ws.send(JSON.stringify({ type: 'message.send', cid: `a${id}-${m.chat}-${m.n}`, conversationId, body: { type: 'text', text: text('a', id, m.chat, m.n, now) } }))
      r.agentSent++
    },
    onAgentMessage(m) {
      if (m.runId !== id) return
      const now = performance.now()
      r.a2v.push(now - m.at)
      r.replies++
      if (kind === 'closed' && sending && now < endAt) sendVisitor(byIndex[m.chat], now)
      checkDone()
    },
  }

  const probeBefore = await server.request('probe', {}, 300_000)
  const pgBefore = server.target !== 'pglite' && server.target !== 'memory' ? postgresCpuTicks() : undefined
  const writesBefore = writeSyscalls(server.pid)
  t0 = performance.now()
  endAt = t0 + seconds * 1000
  if (kind === 'closed') {
    for (const chat of chats) sendVisitor(chat, t0)
    await sleep(seconds * 1000)
    sending = false
  } else {
    const total = Math.round(rate * seconds)
    let next = 0
    await new Promise((resolve) => {
      const tick = () => {
        const now = performance.now()
        while (next < total && t0 + (next * 1000) / rate <= now) {
          sendVisitor(byIndex[next % byIndex.length], t0 + (next * 1000) / rate)
          next++
        }
        if (next < total) setTimeout(tick, 1)
        else resolve()
      }
      tick()
    })
    sending = false
  }
  const pgAtEnd = pgBefore !== undefined ? postgresCpuTicks() : undefined
  const writesAtEnd = writeSyscalls(server.pid)
  // A server far behind answers late (PGlite works on the event loop's thread).
  const probeAtEnd = await server.request('probe', {}, 300_000)
  checkDone()
  // Whatever is still queued drains, within a budget: past it, the rate was over capacity.
  const drained = await Promise.race([finished.then(() => true), sleep(Math.max(10_000, seconds * 2000)).then(() => false)])
  // Past the budget, the backlog still drains (up to 5 min) before anything else is measured.
  if (!drained) await Promise.race([finished, sleep(300_000)])
  run = undefined
  const wallS = (performance.now() - t0) / 1000
  const v2a = r.v2a.sort((a, b) => a - b)
  const a2v = r.a2v.sort((a, b) => a - b)
  // Messages that never arrived count as slower than any that did.
  const pct = (sorted, expected, p) => percentile(sorted.concat(Array(Math.max(0, expected - sorted.length)).fill(Infinity)), p)
  const serverCpuMs = (probeAtEnd.cpu.user - probeBefore.cpu.user + probeAtEnd.cpu.system - probeBefore.cpu.system) / 1000
  return {
    ...r,
    drained,
    wallS,
    storedPerSecond: r.ackedInWindow / seconds,
    v2aP50: pct(v2a, r.visitorSent, 50),
    v2aP99: pct(v2a, r.visitorSent, 99),
    a2vP50: pct(a2v, r.visitorSent, 50),
    a2vP99: pct(a2v, r.visitorSent, 99),
    serverCpuPercent: (serverCpuMs / (probeAtEnd.at - probeBefore.at)) * 100,
    // CPU per message: what a message costs, which a busy machine disturbs far less than msg/s.
    serverCpuMsPerThousand: r.ackedInWindow ? (serverCpuMs / r.ackedInWindow) * 1000 : NaN,
    // Each write to a socket is a system call, and on loopback the receiver's work is done in it too.
    writesPerMessage: writesBefore !== undefined && writesAtEnd !== undefined && r.ackedInWindow ? (writesAtEnd - writesBefore) / r.ackedInWindow : NaN,
    postgresCpuMsPerThousand: pgBefore !== undefined && pgAtEnd !== undefined && r.ackedInWindow ? ((pgAtEnd - pgBefore) * 10 * 1000) / r.ackedInWindow : NaN,
    postgresCpuPercent: pgBefore !== undefined && pgAtEnd !== undefined ? (((pgAtEnd - pgBefore) * 10) / (seconds * 1000)) * 100 : NaN,
  }
}

/** The closed loop, then the offered rates lowest first (see USAGE for which are skipped). */
async function chatFigures(server, setup) {
  const closed = await chatRun(server, setup, 'closed')
  const fixed = [200, 1000, 2000]
  const rates = {}
  let held = 0
  let overloaded = false
  let backlog = !closed.drained
  for (const rate of [...new Set([...options.rates, ...fixed])].sort((a, b) => a - b)) {
    if (backlog) break
    if (overloaded && !fixed.includes(rate)) continue
    await sleep(300)
    const result = await chatRun(server, setup, 'offered', rate)
    rates[rate] = result
    const ok = result.drained && Math.max(result.v2aP99, result.a2vP99) < HELD_P99_MS && !result.errors.size
    if (ok && !overloaded) held = rate
    else overloaded = true
    // A run that did not drain leaves a backlog that later ones would be measured against.
    backlog = !result.drained
  }
  return { closed, rates, held }
}

/** N new visitors, hello → welcome, C at a time; the first `keep` stay open (the stop test), the rest close. */
async function connectFigures(server, keep) {
  const n = options.connects
  const failures = new Map()
  const sockets = []
  const companyId = isKefu(server.target) ? 'bench_chat' : 'bench'
  const welcomes = []
  const opened = async (returning) => {
    try {
      const { ws, welcome } = await openVisitor(server, companyId, returning)
      sockets.push(ws)
      welcomes.push(welcome)
    } catch (error) {
      const reason = String(error.message ?? error).slice(0, 80)
      failures.set(reason, (failures.get(reason) ?? 0) + 1)
    }
  }
  const t0 = performance.now()
  await pool(Array.from({ length: n }), options.connectConcurrency, () => opened())
  const seconds = (performance.now() - t0) / 1000
  const failed = [...failures.values()].reduce((a, b) => a + b, 0)
  const figures = { failures, seconds, perSecond: (n - failed) / seconds }
  if (!options.only) {
    closeAll(sockets.splice(keep))
    return { ...figures, kept: sockets }
  }
  // The same visitors again, each with its token and nothing missed: a reconnect after a restart.
  const returning = welcomes.splice(0).map((w) => ({ ...(w.visitorToken ? { visitorToken: w.visitorToken } : {}), lastSeq: w.messages?.at(-1)?.seq ?? 0 }))
  closeAll(sockets.splice(0))
  const before = failures.size ? [...failures.values()].reduce((a, b) => a + b, 0) : 0
  const t1 = performance.now()
  await pool(returning, options.connectConcurrency, (r) => opened(r))
  const reconnectSeconds = (performance.now() - t1) / 1000
  const refailed = [...failures.values()].reduce((a, b) => a + b, 0) - before
  closeAll(sockets.splice(keep))
  return { ...figures, reconnectsPerSecond: (returning.length - refailed) / reconnectSeconds, kept: sockets }
}

/** SIGTERM with `sockets` connected: the log lines the server writes until it exits, and how the sockets closed. */
async function stopFigures(server, sockets) {
  const codes = new Map()
  const closed = sockets.map(
    (ws) =>
      new Promise((resolve) => {
        if (ws.readyState !== WebSocket.OPEN) return resolve()
        ws.once('close', (code) => {
          codes.set(code, (codes.get(code) ?? 0) + 1)
          resolve()
        })
      }),
  )
  const t0 = performance.now()
  await server.terminate()
  await Promise.race([Promise.all(closed), sleep(5000)])
  closeAll(sockets)
  return { lines: server.log.whileStopping, first: server.log.first, codes, ms: performance.now() - t0 }
}

async function repetition(target) {
  const server = await startTarget(target)
  try {
    const rss = (await server.request('mem')).rss
    const withDatabase = memoryWithDatabase(server, rss)
    await sleep(options.settleSeconds * 1000)
    const settledRss = (await server.request('mem')).rss
    const settled = { rss: settledRss, withDatabase: memoryWithDatabase(server, settledRss) }
    const setup = await setUpChats(server)
    const chat = options.only ? { closed: { storedPerSecond: NaN, errors: new Map() }, rates: {}, held: NaN } : await chatFigures(server, setup)
    const connects = await connectFigures(server, options.stopVisitors)
    const stop = await stopFigures(server, connects.kept)
    closeAll(setup.sockets)
    return { target, rss, withDatabase, settled, setup, chat, connects, stop, log: server.log }
  } finally {
    await server.stop()
    await server.release()
  }
}

/**
 * Holds kefu at --profile-rate for --seconds with the CPU profiler on, then summarises the profiles the
 * server wrote when it exited (one per thread: PGlite's worker has its own) for the offered run alone.
 */
async function profile(target) {
  const before = new Set(existsSync(options.serverCpuProf) ? readdirSync(options.serverCpuProf) : [])
  const server = await startTarget(target)
  // The window in the clock V8 stamps its profiles with (monotonic, µs), so start and stop are left out.
  const window = {}
  try {
    const setup = await setUpChats(server)
    window.from = Number(process.hrtime.bigint() / 1000n)
    const result = await chatRun(server, setup, 'offered', options.profileRate)
    window.to = Number(process.hrtime.bigint() / 1000n)
    console.log(
      `${TARGET_LABEL[target]}: profiled at ${options.profileRate} visitor msg/s for ${options.seconds} s: server CPU ${fmtInt(result.serverCpuPercent)}%, ` +
        `v→a p50/p99 ${fmt(result.v2aP50)}/${fmt(result.v2aP99)} ms, a→v ${fmt(result.a2vP50)}/${fmt(result.a2vP99)} ms, drained: ${result.drained}`,
    )
    closeAll(setup.sockets)
  } finally {
    await server.stop()
    await server.release()
  }
  for (const file of readdirSync(options.serverCpuProf).filter((name) => name.endsWith('.cpuprofile') && !before.has(name)).sort()) {
    const path = join(options.serverCpuProf, file)
    const lines = summarizeCpuProfile(JSON.parse(readFileSync(path, 'utf8')), { top: 12, ...window, title: `${path}, the offered run alone` })
    console.log(`\n${lines.join('\n')}\n  (the whole profile: node bench/server/cpuProfileSummary.mjs ${path}; this window: --from ${window.from} --to ${window.to})`)
  }
}

const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')

// ---- printing -----------------------------------------------------------------------------------

function printRows(rows) {
  const width = Math.max(...rows.map(([label]) => label.length))
  const cell = Math.max(...rows.flatMap(([, ...values]) => values.map((v) => String(v).length))) + 3
  for (const [label, ...values] of rows) console.log(`  ${label.padEnd(width)}${values.map((v) => String(v).padStart(cell)).join('')}`.trimEnd())
}

const median = (values) => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b)
  if (!sorted.length) return NaN
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const spread = (values, format) => {
  const v = values.filter((x) => !Number.isNaN(x))
  if (!v.length) return '–'
  if (v.length === 1) return format(v[0])
  return `${format(Math.min(...v))} / ${format(median(v))} / ${format(Math.max(...v))}`
}
const ms = (v) => (v === Infinity ? 'over' : fmt(v))

const SETTLED_RSS = `RSS ${options.settleSeconds} s after start, idle (MB)`
const SETTLED_WITH_DATABASE = `server RSS + PostgreSQL PSS ${options.settleSeconds} s after start (MB)`

/** The figures of one repetition, by name: what the tables and ratios read. */
function figuresOf(rep) {
  if (options.only) {
    return {
      'RSS at start (MB)': rep.rss / MB,
      'server RSS + PostgreSQL PSS at start (MB)': rep.withDatabase / MB,
      [SETTLED_RSS]: rep.settled.rss / MB,
      [SETTLED_WITH_DATABASE]: rep.settled.withDatabase / MB,
      'connects/s (hello → welcome)': rep.connects.perSecond,
      'reconnects/s (token, nothing missed)': rep.connects.reconnectsPerSecond,
      [`error/warning lines on SIGTERM (${options.stopVisitors} visitors)`]: rep.stop.lines,
    }
  }
  const f = {
    'RSS at start (MB)': rep.rss / MB,
    'server RSS + PostgreSQL PSS at start (MB)': rep.withDatabase / MB,
    [SETTLED_RSS]: rep.settled.rss / MB,
    [SETTLED_WITH_DATABASE]: rep.settled.withDatabase / MB,
    'stored msg/s, closed loop': rep.chat.closed.storedPerSecond,
    'server CPU ms per 1,000 stored, closed loop': rep.chat.closed.serverCpuMsPerThousand,
    'PostgreSQL CPU ms per 1,000 stored, closed loop': rep.chat.closed.postgresCpuMsPerThousand,
    'server write syscalls per stored message, closed loop': rep.chat.closed.writesPerMessage,
    'highest offered visitor msg/s, p99 < 100 ms': rep.chat.held,
  }
  for (const rate of [200, 1000, 2000]) {
    const run = rep.chat.rates[rate]
    f[`v→a p50 at ${rate}/s (ms)`] = run ? run.v2aP50 : Infinity
    f[`v→a p99 at ${rate}/s (ms)`] = run ? run.v2aP99 : Infinity
    f[`a→v p50 at ${rate}/s (ms)`] = run ? run.a2vP50 : Infinity
    f[`a→v p99 at ${rate}/s (ms)`] = run ? run.a2vP99 : Infinity
  }
  f['server CPU at 1000/s (%)'] = rep.chat.rates[1000]?.serverCpuPercent ?? NaN
  f['PostgreSQL CPU at 1000/s (%)'] = rep.chat.rates[1000]?.postgresCpuPercent ?? NaN
  f['connects/s (hello → welcome)'] = rep.connects.perSecond
  f[`error/warning lines on SIGTERM (${options.stopVisitors} visitors)`] = rep.stop.lines
  return f
}

const FORMATS = {
  'RSS at start (MB)': (v) => fmt(v, 0),
  'server RSS + PostgreSQL PSS at start (MB)': (v) => fmt(v, 0),
  [SETTLED_RSS]: (v) => fmt(v, 0),
  [SETTLED_WITH_DATABASE]: (v) => fmt(v, 0),
  'stored msg/s, closed loop': fmtInt,
  'highest offered visitor msg/s, p99 < 100 ms': (v) => (v ? fmtInt(v) : 'none'),
  'server write syscalls per stored message, closed loop': (v) => fmt(v, 2),
  'connects/s (hello → welcome)': fmtInt,
  'reconnects/s (token, nothing missed)': fmtInt,
  [`error/warning lines on SIGTERM (${options.stopVisitors} visitors)`]: fmtInt,
}
const LOWER_IS_BETTER = (name) => / \(ms\)$| \(MB\)$|lines|CPU|syscalls/.test(name)

function printResults(results) {
  const targets = options.targets.filter((t) => results[t]?.length)
  if (!targets.length) return
  console.log(`\n== Figures: min / median / max of ${options.repetitions} repetition(s) (a latency is "over" when a rate was not run or not drained) ==`)
  const names = Object.keys(figuresOf(results[targets[0]][0]))
  printRows([
    ['', ...targets.map((t) => TARGET_LABEL[t])],
    ...names
      .filter((name) => targets.some((t) => results[t].some((rep) => !Number.isNaN(figuresOf(rep)[name]))))
      .map((name) => [name, ...targets.map((t) => spread(results[t].map((rep) => figuresOf(rep)[name]), FORMATS[name] ?? ms))]),
  ])
  for (const t of targets) {
    const reps = results[t]
    const notes = []
    const unassigned = reps.flatMap((rep) => rep.setup.unassigned)
    if (unassigned.length) notes.push(`${unassigned.length} visitor(s) not served (${[...new Set(unassigned)].join(', ')})`)
    const errors = new Map()
    for (const rep of reps) for (const run of [rep.chat.closed, ...Object.values(rep.chat.rates)]) for (const [code, n] of run.errors) errors.set(code, (errors.get(code) ?? 0) + n)
    if (errors.size) notes.push(`error frames: ${[...errors].map(([c, n]) => `${n} ${c}`).join(', ')}`)
    const failures = new Map()
    for (const rep of reps) for (const [reason, n] of rep.connects.failures) failures.set(reason, (failures.get(reason) ?? 0) + n)
    if (failures.size) notes.push(`failed connects: ${[...failures].map(([r, n]) => `${n} × ${r}`).join('; ')}`)
    const codes = new Map()
    for (const rep of reps) for (const [code, n] of rep.stop.codes) codes.set(code, (codes.get(code) ?? 0) + n)
    notes.push(`sockets closed on SIGTERM with ${[...codes].map(([c, n]) => `${n} × ${c}`).join(', ') || 'nothing'}`)
    const lines = reps.flatMap((rep) => rep.stop.first)
    if (lines.length) notes.push(`log lines: ${[...new Set(lines)].slice(0, 3).map((l) => `"${l.slice(0, 120)}"`).join(', ')}`)
    const running = reps.reduce((sum, rep) => sum + rep.log.errors + rep.log.warnings, 0)
    if (running) notes.push(`${running} error/warning line(s) while running`)
    console.log(`  ${TARGET_LABEL[t]}: ${notes.join('; ')}`)
  }
  const baselines = targets.filter((t) => !isKefu(t))
  const kefus = targets.filter(isKefu)
  if (!baselines.length || !kefus.length) return
  console.log('\n== kefu as a ratio of the baselines (medians; for times and memory, above 1 = kefu takes more) ==')
  const ratio = (name, k, b) => {
    const mk = median(results[k].map((rep) => figuresOf(rep)[name]))
    const mb = median(results[b].map((rep) => figuresOf(rep)[name]))
    if (!Number.isFinite(mk) || !Number.isFinite(mb) || mb === 0) return '–'
    return `${fmt(mk / mb, 2)}×`
  }
  const ratioNames = names.filter((name) => !/lines|CPU at/.test(name))
  printRows([
    ['', ...kefus.flatMap((k) => baselines.map((b) => `${TARGET_LABEL[k]} / ${TARGET_LABEL[b]}`))],
    ...ratioNames.map((name) => [name, ...kefus.flatMap((k) => baselines.map((b) => ratio(name, k, b)))]),
  ])
  void LOWER_IS_BETTER
}

// ---- main -------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(join(root, 'packages', 'server', 'dist', 'index.js'))) {
    console.error('packages/server/dist is missing: run `pnpm --filter @kefu/server... build` (or `pnpm bench:server`) first')
    return 1
  }
  const cpus = os.cpus()
  console.log('kefu server load benchmark (loopback 127.0.0.1; every server runs in its own process)')
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}, ${fmt(os.totalmem() / 1024 ** 3)} GB RAM, ${os.platform()} ${os.release()}; node ${process.version}`)
  console.log(
    `parameters: --visitors ${options.visitors} --agents ${options.agents} --seconds ${options.seconds} --rates ${options.rates.join(',')} --connects ${options.connects} ` +
      `--connect-concurrency ${options.connectConcurrency} --stop-visitors ${options.stopVisitors} --repetitions ${options.repetitions} --targets ${options.targets.join(',')}${options.only ? ` --only ${options.only}` : ''}`,
  )
  const background = await backgroundCpu()
  if (Number.isFinite(background)) {
    console.log(`machine CPU busy before the first server started (1 s sample): ${fmtInt(background)}%${background > 20 ? ' (something else is using this machine: figures are lower than on an idle one)' : ''}`)
  }
  if (options.serverCpuProf && options.profileRate) {
    for (const target of options.targets.filter(isKefu)) await profile(target)
    return 0
  }
  const results = {}
  for (let i = 0; i < options.repetitions; i++) {
    for (const target of options.targets) {
      if (results[target] === null) continue
      const t0 = performance.now()
      try {
        const rep = await repetition(target)
        ;(results[target] ??= []).push(rep)
        const f = figuresOf(rep)
        const label = `repetition ${i + 1}, ${TARGET_LABEL[target]} (${fmt((performance.now() - t0) / 1000, 0)} s)`
        if (options.only) console.log(`${label}: ${fmtInt(f['connects/s (hello → welcome)'])} connects/s, ${fmtInt(f['reconnects/s (token, nothing missed)'])} reconnects/s`)
        else console.log(
          `${label}: ${fmtInt(f['stored msg/s, closed loop'])} stored msg/s closed loop, ` +
            `held ${fmtInt(f['highest offered visitor msg/s, p99 < 100 ms'])} msg/s, ${fmtInt(f['connects/s (hello → welcome)'])} connects/s, ` +
            `${f[`error/warning lines on SIGTERM (${options.stopVisitors} visitors)`]} line(s) on stop, ` +
            `RSS at start ${fmt(f['RSS at start (MB)'], 0)} MB; v→a / a→v p50 at 200/s ${ms(f['v→a p50 at 200/s (ms)'])} / ${ms(f['a→v p50 at 200/s (ms)'])} ms, at 1000/s ${ms(f['v→a p50 at 1000/s (ms)'])} / ${ms(f['a→v p50 at 1000/s (ms)'])} ms`,
        )
      } catch (error) {
        if (error instanceof SkipTarget) {
          console.log(`${TARGET_LABEL[target]}: skipped, ${error.message}`)
          results[target] = null
        } else if (error instanceof ServerStartError && !timedOut) {
          // One failed start (a busy machine) costs that repetition, not the figures measured so far.
          console.log(`repetition ${i + 1}, ${TARGET_LABEL[target]}: the server failed to start (${error.message}); left out`)
        } else throw error
      }
    }
  }
  printResults(results)
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
