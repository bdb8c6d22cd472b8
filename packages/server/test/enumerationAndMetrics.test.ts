import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, startHarness, type Harness } from './harness'

const unique = () => randomBytes(4).toString('hex')
const PASSWORD = 'correct horse battery'

/** Issue 11.8: another company's e-mail answered 409 (its accounts could be listed); /metrics was public. */
describe.each(DATABASES)('accounts cannot be enumerated across companies (%s)', (database) => {
  let h: Harness
  let adminToken: string
  beforeAll(async () => {
    h = await startHarness(database)
    adminToken = await h.login(h.adminEmail)
  })
  afterAll(() => h?.close())

  it("creating an agent with another company's e-mail works like any new e-mail; both sign in to their own company", async () => {
    const otherId = `e${unique()}`
    const other = await h.addCompany(otherId)
    const email = `shared-${unique()}@example.com`
    const theirs = await h.http('POST', '/api/v1/agents', { token: other.adminToken, body: { email, password: 'their password 1', name: 'Theirs' } })
    expect(theirs.status).toBe(201)
    const ours = await h.http('POST', '/api/v1/agents', { token: adminToken, body: { email: email.toUpperCase(), password: 'our password 12', name: 'Ours' } })
    expect(ours.status).toBe(201)
    // Each password signs in to its own company.
    const asTheirs = await h.http('POST', '/api/v1/auth/login', { body: { email, password: 'their password 1' } })
    expect(asTheirs.body.agent).toMatchObject({ agentId: theirs.body.agentId, companyId: otherId })
    const asOurs = await h.http('POST', '/api/v1/auth/login', { body: { email, password: 'our password 12' } })
    expect(asOurs.body.agent).toMatchObject({ agentId: ours.body.agentId, companyId: h.companyId })
    // Within one company an e-mail is still one account.
    const again = await h.http('POST', '/api/v1/agents', { token: adminToken, body: { email, password: 'another one 123', name: 'Twin' } })
    expect(again.status).toBe(409)
  })

  it('one password for the same e-mail in two companies: the sign-in names the companies to choose from, and companyId chooses', async () => {
    const otherId = `e${unique()}`
    const other = await h.addCompany(otherId)
    const email = `twice-${unique()}@example.com`
    for (const token of [adminToken, other.adminToken]) {
      expect((await h.http('POST', '/api/v1/agents', { token, body: { email, password: PASSWORD, name: 'Twice' } })).status).toBe(201)
    }
    const ambiguous = await h.http('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })
    expect(ambiguous.status).toBe(409)
    expect(ambiguous.body.error.code).toBe('conflict')
    expect(ambiguous.body.error.issues).toEqual([{ path: 'companyId', message: expect.stringContaining(otherId) }])
    const chosen = await h.http('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD, companyId: otherId } })
    expect(chosen.status).toBe(200)
    expect(chosen.body.agent.companyId).toBe(otherId)
    // A wrong password tells nothing about the companies.
    const wrong = await h.http('POST', '/api/v1/auth/login', { body: { email, password: 'not the password' } })
    expect(wrong).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'wrong e-mail or password' } } })
  })
})

describe('/metrics is not public unless configured', () => {
  let closed: Harness
  let token: Harness
  let open: Harness
  let port: Harness
  beforeAll(async () => {
    closed = await startHarness('pglite', { server: { metrics: {} } })
    token = await startHarness('pglite', { server: { metrics: { token: 'scrape-me-please' } } })
    open = await startHarness('pglite', { server: { metrics: { public: true } } })
    port = await startHarness('pglite', { server: { metrics: { port: 0 } } })
    // Four servers, each migrating its own PGlite: minutes on a loaded 2-core machine.
  }, 300_000)
  afterAll(async () => {
    await Promise.all([closed?.close(), token?.close(), open?.close(), port?.close()])
  })

  it('by default /metrics answers 404, saying how to turn it on', async () => {
    const res = await fetch(`${closed.url}/metrics`)
    expect(res.status).toBe(404)
    const body = await res.json()
    expect(body.error.message).toMatch(/--metrics-token/)
    expect(JSON.stringify(body)).not.toMatch(/kefu_/)
  })

  it('with a token, only a scrape that sends it gets the metrics', async () => {
    expect((await fetch(`${token.url}/metrics`)).status).toBe(401)
    expect((await fetch(`${token.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
    const res = await fetch(`${token.url}/metrics`, { headers: { authorization: 'Bearer scrape-me-please' } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('kefu_http_requests_total')
  })

  it('opted in as public, anyone may read it', async () => {
    const res = await fetch(`${open.url}/metrics`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('kefu_visitor_connections')
  })

  it('on a separate port, the metrics are there and not on the public port', async () => {
    expect(port.server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    const res = await fetch(port.server.metricsUrl!)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('kefu_frames_total')
    expect((await fetch(`${port.url}/metrics`)).status).toBe(404)
    expect((await fetch(port.server.metricsUrl!.replace('/metrics', '/api/v1/company'))).status).toBe(404)
  })
})
