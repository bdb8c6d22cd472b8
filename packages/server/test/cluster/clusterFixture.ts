import { createChat, memoryStorage, type ChatClient } from '@kefu/core'
import { createTestVisibility } from '@kefu/core/testing'
import { websocketTransport } from '@kefu/core/websocket'
import pg from 'pg'
import { randomBytes } from 'node:crypto'
import { WebSocket } from 'ws'
import type { Database } from '../../src/db/Database'
import { openDatabase } from '../../src/db/openDatabase'
import { createCompany } from '../../src/domain/createCompany'
import { newId } from '../../src/domain/ids'
import { hashPassword } from '../../src/security'
import { insertAgent } from '../../src/store/agentStore'
import { AgentTestClient } from '../harness'

const PASSWORD = 'correct horse battery'

/** A fresh database on the PostgreSQL at `adminUrl`, dropped by `drop()`. */
export async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kefu_cluster_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

/**
 * Stands in for a load balancer: each new connection goes to the next live server, so when one
 * process dies its clients reconnect to the others.
 */
export class Balancer {
  #next = 0
  constructor(private servers: string[]) {}

  /** Only these servers (ws:// base URLs) take new connections from now on. */
  use(servers: string[]): void {
    this.servers = servers
  }

  pick(): string {
    return this.servers[this.#next++ % this.servers.length]!
  }

  /** A WebSocket class for `websocketTransport`: the URL's path goes to the picked server. */
  webSocket(): typeof WebSocket {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below reads the balancer
    const balancer = this
    return class BalancedWebSocket extends WebSocket {
      constructor(url: string) {
        super(`${balancer.pick()}${new URL(url).pathname}`)
      }
    } as never
  }
}

/** A company with agents, stored straight into the cluster's database. */
export async function seedCompany(databaseUrl: string, agents: { name: string; capacity: number }[]) {
  const db: Database = await openDatabase({ databaseUrl, databasePoolSize: 2 })
  try {
    const companyId = `k${randomBytes(4).toString('hex')}`
    await createCompany(db, { id: companyId, name: 'Cluster shop', settings: { receptionMode: 2, evaluateOnEnd: false, trustUnsignedVip: true }, admin: { email: `admin-${companyId}@example.com`, name: 'Admin', password: PASSWORD } })
    const passwordHash = await hashPassword(PASSWORD)
    const created = []
    for (const agent of agents) {
      const email = `${agent.name.toLowerCase()}-${companyId}@example.com`
      created.push(await insertAgent(db, { id: newId('a'), companyId, email, name: agent.name, passwordHash, role: 'agent', capacity: agent.capacity }))
    }
    return { companyId, agents: created, adminEmail: `admin-${companyId}@example.com` }
  } finally {
    await db.close()
  }
}

export async function login(httpUrl: string, email: string): Promise<string> {
  const response = await fetch(`${httpUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  })
  if (response.status !== 200) throw new Error(`login failed: ${await response.text()}`)
  return ((await response.json()) as { token: string }).token
}

export async function desk(wsUrl: string, token: string): Promise<AgentTestClient> {
  return AgentTestClient.connect(`${wsUrl}/ws/agent`, token)
}

/** A visitor client whose connections go where `socket` sends them (a fixed server or a balancer). */
export function visitorClient(companyId: string, socket: typeof WebSocket, storage = memoryStorage()): ChatClient {
  const client = createChat({
    companyId,
    transport: websocketTransport({ url: 'ws://balanced/ws/visitor', WebSocket: socket as never, backoff: { initialMs: 50, maxMs: 500 } }),
    storage,
    visibility: createTestVisibility(),
  })
  client.connect()
  return client
}

/** A WebSocket class that always connects to `wsBase`. */
export function pinnedTo(wsBase: string): typeof WebSocket {
  return class PinnedWebSocket extends WebSocket {
    constructor(url: string) {
      super(`${wsBase}${new URL(url).pathname}`)
    }
  } as never
}

export const textsOf = (client: ChatClient, sender?: string) =>
  client.getSnapshot().messages.flatMap((m) => (m.body.type === 'text' && (!sender || m.sender === sender) ? [m.body.text] : []))
