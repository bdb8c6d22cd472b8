// Reports benchmark (needs `pnpm --filter @kefu/server... build` first; `pnpm bench:reports` builds, then
// runs this). For each database (PGlite in a temp data dir, PostgreSQL in a fresh throw-away database) it
// generates a company's history — about 1,000,000 messages in some 70,000 conversations over 120 days,
// with bot chats, handoffs, queues, missed and abandoned chats, ratings and leave messages, plus another
// company's chats the reports must skip — the way the server stores them: the conversations open, their
// messages are written, and they end with an UPDATE of their status (when the database stores each
// chat's figures, and its trigger keeps the narrow conversation_report_facts row reports read). Then it starts the server on that database and times, over HTTP as the console calls
// them, a 90-day report for the whole team, for one group and for one agent, and the live view.
// Baseline, in the same run: the same 90-day first-response p50 computed straight from the messages,
// which is what a report would cost without the stored figures and the (company, created_at) indexes.
// It prints min / median / max of several runs and exits 0; non-zero only when it crashes.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const requireServerDep = createRequire(join(root, 'packages', 'server', 'package.json'))
const pg = requireServerDep('pg')
const { createKefuServer, createCompany, openDatabase } = await import(join(root, 'packages', 'server', 'dist', 'index.js'))

const USAGE = `usage: node bench/reports/index.mjs [options]
  --messages N        messages to generate (default 1000000)
  --days D            days of history (default 120); reports cover the last 90
  --runs R            timed runs of each report (default 7, after one warm-up)
  --db pglite|postgres|both   (default both)
  --database-url URL  PostgreSQL admin URL (default $KEFU_BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)`

function parseArgs(argv) {
  const o = { messages: 1_000_000, days: 120, runs: 7, db: 'both', databaseUrl: process.env.KEFU_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' }
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]]
    if (flag === '--help') {
      console.log(USAGE)
      process.exit(0)
    } else if (flag === '--messages') o.messages = Number(value)
    else if (flag === '--days') o.days = Number(value)
    else if (flag === '--runs') o.runs = Number(value)
    else if (flag === '--db') o.db = value
    else if (flag === '--database-url') o.databaseUrl = value
    else {
      console.error(`unknown option ${flag}\n${USAGE}`)
      process.exit(2)
    }
    i++
  }
  return o
}

const options = parseArgs(process.argv.slice(2))
const DAY = 86_400_000
// The history ends "now"; a fixed end keeps runs comparable.
const END = Date.UTC(2026, 5, 30, 16, 0) // 1 July 2026, 00:00 in Shanghai
const START = END - options.days * DAY
const COMPANY = 'bench'
const OTHER = 'bench-other'
const AGENTS = 12
const GROUPS = 4
/** Messages per conversation: 4 to 24, 14 on average. */
const MESSAGES_PER_CHAT = 14

