import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../harness'
import { RawSocket } from '../rawSocket'
import { companyDigest, expectNoInternalFailure, nastyJson, nastyString, perturbed, REST_RUNS } from './fuzzSupport'

/** Any string as a URL part (a lone surrogate cannot be percent-encoded: it becomes U+FFFD, as a browser sends it). */
const enc = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'))

interface Call {
  readonly method: string
  readonly path: string
  readonly body?: unknown
  readonly as: 'admin' | 'visitor' | 'none'
}

// Issue 11: REST bodies, queries and path parameters of any shape get a 4xx with a message, never a 500
// or a stack, and a refused request changes nothing in the database.
describe('fuzzed REST requests', () => {
  let h: Harness
  let admin: string
  let visitorToken: string
  let agentId: string
  let groupId: string
  let faqId: string
  let visitorId: string

  beforeAll(async () => {
    h = await startHarness('pglite')
    admin = await h.login(h.adminEmail)
    agentId = (await h.addAgent({ email: `ben-${h.companyId}@example.com`, name: 'Ben' })).agentId
    groupId = await h.addGroup('售前')
    faqId = (await h.http('POST', '/api/v1/faqs', { token: admin, body: { question: '运费', answer: '包邮' } })).body.faqId
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await socket.hello(h.companyId)
    visitorToken = welcome.visitorToken
    visitorId = welcome.visitorId
    socket.close()
  })
  afterAll(() => h?.close())

  /** Each route with a valid body (changed leaf by leaf) and, now and then, a body of any shape. */
  const calls = (): fc.Arbitrary<Call> => {
    const routes: { method: string; path: fc.Arbitrary<string>; body?: Record<string, unknown>; as: Call['as'] }[] = [
      { method: 'POST', path: fc.constant('/api/v1/auth/login'), body: { email: 'nobody@example.com', password: 'secret password' }, as: 'none' },
      {
        method: 'POST',
        path: fc.constant('/api/v1/agents'),
        body: { email: 'new@example.com', password: 'long password', name: '新人', role: 'agent', capacity: 3, phone: '138', avatar: 'https://cdn.example.com/a.png', info: '售后', groupIds: [groupId] },
        as: 'admin',
      },
      { method: 'PATCH', path: fc.constant(`/api/v1/agents/${agentId}`), body: { name: '本', capacity: 4, info: 'x', groupIds: [groupId], role: 'agent' }, as: 'admin' },
      {
        method: 'PATCH',
        path: fc.constant('/api/v1/company'),
        body: { name: '店', settings: { robotName: '小助手', maxChatWindows: 3, inactivityTimeoutSeconds: 600, brandColor: '#112233', memberSignMaxAgeSeconds: 600, uploads: { maxBytes: 1000, allowedTypes: ['image/*'] } } },
        as: 'admin',
      },
      { method: 'POST', path: fc.constant('/api/v1/groups'), body: { name: '售后', agentIds: [agentId] }, as: 'admin' },
      { method: 'PATCH', path: fc.constant(`/api/v1/groups/${groupId}`), body: { name: '售前组' }, as: 'admin' },
      { method: 'POST', path: fc.constant('/api/v1/faqs'), body: { question: '退货', answer: '七天', keywords: '退' }, as: 'admin' },
      { method: 'PUT', path: fc.constant(`/api/v1/faqs/${faqId}`), body: { question: '运费', answer: '满 99 包邮', keywords: '' }, as: 'admin' },
      { method: 'POST', path: fc.constant('/api/v1/faqs/try'), body: { question: '运费多少' }, as: 'admin' },
      { method: 'POST', path: fc.constant('/api/v1/quick-replies'), body: { title: '问候', text: '您好', position: 1, scope: 'company', groupId: null, agentId: null }, as: 'admin' },
      {
        method: 'POST',
        path: fc.constant('/api/v1/plugins'),
        body: { name: 'CRM', url: 'https://crm.example.com/app', allowedOrigin: 'https://crm.example.com', visitorParams: true, pages: [{ pageId: 1, title: '订单', url: 'https://crm.example.com/o' }], secret: 'a'.repeat(32) },
        as: 'admin',
      },
      { method: 'POST', path: fc.constant('/api/v1/visitor/upload-credentials'), body: { name: 'a.png', size: 10, mimeType: 'image/png' }, as: 'visitor' },
      { method: 'POST', path: fc.constant('/api/v1/agent/upload-credentials'), body: { name: 'a.pdf', size: 10, mimeType: 'application/pdf' }, as: 'admin' },
      // Queries and path parameters.
      { method: 'GET', path: fc.tuple(nastyString, nastyString).map(([b, l]) => `/api/v1/visitors/${visitorId}/messages?beforeSeq=${enc(b)}&limit=${enc(l)}`), as: 'admin' },
      { method: 'GET', path: fc.tuple(nastyString, nastyString).map(([s, b]) => `/api/v1/conversations?status=${enc(s)}&before=${enc(b)}&visitorId=${enc(s)}`), as: 'admin' },
      { method: 'GET', path: fc.tuple(nastyString, nastyString).map(([f, t]) => `/api/v1/reports?from=${enc(f)}&to=${enc(t)}&groupId=${enc(f)}`), as: 'admin' },
      { method: 'GET', path: nastyString.map((id) => `/api/v1/visitors/${enc(id)}`), as: 'admin' },
      { method: 'DELETE', path: nastyString.map((id) => `/api/v1/groups/${enc(id)}x`), as: 'admin' },
      { method: 'POST', path: nastyString.map((id) => `/api/v1/conversations/${enc(id)}/close`), as: 'admin' },
    ]
    return fc.oneof(
      ...routes.map((route) =>
        fc
          .tuple(route.path, route.body ? fc.oneof({ weight: 4, arbitrary: perturbed(route.body) }, { weight: 1, arbitrary: nastyJson }) : fc.constant(undefined))
          .map(([path, body]) => ({ method: route.method, path, as: route.as, ...(body !== undefined ? { body } : {}) })),
      ),
    )
  }

  // 150 requests, each with two digests of the company: minutes on a loaded machine, seconds on a quiet one.
  it('answers every request below 500, without a stack, and a refused one changes nothing', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(calls(), async (call) => {
        const before = await companyDigest(h, h.companyId)
        const token = call.as === 'admin' ? admin : call.as === 'visitor' ? visitorToken : undefined
        const response = await fetch(`${h.url}${call.path}`, {
          method: call.method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        })
        const text = await response.text()
        const what = `${call.method} ${call.path.slice(0, 120)} ${JSON.stringify(call.body)?.slice(0, 300)} → ${response.status} ${text.slice(0, 300)}`
        expect(response.status, what).toBeLessThan(500)
        expectNoInternalFailure(text, what)
        if (response.status >= 400) {
          expect(JSON.parse(text).error, what).toMatchObject({ code: expect.any(String), message: expect.any(String) })
          expect(await companyDigest(h, h.companyId), what).toBe(before)
        }
      }),
      { numRuns: REST_RUNS },
    )
  })
})
