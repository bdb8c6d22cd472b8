import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DATABASES, startHarness, type Harness } from './harness'

// pg's pool emits 'error' when PostgreSQL ends one of its idle connections (a restart, a failover, an
// admin); unhandled, that event would take the whole server down.
const onPostgres = DATABASES.includes('postgres')
let h: Harness | undefined

beforeAll(async () => {
  if (onPostgres) h = await startHarness('postgres')
}, 60_000)
afterAll(async () => h?.close())

it.skipIf(!onPostgres)('keeps serving when PostgreSQL ends its idle pooled connections', async () => {
  const harness = h!
  const admin = await harness.login(harness.adminEmail)
  expect((await harness.http('GET', '/api/v1/agents', { token: admin })).status).toBe(200)

  const name = new URL(harness.databaseUrl!).pathname.slice(1)
  const client = new pg.Client({ connectionString: process.env.KEFU_TEST_DATABASE_URL })
  await client.connect()
  const ended = await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name])
  await client.end()
  expect(ended.rowCount).toBeGreaterThan(0)
  await new Promise((resolve) => setTimeout(resolve, 200))

  expect((await harness.http('GET', '/api/v1/agents', { token: admin })).status).toBe(200)
  expect((await harness.http('GET', '/healthz')).status).toBe(200)
})
