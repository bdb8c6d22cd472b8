// Shared pieces of the cluster bench and the soak script: starting kefu processes, a fresh database,
// a company with agents, and raw WebSocket clients that speak kefu's frames.
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const root = join(here, '..', '..')
// `ws` and `pg` are dependencies of @kefu/server; resolve them from there.
export const requireServerDep = createRequire(join(root, 'packages', 'server', 'package.json'))
export const { WebSocket } = requireServerDep('ws')
const pg = requireServerDep('pg')

export const PASSWORD = 'bench password 1'

/** A fresh database on the PostgreSQL at `adminUrl`, dropped by `drop()`. */
export async function freshDatabase(adminUrl) {
  const name = `kefu_bench_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async query(sql, params) {
      const client = new pg.Client({ connectionString: url.toString() })
      await client.connect()
      try {
        return (await client.query(sql, params)).rows
      } finally {
        await client.end()
      }
    },
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

/** Starts one kefu process in cluster mode; resolves with its URL once it listens. */
export function startServer(config) {
  const child = fork(join(here, 'serverProcess.mjs'), [JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('a kefu process did not start in 60 s')), 60_000)
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = /KEFU_READY (\S+)/.exec(out)
      if (!match) return
      clearTimeout(timer)
      resolve({
        url: match[1],
        wsUrl: match[1].replace(/^http/, 'ws'),
        child,
        exited,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return
          child.kill('SIGTERM')
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
          await exited
          clearTimeout(kill)
        },
      })
    })
    exited.then((code) => reject(new Error(`a kefu process exited (${code}) before it listened`)))
  })
}

/** A company (human reception, no evaluation) with `agents` agents of `capacity`, stored through the server's own code. */
export async function seedCompany(databaseUrl, agents, capacity) {
  const server = await import(join(root, 'packages', 'server', 'dist', 'index.js'))
  const db = await server.openDatabase({ databaseUrl, databasePoolSize: 2 })
  try {
    const companyId = `b${randomBytes(4).toString('hex')}`
    const { admin } = await server.createCompany(db, {
      id: companyId,
      name: 'Bench shop',
      settings: { receptionMode: 2, evaluateOnEnd: false, inactivityTimeoutSeconds: 86_400, queueTimeoutSeconds: 86_400 },
      admin: { email: `admin-${companyId}@bench.example`, name: 'Admin', password: PASSWORD },
    })
    const emails = []
    const passwordHash = await server.hashPassword(PASSWORD)
    for (let i = 0; i < agents; i++) {
      const email = `agent${i}-${companyId}@bench.example`
      await db.query(
        `INSERT INTO agents (id, company_id, email, name, password_hash, role, capacity, created_at) VALUES ($1, $2, $3, $4, $5, 'agent', $6, $7)`,
        [`a_${companyId}_${i}`, companyId, email, `Agent ${i}`, passwordHash, capacity, Date.now()],
      )
      emails.push(email)
    }
    return { companyId, adminId: admin.agentId, emails }
  } finally {
    await db.close()
  }
}

export async function login(httpUrl, email) {
  const response = await fetch(`${httpUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  })
  if (!response.ok) throw new Error(`login failed: ${await response.text()}`)
  return (await response.json()).token
}

/** A WebSocket that collects frames and resolves waits on them. */
export async function socket(url) {
  const ws = new WebSocket(url)
  const frames = []
  const waiters = new Set()
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data))
    frames.push(frame)
    for (const waiter of [...waiters]) waiter(frame)
  })
  ws.on('error', () => {})
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return {
    ws,
    frames,
    send: (frame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame)),
    /** Calls `listener` for every frame from now on. */
    on(listener) {
      waiters.add(listener)
    },
    waitFor(match, timeoutMs = 30_000) {
      const found = frames.find(match)
      if (found) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no matching frame in ${timeoutMs} ms`))
        }, timeoutMs)
        const check = (frame) => {
          if (!match(frame)) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve(frame)
        }
        waiters.add(check)
      })
    },
    close: () => ws.terminate(),
  }
}

export const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN)
export const median = (values) => percentile([...values].sort((a, b) => a - b), 50)
export const summary = (values, digits = 0) => {
  const sorted = [...values].sort((a, b) => a - b)
  return `min ${sorted[0].toFixed(digits)} / median ${median(sorted).toFixed(digits)} / max ${sorted.at(-1).toFixed(digits)}`
}