const fmt = (ms) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`
const summary = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s.at(-1) }
}

/**
 * The history as the server would have stored it, in set-based statements (a million single INSERTs
 * would measure the generator, not the reports). Shapes are deterministic: chat i's kind, agent, group,
 * times and rating come from i, so every run reports on the same data.
 */
async function generate(db, companyId, prefix, conversations, leaveMessages, agents) {
  const t0 = performance.now()
  const params = [companyId, prefix, conversations, START, END - START, agents]
  // Visitors and conversations, open: kind = i % 10: 0-2 bot only, 3-4 bot then person, 5 missed, 6 abandoned, 7-9 straight to a person.
  await db.query(
    `INSERT INTO visitors (id, company_id, first_seen_at, last_seen_at)
     SELECT $2 || 'v' || i, $1, $4 + (i::bigint * $5 / $3), $4 + (i::bigint * $5 / $3) FROM generate_series(1, $3) i`,
    params.slice(0, 5),
  )
  await db.query(
    `INSERT INTO conversations (id, company_id, visitor_id, status, agent_id, group_id, routing, last_visitor_activity_at, created_at,
                                bot_started_at, human_requested_at, served_at, started_at)
     SELECT $2 || 'c' || i, $1, $2 || 'v' || i,
            CASE WHEN k <= 2 THEN 'bot' WHEN k IN (5, 6) THEN 'waiting' ELSE 'chatting' END,
            CASE WHEN k IN (5, 6) OR k <= 2 THEN NULL ELSE $2 || 'a' || (i % $6) END,
            $2 || 'g' || (i % ${GROUPS}), '{}', t, t,
            CASE WHEN k <= 4 THEN t END,
            CASE WHEN k >= 3 THEN t + CASE WHEN k <= 4 THEN 40000 ELSE 0 END END,
            CASE WHEN k IN (3, 4) THEN t + 40000 + (i % 97) * 1000 WHEN k >= 7 THEN t + (i % 61) * 1000 END,
            t
     FROM (SELECT i, i % 10 AS k, $4 + (i::bigint * $5 / $3) AS t FROM generate_series(1, $3) i) s`,
    params,
  )
  // Messages: chat i has 4 + (i * 13 % 21) messages, a visitor's first, then the bot's or an agent's replies
  // (agents' typed replies carry a client id; one in five of a served chat's agent messages is a greeting without one).
  await db.query(
    `INSERT INTO messages (id, company_id, visitor_id, conversation_id, seq, client_id, sender, visibility, body, created_at)
     SELECT $2 || 'm' || i || '_' || j, $1, $2 || 'v' || i, $2 || 'c' || i, j,
            CASE WHEN j % 2 = 1 THEN 'vc' || j WHEN k >= 3 AND k NOT IN (5, 6) AND j % 10 <> 2 THEN 'ac' || j END,
            CASE WHEN j % 2 = 1 THEN 'visitor' WHEN k <= 2 OR k IN (5, 6) THEN 'bot' ELSE 'agent' END,
            'both', '{"type":"text","text":"你好，这件还有货吗？"}', t + 45000 + j * 15000
     FROM (SELECT i, i % 10 AS k, $4 + (i::bigint * $5 / $3) AS t, 4 + (i * 13 % 21) AS n FROM generate_series(1, $3) i) s,
          generate_series(1, s.n) j`,
    params.slice(0, 5),
  )
  await db.query(`UPDATE visitors SET last_seq = 30 WHERE company_id = $1`, [companyId])
  const inserted = performance.now()
  // The end, as the lifecycle writes it: the trigger stores each chat's message count and first typed reply.
  await db.query(
    `UPDATE conversations SET status = 'ended',
       end_reason = CASE WHEN id ~ '[56]$' THEN 1 ELSE 2 END,
       ended_at = created_at + 360000 + abs(hashtext(id)) % 600000,
       evaluation = CASE WHEN served_at IS NOT NULL AND abs(hashtext(id)) % 3 = 0 THEN jsonb_build_object('score', 1 + abs(hashtext(id || 's')) % 5, 'phase', 'ended') END
     WHERE company_id = $1`,
    [companyId],
  )
  // Missed chats are ended by the system (6), not by the visitor.
  await db.query(`UPDATE conversations SET end_reason = 6 WHERE company_id = $1 AND human_requested_at IS NOT NULL AND served_at IS NULL AND substr(id, length(id)) = '5'`, [companyId])
  await db.query(
    `INSERT INTO leave_messages (id, company_id, visitor_id, content, group_id, created_at, handled_at)
     SELECT $2 || 'lm' || i, $1, $2 || 'v' || i, '晚上有人吗？', $2 || 'g' || (i % ${GROUPS}), $4 + (i::bigint * $5 / $3),
            CASE WHEN i % 4 <> 0 THEN $4 + (i::bigint * $5 / $3) + (i % 720) * 60000 END
     FROM generate_series(1, $3) i`,
    [companyId, prefix, leaveMessages, START, END - START],
  )
  return { insertMs: inserted - t0, endMs: performance.now() - inserted }
}

async function seedCompany(db, id, agents) {
  await createCompany(db, { id, name: id, settings: {}, admin: { email: `admin@${id}.bench`, name: 'Admin', password: 'bench-password-1' } })
  for (let g = 0; g < GROUPS; g++) await db.query('INSERT INTO groups (id, company_id, name, created_at) VALUES ($1, $2, $3, 0)', [`${id}-g${g}`, id, `组 ${g}`])
  for (let a = 0; a < agents; a++) {
    await db.query(`INSERT INTO agents (id, company_id, email, name, password_hash, role, created_at) VALUES ($1, $2, $3, $4, 'x', 'agent', 0)`, [
      `${id}-a${a}`,
      id,
      `a${a}@${id}.bench`,
      `客服 ${a}`,
    ])
    await db.query('INSERT INTO agent_groups (agent_id, group_id, company_id) VALUES ($1, $2, $3)', [`${id}-a${a}`, `${id}-g${a % GROUPS}`, id])
  }
}

async function timeIt(runs, work) {
  await work() // warm-up: caches, plans
  const times = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await work()
    times.push(performance.now() - t)
  }
  return summary(times)
}

async function benchDatabase(kind) {
  let dataDir
  let dropDatabase = async () => {}
  let dbOptions
  if (kind === 'pglite') {
    dataDir = mkdtempSync(join(os.tmpdir(), 'kefu-bench-reports-'))
    dbOptions = { dataDir }
  } else {
    const name = `kefu_bench_reports_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: options.databaseUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const url = new URL(options.databaseUrl)
    url.pathname = `/${name}`
    dbOptions = { databaseUrl: url.toString() }
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: options.databaseUrl })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    }
  }
  const db = await openDatabase(dbOptions)
  let server
  try {
    const conversations = Math.round(options.messages / MESSAGES_PER_CHAT)
    await seedCompany(db, COMPANY, AGENTS)
    await seedCompany(db, OTHER, 3)
    const gen = await generate(db, COMPANY, `${COMPANY}-`, conversations, Math.round(conversations / 12), AGENTS)
    await generate(db, OTHER, `${OTHER}-`, Math.round(conversations / 10), 100, 3)
    const [{ messages }] = await db.query(`SELECT count(*)::int AS messages FROM messages WHERE company_id = $1`, [COMPANY])
    const [{ convs }] = await db.query(`SELECT count(*)::int AS convs FROM conversations WHERE company_id = $1`, [COMPANY])
    if (kind === 'postgres') await db.query('ANALYZE')
    console.log(`  data: ${messages.toLocaleString('en')} messages in ${convs.toLocaleString('en')} conversations over ${options.days} days (+ another company's ${Math.round(conversations / 10).toLocaleString('en')}); generated in ${fmt(gen.insertMs)}, ended in ${fmt(gen.endMs)}`)

    server = await createKefuServer({ database: db, logLevel: 'warn', httpLimits: { loginBurst: 1000 } })
    const base = await server.listen()
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `admin@${COMPANY}.bench`, password: 'bench-password-1' }),
    }).then((r) => r.json())
    const auth = { authorization: `Bearer ${login.token}` }
    const day = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
    const range = `from=${day(END - 90 * DAY)}&to=${day(END - DAY)}&timeZone=Asia/Shanghai`
    const get = async (path) => {
      const response = await fetch(`${base}${path}`, { headers: auth })
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
      return response.json()
    }
    const sample = await get(`/api/v1/reports?${range}`)
    console.log(
      `  90-day report: ${sample.overview.conversations.toLocaleString('en')} conversations, ${sample.overview.served.toLocaleString('en')} served, first response p50 ${sample.overview.firstResponse.p50} ms, ${sample.daily.length} days, ${sample.agents.length} agents`,
    )
    const results = {
      'report, whole team': await timeIt(options.runs, () => get(`/api/v1/reports?${range}`)),
      'report, one group': await timeIt(options.runs, () => get(`/api/v1/reports?${range}&groupId=${COMPANY}-g1`)),
      'report, one agent': await timeIt(options.runs, () => get(`/api/v1/reports?${range}&agentId=${COMPANY}-a3`)),
      'live view': await timeIt(options.runs, () => get('/api/v1/reports/live')),
      'baseline: first-response p50 from messages': await timeIt(options.runs, () =>
        db.query(
          `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first - c.served_at) AS p50
           FROM conversations c
           JOIN (SELECT conversation_id, min(created_at) AS first FROM messages
                 WHERE company_id = $1 AND sender = 'agent' AND client_id IS NOT NULL AND created_at >= $2 GROUP BY conversation_id) f
             ON f.conversation_id = c.id
           WHERE c.company_id = $1 AND c.created_at >= $2 AND c.served_at IS NOT NULL`,
          [COMPANY, END - 90 * DAY],
        ),
      ),
    }
    const baseline = results['baseline: first-response p50 from messages'].median
    for (const [name, s] of Object.entries(results)) {
      const ratio = name.startsWith('baseline') ? '' : `  (${(s.median / baseline).toFixed(2)}× the baseline)`
      console.log(`  ${name.padEnd(44)} min ${fmt(s.min).padStart(8)}  median ${fmt(s.median).padStart(8)}  max ${fmt(s.max).padStart(8)}${ratio}`)
    }
    return results
  } finally {
    await server?.close()
    await db.close()
    await dropDatabase()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}

console.log(`bench/reports: ${options.messages.toLocaleString('en')} messages, ${options.runs} runs each (after a warm-up), on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})`)
for (const kind of options.db === 'both' ? ['pglite', 'postgres'] : [options.db]) {
  console.log(`\n${kind}`)
  await benchDatabase(kind)
}
