import type { ClientFrame } from '@kefu/core'
import { websocketTransport } from '@kefu/core/websocket'
import pg from 'pg'
import pino from 'pino'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createKefuServer, type KefuServerOptions } from '../src/createKefuServer'
import { createCompany } from '../src/domain/createCompany'
import { AgentTestClient, DATABASES, eventually } from './harness'

const VISITORS = 200

/** Every log line a server writes, parsed. */
function capturedLogger() {
  const lines: { level: number; msg?: string; err?: { message?: string } }[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line))
      done()
    },
  })
  return { logger: pino({ level: 'info' }, stream), lines }
}

/** One visitor on the real client transport: says hello (with its token once it has one) on every open. */
function visitor(url: string, companyId: string) {
  const v = { welcomes: [] as string[], closes: [] as { reconnecting: boolean; reason?: string }[], token: undefined as string | undefined }
  const transport = websocketTransport({ url, WebSocket: WebSocket as never, heartbeatMs: 60_000 })
  transport.connect({
    open: () => transport.send({ type: 'hello', v: 1, companyId, lastSeq: 0, ...(v.token ? { visitorToken: v.token } : {}) } as ClientFrame),
    frame: (frame) => {
      if (frame.type !== 'welcome') return
      v.token = frame.visitorToken
      v.welcomes.push(frame.visitorId)
    },
    close: (info) => void v.closes.push(info),
  })
  return Object.assign(v, { transport })
}

describe.each(DATABASES)('stopping the server with visitors connected (%s)', (database) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-stop-'))
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dataDir, { recursive: true, force: true })]
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })

  it('logs no error, closes every socket as "restarting", and the clients come back to the next server', async () => {
    let databaseUrl: string | undefined
    if (database === 'postgres') {
      const admin = process.env.KEFU_TEST_DATABASE_URL!
      const name = `kefu_test_${randomBytes(6).toString('hex')}`
      const client = new pg.Client({ connectionString: admin })
      await client.connect()
      await client.query(`CREATE DATABASE ${name}`)
      await client.end()
      const url = new URL(admin)
      url.pathname = `/${name}`
      databaseUrl = url.toString()
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: admin })
        await c.connect()
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await c.end()
      })
    }
    const options = (logger: pino.Logger, port = 0): KefuServerOptions => ({
      logger,
      port,
      agentGraceMs: 200,
      ...(databaseUrl ? { databaseUrl } : { dataDir }),
      // Every visitor of this test comes from one address.
      limits: { newVisitorsPerAddressPerMinute: 100_000, addressFrameBurst: 100_000 },
    })

    const first = capturedLogger()
    const server = await createKefuServer(options(first.logger))
    const url = await server.listen()
    const port = Number(new URL(url).port)
    const companyId = `c${randomBytes(3).toString('hex')}`
    await createCompany(server.context.db, { id: companyId, name: 'Shop', settings: { receptionMode: 2 }, admin: { email: `admin-${companyId}@example.com`, name: 'Admin', password: 'correct horse battery' } })
    // An agent's workbench is connected too: its disconnect runs on the way down as well.
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `admin-${companyId}@example.com`, password: 'correct horse battery' }) })
    const desk = await AgentTestClient.connect(`${url.replace(/^http/, 'ws')}/ws/agent`, ((await login.json()) as { token: string }).token)
    expect(desk.welcome).toBeDefined()
    const deskClosed = new Promise<number>((resolve) => desk.socket.once('close', resolve))
    const wsUrl = `${url.replace(/^http/, 'ws')}/ws/visitor`
    const visitors = Array.from({ length: VISITORS }, () => visitor(wsUrl, companyId))
    cleanups.push(() => visitors.forEach((v) => v.transport.disconnect()))
    await eventually(() => expect(visitors.filter((v) => v.welcomes.length === 1)).toHaveLength(VISITORS), 60_000)
    // Frames still in flight when the stop begins: they finish before the database closes.
    for (const v of visitors.slice(0, 20)) v.transport.send({ type: 'typing', typing: true })

    await server.close()
    // Every socket was told "restarting", and its client reconnects (by itself, with no final code).
    await eventually(() => expect(visitors.filter((v) => v.closes.length >= 1)).toHaveLength(VISITORS), 10_000)
    expect(visitors.every((v) => v.closes[0]!.reconnecting && v.closes[0]!.reason === 'restarting')).toBe(true)
    expect(await deskClosed).toBe(1012)
    const problems = first.lines.filter((line) => line.level >= 40).map((line) => `${line.msg}: ${line.err?.message ?? ''}`)
    expect(problems).toEqual([])

    // The next server on the same port and data: each visitor is welcomed back as itself.
    const second = capturedLogger()
    const next = await createKefuServer(options(second.logger, port))
    cleanups.push(() => next.close())
    await next.listen()
    await eventually(() => expect(visitors.filter((v) => v.welcomes.length >= 2)).toHaveLength(VISITORS), 60_000)
    expect(visitors.every((v) => v.welcomes[1] === v.welcomes[0])).toBe(true)
    expect(second.lines.filter((line) => line.level >= 50)).toEqual([])
  }, 300_000)
})
