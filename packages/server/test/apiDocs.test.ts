import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDocumentedRoute } from '../src/http/apiDocs'
import { startHarness, type Harness } from './harness'

type Operation = { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> }; security?: unknown[] }

/** Every route the server answers, from Fastify's printed tree (children continue their parent's path): `[url, method]`. */
function routesOf(tree: string): [string, string][] {
  const routes: [string, string][] = []
  const stack: string[] = []
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ')
    const match = /^(\S+) \(([^)]+)\)$/.exec(line.slice(at + 3))
    if (at < 0 || !match) continue
    const depth = (at - 1) / 4
    const url = (depth > 0 ? stack[depth - 1]! : '') + match[1]!
    stack[depth] = url
    for (const method of match[2]!.split(',').map((m) => m.trim())) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push([url, method])
  }
  return routes
}

describe('the OpenAPI document of the REST API', () => {
  let h: Harness
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } }
  beforeAll(async () => {
    h = await startHarness('pglite')
    doc = (await h.http('GET', '/api/docs/json')).body
  })
  afterAll(() => h?.close())

  it('lists every route of the API, health, metrics and files, with their methods', () => {
    expect(doc.openapi).toBe('3.1.0')
    const routes = routesOf(h.server.app.printRoutes({ commonPrefix: false })).filter(([url]) => isDocumentedRoute(url))
    expect(routes.length).toBeGreaterThan(40)
    // Fastify writes `:id`, OpenAPI `{id}`.
    const missing = routes.filter(([url, method]) => !doc.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()])
    expect(missing).toEqual([])
    // Pages and scripts are not API.
    expect(Object.keys(doc.paths).filter((path) => !isDocumentedRoute(path.replace(/\{(\w+)\}/g, ':$1')))).toEqual([])
  })

  it('carries the bodies, queries and path parameters of the zod schemas the routes validate with', () => {
    const login = doc.paths['/api/v1/auth/login']!.post!.requestBody!.content['application/json']!.schema
    expect(Object.keys(login.properties!)).toEqual(expect.arrayContaining(['email', 'password', 'companyId']))
    expect(login.required).toEqual(expect.arrayContaining(['email', 'password']))
    const agent = doc.paths['/api/v1/agents/{agentId}']!.patch!
    expect(agent.parameters).toContainEqual(expect.objectContaining({ name: 'agentId', in: 'path' }))
    expect(agent.security).toEqual([{ agentSession: [] }])
    const search = doc.paths['/api/v1/conversations']!.get!.parameters!.map((p) => `${p.in}:${p.name}`)
    expect(search).toEqual(expect.arrayContaining(['query:visitorId', 'query:status', 'query:limit']))
    const company = doc.paths['/api/v1/company']!.patch!.requestBody!.content['application/json']!.schema
    expect(JSON.stringify(company)).toContain('siteOrigins')
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(['agentSession']))
  })

  it('Swagger UI at /api/docs from the server itself, no CDN, with a CSP', async () => {
    const page = await fetch(`${h.url}/api/docs/`, { redirect: 'follow' })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('swagger-ui')
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  it('validation errors keep kefu’s shape (the handlers validate, not the document)', async () => {
    const res = await h.http('POST', '/api/v1/auth/login', { body: { email: 'not an e-mail', password: '' } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_argument')
    expect(JSON.stringify(res.body.error)).toContain('email')
  })
})
