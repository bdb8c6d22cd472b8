import { createChat, memoryStorage } from '@kefu/core'
import { websocketTransport } from '@kefu/core/websocket'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createKefuServer } from '../src/createKefuServer'
import { AgentTestClient, DATABASES, eventually, startHarness, type Harness } from './harness'

describe.each(DATABASES)('a connection killed mid-conversation (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  it('loses and duplicates nothing: unacknowledged sends are resent and de-duplicated, missed replies resynced', async () => {
    const agent = await h.addAgent({ email: `kim-${h.companyId}@example.com`, name: 'Kim' })
    const desk = await h.agent(agent.token)
    const visitor = h.visitor()
    const connections: string[] = []
    visitor.on('connectionChange', ({ connection }) => connections.push(connection))
    visitor.connect()
    await visitor.requestChat()
    await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
    const conversationId = visitor.getSnapshot().staff!.recordId

    const sends: Promise<unknown>[] = []
    for (let i = 1; i <= 20; i++) {
      sends.push(visitor.send(`message ${i}`))
      if (i === 8) {
        // Mid-burst: every socket dies, some frames are in flight both ways.
        expect(h.server.terminateConnections()).toBeGreaterThan(0)
      }
    }
    // The agent's desk was cut too; it reconnects and replies while the visitor may still be away.
    const desk2 = await h.agent(agent.token)
    for (let i = 1; i <= 3; i++) await desk2.request({ type: 'message.send', conversationId, body: { type: 'text', text: `reply ${i}` } })
    await Promise.all(sends)

    await eventually(() => {
      const texts = visitor.getSnapshot().messages.flatMap((m) => (m.body.type === 'text' ? [m.body.text] : []))
      expect(texts.filter((t) => t.startsWith('reply'))).toEqual(['reply 1', 'reply 2', 'reply 3'])
    })
    const { messages } = visitor.getSnapshot()
    const ids = messages.map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
    const seqs = messages.map((m) => m.seq!)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    const mine = messages.flatMap((m) => (m.sender === 'visitor' && m.body.type === 'text' ? [m.body.text] : []))
    expect(mine).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i + 1}`))
    expect(messages.every((m) => m.state === 'sent')).toBe(true)
    expect(connections).toContain('reconnecting')
    expect(connections.at(-1)).toBe('online')

    // Stored exactly once each, in order.
    const history = await h.http('GET', `/api/v1/visitors/${visitor.getSnapshot().visitorId}/messages`, { token: agent.token })
    const stored = history.body.filter((m: { sender: string }) => m.sender === 'visitor').map((m: { body: { text: string } }) => m.body.text)
    expect(stored).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i + 1}`))

    // The first desk saw each visitor message at most once before it was cut; the second none twice.
    for (const client of [desk, desk2]) {
      const seen = client.frames.flatMap((f) => (f.type === 'message' && f.message.sender === 'visitor' ? [f.message.id] : []))
      expect(new Set(seen).size).toBe(seen.length)
    }
  })
})

describe.each(DATABASES)('a restart on the same data (%s)', (database) => {
  it('keeps history, unread, the visitor’s identity and the open chat', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kefu-restart-'))
    const h = await startHarness(database, { dataDir })
    const storage = memoryStorage()
    try {
      const agent = await h.addAgent({ email: `lee-${h.companyId}@example.com`, name: 'Lee' })
      const desk = await h.agent(agent.token)
      const visitor = h.visitor({ storage })
      visitor.connect()
      await visitor.send('hello before the restart')
      await eventually(() => expect(visitor.getSnapshot().status.name).toBe('chatting'))
      const { visitorId } = visitor.getSnapshot()
      const conversationId = visitor.getSnapshot().staff!.recordId
      visitor.destroy() // the visitor leaves; the agent answers anyway (an offline message)
      await desk.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'answered while you were away' } })
      desk.close()

      // Same data folder (PGlite) or database (PostgreSQL), new process state, new port.
      await h.server.close()
      const restarted = await createKefuServer({ logLevel: 'silent', ...(h.databaseUrl ? { databaseUrl: h.databaseUrl } : { dataDir }) })
      try {
        const url = await restarted.listen()
        const again = createChat({
          companyId: h.companyId,
          transport: websocketTransport({ url: `${url.replace(/^http/, 'ws')}/ws/visitor`, WebSocket: WebSocket as never }),
          storage,
        })
        again.connect()
        await eventually(() => expect(again.getSnapshot().ready).toBe(true))
        expect(again.getSnapshot().visitorId).toBe(visitorId) // the token signed before the restart still works
        expect(again.getSnapshot().status.name).toBe('chatting')
        expect(again.getSnapshot().unread).toBeGreaterThanOrEqual(1)
        const texts = again.getSnapshot().messages.flatMap((m) => (m.body.type === 'text' ? [m.body.text] : []))
        expect(texts).toEqual(['hello before the restart', 'answered while you were away'])

        // The agent logs in again and finds the open chat; the queue and loads were rebuilt.
        const login = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `lee-${h.companyId}@example.com`, password: 'correct horse battery' }),
        }).then((r) => r.json() as Promise<{ token: string }>)
        const desk2 = await AgentTestClient.connect(`${url.replace(/^http/, 'ws')}/ws/agent`, login.token)
        expect(desk2.welcome?.conversations.find((c) => c.conversationId === conversationId)).toMatchObject({ status: 'chatting', agentId: agent.agentId })
        await desk2.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'and after it' } })
        await eventually(() => expect(again.getSnapshot().messages.map((m) => m.body)).toContainEqual({ type: 'text', text: 'and after it' }))
        desk2.close()
        again.destroy()
      } finally {
        await restarted.close()
      }
    } finally {
      await h.close().catch(() => {})
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 90_000) // two embedded databases start here, each of them slow on a loaded machine
})
