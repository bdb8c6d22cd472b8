import { createHmac, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { newId } from '../src/domain/ids'
import { insertVisitor } from '../src/store/visitorStore'
import { DATABASES, startHarness, type Harness } from './harness'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- REST bodies read as JSON
type Json = any

const unique = () => randomBytes(4).toString('hex')
const nonce = () => randomBytes(12).toString('base64url')

/** The signature a business page's server computes, written out independently of the server's code. */
function sign(secret: string, timestamp: number, nonceValue: string, pageUrl: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonceValue}\n${pageUrl}`).digest('hex')
}

/** Errors of the REST API: `{ error: { code, message, issues? } }`. */
function expectError(res: { status: number; body: Json }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) })
}

/** Refusals of the signature check: `{ error: reason, message }`, the reason as the SDK knows it. */
function expectRefused(res: { status: number; body: Json }, status: number, reason: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body).toEqual({ error: reason, message: expect.any(String) })
}

describe.each(DATABASES)('business plugins (%s)', (database) => {
  let h: Harness
  let clock = Date.now()
  let admin: string
  let agent: { agentId: string; token: string }
  let other: { adminToken: string }

  beforeAll(async () => {
    h = await startHarness(database, { server: { now: () => clock } })
    admin = await h.login(h.adminEmail)
    agent = await h.addAgent({ email: `agent-${unique()}@example.com`, name: 'Agent' })
    other = await h.addCompany(`o${unique()}`)
  })
  afterAll(() => h?.close())
  beforeEach(() => {
    clock = Date.now()
  })

  const create = (body: object, token = admin) => h.http('POST', '/api/v1/plugins', { token, body })
  const shop = (extra: object = {}) => create({ name: 'Orders', url: 'https://shop.example.com/kefu/orders?x=1', ...extra })
  let nextPage = 100 + Math.floor(Math.random() * 1000) * 100

  describe('registration', () => {
    it('an admin creates a plugin and sees its secret once; any agent lists it without secrets', async () => {
      const pageId = nextPage++
      const created = await shop({ pages: [{ pageId, title: '订单详情', url: 'https://shop.example.com/kefu/order' }] })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      expect(created.body).toEqual({
        pluginId: expect.stringMatching(/^pl_[A-Za-z0-9_-]+$/),
        name: 'Orders',
        url: 'https://shop.example.com/kefu/orders?x=1',
        allowedOrigin: 'https://shop.example.com',
        visitorParams: false,
        pages: [{ pageId, title: '订单详情', url: 'https://shop.example.com/kefu/order' }],
        createdAt: clock,
        updatedAt: clock,
        secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      })
      expect(Buffer.from(created.body.secret, 'base64url')).toHaveLength(32)
      const second = await shop()
      expect(second.body.secret).not.toBe(created.body.secret)

      for (const token of [admin, agent.token]) {
        const list = await h.http('GET', '/api/v1/plugins', { token })
        expect(list.status).toBe(200)
        const { secret: _secret, ...listed } = created.body
        expect(list.body).toContainEqual(listed)
        expect(JSON.stringify(list.body)).not.toContain(created.body.secret)
        expect(list.body.every((p: Json) => !('secret' in p))).toBe(true)
      }
    })

    it('takes a given secret of at least 16 characters, an explicit origin and visitorParams', async () => {
      const created = await create({ name: 'CRM', url: 'http://127.0.0.1:5173/crm', allowedOrigin: 'http://127.0.0.1:5173', secret: 's'.repeat(16), visitorParams: true })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      expect(created.body).toMatchObject({ allowedOrigin: 'http://127.0.0.1:5173', secret: 's'.repeat(16), visitorParams: true, pages: [] })
      expectError(await create({ name: 'CRM', url: 'http://127.0.0.1:5173/crm', secret: 's'.repeat(15) }), 400, 'invalid_argument')
    })

    it.each([
      ['no name', { url: 'https://a.example.com/' }, 'name'],
      ['a javascript: URL', { name: 'x', url: 'javascript:alert(1)' }, 'url'],
      ['an ftp URL', { name: 'x', url: 'ftp://a.example.com/' }, 'url'],
      ['credentials in the URL', { name: 'x', url: 'https://user:pw@a.example.com/' }, 'url'],
      ['an origin with a path', { name: 'x', url: 'https://a.example.com/p', allowedOrigin: 'https://a.example.com/p' }, 'allowedOrigin'],
      ['an origin with a trailing slash', { name: 'x', url: 'https://a.example.com/p', allowedOrigin: 'https://a.example.com/' }, 'allowedOrigin'],
      ['an origin spelled with its default port', { name: 'x', url: 'https://a.example.com/p', allowedOrigin: 'https://a.example.com:443' }, 'allowedOrigin'],
      ['a url on another origin', { name: 'x', url: 'https://b.example.com/p', allowedOrigin: 'https://a.example.com' }, 'url'],
      ['a page on another origin', { name: 'x', url: 'https://a.example.com/p', pages: [{ pageId: 1, title: 't', url: 'https://evil.example.com/' }] }, 'pages.0.url'],
      ['a page id of 0', { name: 'x', url: 'https://a.example.com/p', pages: [{ pageId: 0, title: 't', url: 'https://a.example.com/q' }] }, 'pages.0.pageId'],
      ['a fractional page id', { name: 'x', url: 'https://a.example.com/p', pages: [{ pageId: 1.5, title: 't', url: 'https://a.example.com/q' }] }, 'pages.0.pageId'],
      [
        'one page id twice',
        { name: 'x', url: 'https://a.example.com/p', pages: [{ pageId: 7, title: 't', url: 'https://a.example.com/q' }, { pageId: 7, title: 'u', url: 'https://a.example.com/r' }] },
        'pages.1.pageId',
      ],
      ['visitorParams not a boolean', { name: 'x', url: 'https://a.example.com/p', visitorParams: 'yes' }, 'visitorParams'],
    ])('refuses %s with 400 and the field in issues', async (_what, body, path) => {
      const before = (await h.http('GET', '/api/v1/plugins', { token: admin })).body.length
      const res = await create(body)
      expectError(res, 400, 'invalid_argument')
      expect(res.body.error.issues.map((i: Json) => i.path)).toContain(path)
      expect((await h.http('GET', '/api/v1/plugins', { token: admin })).body).toHaveLength(before)
    })

    it('page ids are unique within the company, not across companies', async () => {
      const pageId = nextPage++
      const page = { pageId, title: 'p', url: 'https://shop.example.com/p' }
      const first = await shop({ pages: [page] })
      expect(first.status).toBe(201)
      expectError(await shop({ pages: [page] }), 409, 'conflict')
      const second = await shop()
      expectError(await h.http('PATCH', `/api/v1/plugins/${second.body.pluginId}`, { token: admin, body: { pages: [page] } }), 409, 'conflict')
      // Saving a plugin with its own page ids is fine.
      const same = await h.http('PATCH', `/api/v1/plugins/${first.body.pluginId}`, { token: admin, body: { pages: [{ ...page, title: 'renamed' }] } })
      expect(same.status, JSON.stringify(same.body)).toBe(200)
      expect((await create({ name: 'Theirs', url: 'https://shop.example.com/p', pages: [page] }, other.adminToken)).status).toBe(201)
    })

    it('PATCH updates part of a plugin, checks the whole, and bumps updatedAt', async () => {
      const created = await shop()
      const { pluginId } = created.body
      clock += 60_000
      const patched = await h.http('PATCH', `/api/v1/plugins/${pluginId}`, { token: admin, body: { name: 'Orders 2', visitorParams: true } })
      expect(patched.status, JSON.stringify(patched.body)).toBe(200)
      expect(patched.body).toMatchObject({ pluginId, name: 'Orders 2', visitorParams: true, url: created.body.url, createdAt: created.body.createdAt, updatedAt: clock })
      expect(patched.body.secret).toBeUndefined()

      // Moving the origin alone would strand the url on the old one.
      const moved = await h.http('PATCH', `/api/v1/plugins/${pluginId}`, { token: admin, body: { allowedOrigin: 'https://new.example.com' } })
      expectError(moved, 400, 'invalid_argument')
      expect(moved.body.error.issues.map((i: Json) => i.path)).toEqual(['url'])
      const both = await h.http('PATCH', `/api/v1/plugins/${pluginId}`, { token: admin, body: { allowedOrigin: 'https://new.example.com', url: 'https://new.example.com/' } })
      expect(both.body).toMatchObject({ allowedOrigin: 'https://new.example.com', url: 'https://new.example.com/' })
      expectError(await h.http('PATCH', `/api/v1/plugins/${pluginId}`, { token: admin, body: { name: '' } }), 400, 'invalid_argument')
      const list = (await h.http('GET', '/api/v1/plugins', { token: admin })).body
      expect(list.find((p: Json) => p.pluginId === pluginId)).toMatchObject({ name: 'Orders 2', allowedOrigin: 'https://new.example.com' })
    })

    it('writes need an admin (403), reading needs a session (401)', async () => {
      const { pluginId } = (await shop()).body
      expectError(await create({ name: 'x', url: 'https://a.example.com/' }, agent.token), 403, 'forbidden')
      expectError(await h.http('PATCH', `/api/v1/plugins/${pluginId}`, { token: agent.token, body: { name: 'x' } }), 403, 'forbidden')
      expectError(await h.http('POST', `/api/v1/plugins/${pluginId}/secret`, { token: agent.token }), 403, 'forbidden')
      expectError(await h.http('DELETE', `/api/v1/plugins/${pluginId}`, { token: agent.token }), 403, 'forbidden')
      expectError(await h.http('GET', '/api/v1/plugins'), 401, 'unauthorized')
      expectError(await h.http('POST', `/api/v1/plugins/${pluginId}/verify`, { body: {} }), 401, 'unauthorized')
      expect((await h.http('GET', '/api/v1/plugins', { token: admin })).body.some((p: Json) => p.pluginId === pluginId)).toBe(true)
    })

    it('another company cannot see, change, rotate, delete, verify against or get proofs from a plugin (404)', async () => {
      const { pluginId, secret } = (await shop()).body
      const list = await h.http('GET', '/api/v1/plugins', { token: other.adminToken })
      expect(JSON.stringify(list.body)).not.toContain(pluginId)
      expectError(await h.http('PATCH', `/api/v1/plugins/${pluginId}`, { token: other.adminToken, body: { name: 'mine' } }), 404, 'not_found')
      expectError(await h.http('POST', `/api/v1/plugins/${pluginId}/secret`, { token: other.adminToken }), 404, 'not_found')
      expectError(await h.http('DELETE', `/api/v1/plugins/${pluginId}`, { token: other.adminToken }), 404, 'not_found')
      const timestamp = Math.floor(clock / 1000)
      const pageUrl = 'https://shop.example.com/kefu/orders?x=1'
      const n = nonce()
      const body = { timestamp, nonce: n, signature: sign(secret, timestamp, n, pageUrl), pageUrl }
      expectRefused(await h.http('POST', `/api/v1/plugins/${pluginId}/verify`, { token: other.adminToken, body }), 404, 'unknown_plugin')
      expectError(await h.http('POST', `/api/v1/plugins/${pluginId}/context-proof`, { token: other.adminToken, body: { visitorId: 'v_x' } }), 404, 'not_found')
      // Still intact, and the nonce was not used up by the other company's attempt.
      expect((await h.http('POST', `/api/v1/plugins/${pluginId}/verify`, { token: agent.token, body })).status).toBe(200)
      expect((await h.http('GET', '/api/v1/plugins', { token: admin })).body.find((p: Json) => p.pluginId === pluginId).name).toBe('Orders')
    })

    it('DELETE removes a plugin (204), then 404; its page ids are free again', async () => {
      const pageId = nextPage++
      const { pluginId } = (await shop({ pages: [{ pageId, title: 'p', url: 'https://shop.example.com/p' }] })).body
      const deleted = await h.http('DELETE', `/api/v1/plugins/${pluginId}`, { token: admin })
      expect(deleted.status).toBe(204)
      expectError(await h.http('DELETE', `/api/v1/plugins/${pluginId}`, { token: admin }), 404, 'not_found')
      expectError(await h.http('PATCH', `/api/v1/plugins/${pluginId}`, { token: admin, body: { name: 'x' } }), 404, 'not_found')
      expect((await h.http('GET', '/api/v1/plugins', { token: admin })).body.some((p: Json) => p.pluginId === pluginId)).toBe(false)
      expect((await shop({ pages: [{ pageId, title: 'p', url: 'https://shop.example.com/p' }] })).status).toBe(201)
    })
  })

  describe('signature check', () => {
    const pageUrl = 'https://shop.example.com/kefu/orders?x=1&visitorId=v_1'
    let plugin: { pluginId: string; secret: string }
    beforeAll(async () => {
      plugin = (await shop()).body
    })

    const verify = (body: object, token = agent.token, pluginId = plugin.pluginId) => h.http('POST', `/api/v1/plugins/${pluginId}/verify`, { token, body })
    const signed = (overrides: { timestamp?: number; nonce?: string; pageUrl?: string; secret?: string } = {}) => {
      const timestamp = overrides.timestamp ?? Math.floor(clock / 1000)
      const n = overrides.nonce ?? nonce()
      const url = overrides.pageUrl ?? pageUrl
      return { timestamp, nonce: n, pageUrl: url, signature: sign(overrides.secret ?? plugin.secret, timestamp, n, url) }
    }

    it('accepts a good signature once; the same nonce again is nonce_replayed', async () => {
      const body = signed()
      const ok = await verify(body)
      expect(ok.status, JSON.stringify(ok.body)).toBe(200)
      expect(ok.body).toEqual({ pluginId: plugin.pluginId, verifiedAt: clock })
      expectRefused(await verify(body), 409, 'nonce_replayed')
      // Even re-signed with a new timestamp, a used nonce stays used.
      expectRefused(await verify(signed({ nonce: body.nonce, timestamp: body.timestamp - 10 })), 409, 'nonce_replayed')
      // Upper-case hex is the same signature.
      const upper = signed()
      expect((await verify({ ...upper, signature: upper.signature.toUpperCase() })).status).toBe(200)
    })

    it('a timestamp more than 300 s old or ahead is signature_expired; 300 s is still fine', async () => {
      const now = Math.floor(clock / 1000)
      expectRefused(await verify(signed({ timestamp: now - 301 })), 401, 'signature_expired')
      expectRefused(await verify(signed({ timestamp: now + 301 })), 401, 'signature_expired')
      const ms = await verify(signed({ timestamp: clock }))
      expectRefused(ms, 401, 'signature_expired')
      expect(ms.body.message).toMatch(/seconds/)
      expect((await verify(signed({ timestamp: now - 300 }))).status).toBe(200)
      expect((await verify(signed({ timestamp: now + 300 }))).status).toBe(200)
    })

    it('the server clock decides: a signature that was fine expires when time moves on', async () => {
      const body = signed()
      clock += 301_000
      expectRefused(await verify(body), 401, 'signature_expired')
    })

    it('a wrong secret, or a tampered URL, nonce or timestamp, is signature_invalid', async () => {
      expectRefused(await verify(signed({ secret: 'not-the-secret-at-all' })), 401, 'signature_invalid')
      const good = signed()
      expectRefused(await verify({ ...good, pageUrl: `${pageUrl}&admin=1` }), 401, 'signature_invalid')
      expectRefused(await verify({ ...good, pageUrl: 'https://shop.example.com/kefu/other' }), 401, 'signature_invalid')
      expectRefused(await verify({ ...good, nonce: nonce() }), 401, 'signature_invalid')
      expectRefused(await verify({ ...good, timestamp: good.timestamp - 1 }), 401, 'signature_invalid')
      // Refusals do not use the nonce up: the genuine request still passes.
      expect((await verify(good)).status).toBe(200)
    })

    it('a page on another origin is origin_mismatch, even when signed with the secret', async () => {
      expectRefused(await verify(signed({ pageUrl: 'https://evil.example.com/kefu/orders' })), 403, 'origin_mismatch')
      expectRefused(await verify(signed({ pageUrl: 'http://shop.example.com/kefu/orders' })), 403, 'origin_mismatch')
      expectRefused(await verify(signed({ pageUrl: 'https://shop.example.com:8443/kefu/orders' })), 403, 'origin_mismatch')
    })

    it('checks in order: body, plugin, origin, time, signature, nonce', async () => {
      const stale = signed({ pageUrl: 'https://evil.example.com/', timestamp: 1, secret: 'wrong-secret-wrong' })
      expectRefused(await verify({ ...stale, nonce: 'short' }, agent.token, 'pl_nope'), 400, 'bad_request')
      expectRefused(await verify(stale, agent.token, 'pl_nope'), 404, 'unknown_plugin')
      expectRefused(await verify(stale), 403, 'origin_mismatch')
      expectRefused(await verify({ ...stale, pageUrl }), 401, 'signature_expired')
      expectRefused(await verify(signed({ secret: 'wrong-secret-wrong' })), 401, 'signature_invalid')
    })

    it.each([
      ['nothing', undefined],
      ['an empty object', null],
      ['a short nonce', { nonce: 'abc' }],
      ['a nonce with other characters', { nonce: 'abcdefgh!' }],
      ['a 65-character nonce', { nonce: 'n'.repeat(65) }],
      ['a string timestamp', { timestamp: String(Math.floor(Date.now() / 1000)) }],
      ['a fractional timestamp', { timestamp: 1.5 }],
      ['a signature that is not hex', { signature: 'z'.repeat(64) }],
      ['a short signature', { signature: 'ab' }],
      ['a page URL with a fragment', { pageUrl: `${pageUrl}#top` }],
      ['a page URL that is not http(s)', { pageUrl: 'javascript:alert(1)' }],
    ])('%s is bad_request', async (_what, change) => {
      const body = change === undefined ? undefined : change === null ? {} : { ...signed(), ...change }
      expectRefused(await verify(body as object), 400, 'bad_request')
    })

    it('a body that is not JSON is bad_request too, in the same format', async () => {
      for (const body of ['{not json', '']) {
        const res = await fetch(`${h.url}/api/v1/plugins/${plugin.pluginId}/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.token}` },
          body,
        })
        expectRefused({ status: res.status, body: await res.json() }, 400, 'bad_request')
      }
    })

    it('after the secret is rotated, signatures with the old one fail and the new one works', async () => {
      const { pluginId, secret: old } = (await shop()).body
      const first = signed({ secret: old })
      expect((await verify(first, agent.token, pluginId)).status).toBe(200)
      clock += 1000
      const rotated = await h.http('POST', `/api/v1/plugins/${pluginId}/secret`, { token: admin })
      expect(rotated.status).toBe(200)
      expect(rotated.body).toMatchObject({ pluginId, updatedAt: clock, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) })
      expect(rotated.body.secret).not.toBe(old)
      expectRefused(await verify(signed({ secret: old }), agent.token, pluginId), 401, 'signature_invalid')
      expect((await verify(signed({ secret: rotated.body.secret }), agent.token, pluginId)).status).toBe(200)
      // A secret set by PATCH works the same way.
      const chosen = 'chosen-secret-0123456789'
      expect((await h.http('PATCH', `/api/v1/plugins/${pluginId}`, { token: admin, body: { secret: chosen } })).body.secret).toBeUndefined()
      expectRefused(await verify(signed({ secret: rotated.body.secret }), agent.token, pluginId), 401, 'signature_invalid')
      expect((await verify(signed({ secret: chosen }), agent.token, pluginId)).status).toBe(200)
    })

    it('a nonce is per plugin, and racing requests with one nonce: exactly one wins', async () => {
      const second = (await shop()).body
      const shared = nonce()
      expect((await verify(signed({ nonce: shared }))).status).toBe(200)
      expect((await verify(signed({ nonce: shared, secret: second.secret }), agent.token, second.pluginId)).status).toBe(200)
      const body = signed()
      const results = await Promise.all(Array.from({ length: 6 }, () => verify(body)))
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409])
    })

    it('expired nonces are purged when new ones are stored', async () => {
      const { pluginId, secret } = (await shop()).body
      for (let i = 0; i < 3; i++) expect((await verify(signed({ secret }), agent.token, pluginId)).status).toBe(200)
      const count = async () => Number((await h.server.context.db.query<{ n: number }>('SELECT count(*) AS n FROM plugin_nonces WHERE plugin_id = $1', [pluginId]))[0]!.n)
      expect(await count()).toBe(3)
      clock += 601_000
      expect((await verify(signed({ secret }), agent.token, pluginId)).status).toBe(200)
      expect(await count()).toBe(1)
    })
  })

  describe('context proof', () => {
    it('signs the agent, company and visitor with the plugin secret', async () => {
      const { pluginId, secret } = (await shop()).body
      const visitorId = newId('v')
      await insertVisitor(h.server.context.db, { id: visitorId, companyId: h.companyId, entry: {} })
      const res = await h.http('POST', `/api/v1/plugins/${pluginId}/context-proof`, { token: agent.token, body: { visitorId } })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      const issuedAt = Math.floor(clock / 1000)
      expect(res.body).toEqual({ companyId: h.companyId, agentId: agent.agentId, visitorId, issuedAt, signature: expect.stringMatching(/^[0-9a-f]{64}$/) })
      const expected = createHmac('sha256', secret).update(`${issuedAt}\n${h.companyId}\n${agent.agentId}\n${visitorId}`).digest('hex')
      expect(res.body.signature).toBe(expected)

      // Another company's visitor, an unknown visitor, an unknown plugin: 404; a bad body: 400.
      const theirs = newId('v')
      await insertVisitor(h.server.context.db, { id: theirs, companyId: (await h.http('GET', '/api/v1/company', { token: other.adminToken })).body.id, entry: {} })
      expectError(await h.http('POST', `/api/v1/plugins/${pluginId}/context-proof`, { token: agent.token, body: { visitorId: theirs } }), 404, 'not_found')
      expectError(await h.http('POST', `/api/v1/plugins/${pluginId}/context-proof`, { token: agent.token, body: { visitorId: 'v_unknown' } }), 404, 'not_found')
      expectError(await h.http('POST', '/api/v1/plugins/pl_unknown/context-proof', { token: agent.token, body: { visitorId } }), 404, 'not_found')
      expectError(await h.http('POST', `/api/v1/plugins/${pluginId}/context-proof`, { token: agent.token, body: {} }), 400, 'invalid_argument')
      expectError(await h.http('POST', `/api/v1/plugins/${pluginId}/context-proof`, { body: { visitorId } }), 401, 'unauthorized')
    })
  })
})
