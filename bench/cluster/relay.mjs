// The baseline of the cluster bench: a plain `ws` relay in its own process. A visitor's frame
// {to, cid, text} is forwarded to agent `to` and acknowledged back; no storage, no routing, no checks.
// What kefu costs on top of moving the bytes is the gap between this and kefu with one process.
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(join(fileURLToPath(import.meta.url), '..', '..', '..', 'packages', 'server', 'package.json'))
const { WebSocketServer } = require('ws')

const agents = new Map()
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
wss.on('connection', (ws, request) => {
  const agent = new URL(request.url, 'http://relay').searchParams.get('agent')
  if (agent) agents.set(agent, ws)
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data))
    agents.get(frame.to)?.send(JSON.stringify({ type: 'message', text: frame.text }))
    ws.send(JSON.stringify({ type: 'ack', cid: frame.cid }))
  })
})
wss.on('listening', () => process.stdout.write(`RELAY_READY ws://127.0.0.1:${wss.address().port}\n`))
process.on('disconnect', () => process.exit(0))
process.on('SIGTERM', () => process.exit(0))
