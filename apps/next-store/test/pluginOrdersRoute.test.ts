// @vitest-environment node
import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { NextRequest } from 'next/server'
import { GET } from '../app/api/plugin/orders/route'
import { CONTEXT_PROOF_HEADER } from '../lib/contextProofHeader'
import type { OrderView } from '../lib/orderView'
import { proxy } from '../proxy'

const SECRET = 'plugin-secret-0123456789abcdef'

function proofHeader(secret = SECRET, issuedAt = Math.floor(Date.now() / 1000)) {
  const fields = { companyId: 'demo', agentId: 'a_amy', visitorId: 'v_42', issuedAt }
  const signature = createHmac('sha256', secret).update(`${issuedAt}\ndemo\na_amy\nv_42`).digest('hex')
  return JSON.stringify({ ...fields, signature })
}

const lookUp = (q: string, proof?: string) =>
  GET(new Request(`http://shop.test/api/plugin/orders?q=${encodeURIComponent(q)}`, { headers: proof === undefined ? {} : { [CONTEXT_PROOF_HEADER]: proof } }))

beforeEach(() => {
  vi.stubEnv('KEFU_PLUGIN_SECRET', SECRET)
  vi.stubEnv('KEFU_COMPANY_ID', 'demo')
  vi.stubEnv('KEFU_URL', 'http://127.0.0.1:8080/')
})
afterEach(() => vi.unstubAllEnvs())

describe('GET /api/plugin/orders', () => {
  it('answers a request with a valid context proof, by order number or by user', async () => {
    const byNumber = await lookUp('so20261114002', proofHeader())
    expect(byNumber.status).toBe(200)
    const { orders } = (await byNumber.json()) as { orders: OrderView[] }
    expect(orders.map((o) => o.id)).toEqual(['SO20261114002'])
    expect(orders[0]).toMatchObject({ userId: 'u1001', status: 4, totalFen: expect.any(Number) })
    expect(orders[0]!.lines[0]).toMatchObject({ productId: 'wool-sweater', quantity: 2, image: '/products/wool-sweater.svg' })

    const byUser = (await (await lookUp('u1002', proofHeader())).json()) as { orders: OrderView[] }
    expect(byUser.orders.map((o) => o.id)).toEqual(['SO20261108004', 'SO20261117005'])
    const byName = (await (await lookUp('Lily', proofHeader())).json()) as { orders: OrderView[] }
    expect(byName.orders).toHaveLength(3)
  })

  it('answers 401 {error, message} without a proof, with a forged, stale or wrongly signed one', async () => {
    const cases: [string | undefined, string][] = [
      [undefined, 'proof_missing'],
      ['{"visitorId":"v_42"}', 'proof_malformed'],
      [proofHeader().replace('v_42', 'v_43'), 'proof_invalid'],
      [proofHeader('another-secret-0123456789'), 'proof_invalid'],
      [proofHeader(SECRET, Math.floor(Date.now() / 1000) - 9 * 3600), 'proof_expired'],
    ]
    for (const [header, reason] of cases) {
      const response = await lookUp('u1001', header)
      expect(response.status, reason).toBe(401)
      const body = (await response.json()) as { error: string; message: string; orders?: unknown }
      expect(body.error).toBe(reason)
      expect(body.message).toEqual(expect.any(String))
      expect(body.orders).toBeUndefined()
    }
  })

  it('answers 400 for a missing query and 503 when the plugin secret is not set', async () => {
    expect((await lookUp('', proofHeader())).status).toBe(400)
    vi.stubEnv('KEFU_PLUGIN_SECRET', '')
    const response = await lookUp('u1001', proofHeader())
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ error: 'not_configured' })
  })
})

describe('proxy (the plugin page)', () => {
  it('lets only the kefu workbench frame the plugin page, and passes the requested path on', () => {
    const response = proxy(new NextRequest('http://shop.test/kefu/plugin?kefuOrigin=x'))
    expect(response.headers.get('content-security-policy')).toBe('frame-ancestors http://127.0.0.1:8080')
    expect(response.headers.get('x-middleware-request-x-store-request-path')).toBe('/kefu/plugin?kefuOrigin=x')
  })
})
