// @vitest-environment node
import { createHmac } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { pluginOrderLookup } from '../server/utils/pluginOrderLookup'

const SECRET = 'plugin-secret-0123456789abcdef'
const ENV = { pluginSecret: SECRET, companyId: 'demo' }
const NOW_MS = 1_767_225_600_000

function proofHeader(secret = SECRET, issuedAt = NOW_MS / 1000 - 2) {
  const signature = createHmac('sha256', secret).update(`${issuedAt}\ndemo\na_amy\nv_42`).digest('hex')
  return JSON.stringify({ companyId: 'demo', agentId: 'a_amy', visitorId: 'v_42', issuedAt, signature })
}

const lookUp = (q: unknown, header: string | null, env = ENV) => pluginOrderLookup({ proofHeader: header, q }, env, NOW_MS)

describe('the plugin order lookup (GET /api/plugin/orders)', () => {
  it('answers with a valid context proof, by order number or shopper id', () => {
    expect(lookUp('tea20260415002', proofHeader())).toMatchObject({ status: 200, body: { orders: [{ id: 'TEA20260415002', userId: 'lily' }] } })
    const byUser = lookUp('Tom', proofHeader())
    expect(byUser.status).toBe(200)
    expect('orders' in byUser.body && byUser.body.orders.map((o) => o.id)).toEqual(['TEA20260220004', 'TEA20260510005'])
  })

  it('answers 401 {error, message} without a proof, or with a tampered, stale or wrongly signed one', () => {
    const cases: [string | null, string][] = [
      [null, 'proof_missing'],
      ['not json', 'proof_malformed'],
      [proofHeader().replace('v_42', 'v_43'), 'proof_invalid'],
      [proofHeader('another-secret-0123456789'), 'proof_invalid'],
      [proofHeader(SECRET, NOW_MS / 1000 - 9 * 3600), 'proof_expired'],
      [proofHeader(SECRET, NOW_MS / 1000 + 3600), 'proof_from_future'],
    ]
    for (const [header, reason] of cases) {
      expect(lookUp('lily', header), reason).toEqual({ status: 401, body: { error: reason, message: expect.any(String) } })
    }
  })

  it('answers 400 for a missing or too long query, and 503 without the plugin secret', () => {
    expect(lookUp(undefined, proofHeader()).status).toBe(400)
    expect(lookUp(['a', 'b'], proofHeader()).status).toBe(400)
    expect(lookUp('x'.repeat(65), proofHeader()).status).toBe(400)
    expect(lookUp('lily', proofHeader(), { pluginSecret: undefined as unknown as string, companyId: 'demo' })).toMatchObject({
      status: 503,
      body: { error: 'not_configured' },
    })
  })
})

describe('the plugin page middleware', () => {
  // The h3 helpers Nitro auto-imports, as globals, recording the headers the middleware sets.
  const headers = new Map<string, string>()
  vi.stubGlobal('defineEventHandler', (handler: unknown) => handler)
  vi.stubGlobal('getRequestURL', (event: { path: string }) => new URL(event.path, 'http://shop.test'))
  vi.stubGlobal('setResponseHeader', (_event: unknown, name: string, value: string) => void headers.set(name, value))
  afterAll(() => vi.unstubAllGlobals())

  it('lets only the kefu workbench (the origin of KEFU_URL) frame the plugin page', async () => {
    vi.stubEnv('KEFU_URL', 'http://127.0.0.1:8080/')
    vi.stubEnv('KEFU_PLUGIN_SECRET', SECRET)
    // Imported by path: the test's typecheck runs without Nitro's types, which the middleware needs.
    const path = fileURLToPath(new URL('../server/middleware/kefuPluginSignature.ts', import.meta.url))
    const { default: middleware } = (await import(/* @vite-ignore */ path)) as {
      default: (event: { path: string; context: Record<string, unknown> }) => void
    }
    middleware({ path: '/orders', context: {} })
    expect(headers.size).toBe(0)
    const event = { path: '/kefu/plugin?kefuOrigin=x', context: {} as Record<string, unknown> }
    middleware(event)
    expect(headers.get('content-security-policy')).toBe('frame-ancestors http://127.0.0.1:8080')
    expect(headers.get('cache-control')).toBe('no-store')
    expect(typeof event.context.kefuSignPluginPage).toBe('function')
    vi.unstubAllEnvs()
  })
})
