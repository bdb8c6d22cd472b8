// The baselines kefu is measured against: the most naive chat relay on plain `ws`, speaking the subset
// of kefu's protocol the load generator uses, so both are driven by the same code with the same messages.
//   mode 'memory': messages are kept in an array (what the machine does without any database);
//   mode 'insert': every message is INSERTed into PostgreSQL, one statement each (pool of 10, as kefu's),
//                  and acknowledged when the INSERT returns.
// Protocol: visitor `hello` → `welcome`; agent `agent.hello` → `agent.welcome`; `chat.request` → `ack` and
// an `assigned` status naming the next agent round-robin; `message.send` → stored → `ack` to the sender and
// a `message` frame to the other side. Started by ./index.mjs with `fork`, driven over IPC like
// ./serverProcess.mjs (mem, probe, stop); SIGTERM closes the sockets, then the pool.
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const requireServerDep = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'server', 'package.json'))
const { WebSocketServer } = requireServerDep('ws')
const pg = requireServerDep('pg')

const config = JSON.parse(process.argv[2] ?? '{}')
const pool = config.mode === 'insert' ? new pg.Pool({ connectionString: config.databaseUrl, max: 10 }) : undefined
if (pool) {
  await pool.query(`CREATE TABLE IF NOT EXISTS relay_messages (
    id bigserial PRIMARY KEY, chat text NOT NULL, sender text NOT NULL, client_id text NOT NULL, body jsonb NOT NULL, created_at bigint NOT NULL)`)
}
const memory = []
let ids = 0
const store = async (chat, sender, cid, body) => {
  const createdAt = Date.now()
  if (pool) {
    const { rows } = await pool.query('INSERT INTO relay_messages (chat, sender, client_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [chat, sender, cid, JSON.stringify(body), createdAt])
    return { id: String(rows[0].id), clientId: cid, sender, body, createdAt }
  }
  const message = { id: String(++ids), clientId: cid, sender, body, createdAt }
  memory.push(message)
  return message
}

const visitors = new Map()
const agents = []
let nextAgent = 0
const http = createServer()
const wss = new WebSocketServer({ server: http })
wss.on('connection', (ws) => {
  let me
  ws.on('error', () => {})
  ws.on('message', async (data) => {
    const frame = JSON.parse(String(data))
    const send = (f) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(f))
    try {
      if (frame.type === 'hello') {
        me = { kind: 'visitor', id: `v${visitors.size + 1}-${process.hrtime.bigint()}`, ws }
        visitors.set(me.id, me)
        return send({ type: 'welcome', visitorId: me.id })
      }
      if (frame.type === 'agent.hello') {
        me = { kind: 'agent', id: `a${agents.length + 1}`, ws }
        agents.push(me)
        return send({ type: 'agent.welcome', agent: { agentId: me.id } })
      }
      if (frame.type === 'chat.request') {
        me.agent = agents[nextAgent++ % agents.length]
        send({ type: 'ack', cid: frame.cid })
        return send({ type: 'status', event: { type: 'assigned', staff: { staffId: me.agent.id, recordId: me.id } } })
      }
      if (frame.type === 'message.send') {
        const chat = me.kind === 'visitor' ? me.id : frame.conversationId
        const message = await store(chat, me.kind, frame.cid, frame.body)
        send({ type: 'ack', cid: frame.cid, message })
        const to = me.kind === 'visitor' ? me.agent?.ws : visitors.get(chat)?.ws
        const out = me.kind === 'visitor' ? { type: 'message', conversationId: chat, visitorId: chat, message } : { type: 'message', message }
        if (to?.readyState === to?.OPEN) to.send(JSON.stringify(out))
      }
    } catch (error) {
      console.error(`relay: ${error.message}`)
    }
  })
  ws.on('close', () => {
    if (me?.kind === 'visitor') visitors.delete(me.id)
  })
})
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${http.address().port}`

async function stop() {
  for (const ws of wss.clients) ws.close(1012, 'restarting')
  await new Promise((resolve) => wss.close(resolve))
  await new Promise((resolve) => http.close(resolve))
  await pool?.end()
}

const gc = () => globalThis.gc?.()
const handlers = {
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
    await stop()
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
process.once('SIGTERM', () => void stop().then(() => process.exit(0)))
process.on('disconnect', () => process.exit(0))
process.send?.({ ready: true, url, pid: process.pid })
