import { request as httpRequest } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultAgentSdkDir } from '../src/http/agentSdkDir'
import { startHarness, type Harness } from './harness'

/** A GET with the path sent exactly as given (fetch would normalize `..` away). */
function rawGet(base: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end()
  })
}

const INDEX = '<!doctype html><title>kefu desk</title><script type="module" src="/desk/assets/index-Ab12Cd.js"></script>'
const ASSET = 'console.log("desk")'
const SECRET = 'TOP-SECRET-OUTSIDE-THE-DESK'
const SDK = 'window.echatSDK = {}'

// Static files do not touch the database: one run on the embedded one is enough.
describe('the agent workbench and the plugin SDK, served', () => {
  const work = mkdtempSync(join(tmpdir(), 'kefu-desk-'))
  const desk = join(work, 'desk')
  const sdk = join(work, 'sdk')
  let h: Harness
  let bare: Harness

  beforeAll(async () => {
    mkdirSync(join(desk, 'assets'), { recursive: true })
    mkdirSync(sdk)
    writeFileSync(join(desk, 'index.html'), INDEX)
    writeFileSync(join(desk, 'assets', 'index-Ab12Cd.js'), ASSET)
    writeFileSync(join(desk, 'assets', 'index-Ef34Gh.css'), 'body{}')
    writeFileSync(join(desk, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    writeFileSync(join(work, 'secret.txt'), SECRET)
    writeFileSync(join(work, 'secret'), SECRET)
    symlinkSync(join(work, 'secret.txt'), join(desk, 'linked.txt'))
    writeFileSync(join(sdk, 'jssdk.js'), SDK)
    h = await startHarness('pglite', { server: { deskDir: desk, agentSdkDir: sdk } })
    bare = await startHarness('pglite', { server: { agentSdkDir: join(work, 'nothing-here') } })
  })
  afterAll(async () => {
    await h?.close()
    await bare?.close()
    rmSync(work, { recursive: true, force: true })
  })

  it('/desk redirects to /desk/, keeping the query', async () => {
    const res = await rawGet(h.url, '/desk?lang=zh')
    expect(res.status).toBe(301)
    expect(res.headers.location).toBe('/desk/?lang=zh')
    expect((await rawGet(h.url, '/desk')).headers.location).toBe('/desk/')
  })

  it('/desk/ is index.html, never cached without revalidation, and not frameable by other sites', async () => {
    const res = await rawGet(h.url, '/desk/')
    expect(res.status).toBe(200)
    expect(res.body).toBe(INDEX)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-cache')
    // A strict script policy like the chat window's: the workbench holds the agent's token and renders visitor content.
    const csp = new Map(
      String(res.headers['content-security-policy'])
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values] as const),
    )
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('default-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'self'"])
    expect(res.headers['referrer-policy']).toBe('same-origin')
    expect((await rawGet(h.url, '/desk/index.html')).headers['cache-control']).toBe('no-cache')
  })

  it('client-side routes without an extension fall back to index.html', async () => {
    for (const path of ['/desk/login', '/desk/conversations/c_123', '/desk/settings/plugins/?tab=2']) {
      const res = await rawGet(h.url, path)
      expect(res.status, path).toBe(200)
      expect(res.body).toBe(INDEX)
      expect(res.headers['cache-control']).toBe('no-cache')
    }
  })

  it('hashed assets are cached for good; other files briefly; a missing file with an extension is 404', async () => {
    const js = await rawGet(h.url, '/desk/assets/index-Ab12Cd.js')
    expect(js.status).toBe(200)
    expect(js.body).toBe(ASSET)
    expect(js.headers['content-type']).toBe('application/javascript; charset=utf-8')
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(js.headers['x-content-type-options']).toBe('nosniff')
    expect((await rawGet(h.url, '/desk/assets/index-Ef34Gh.css')).headers['content-type']).toBe('text/css; charset=utf-8')
    const icon = await rawGet(h.url, '/desk/favicon.svg')
    expect(icon.headers['content-type']).toBe('image/svg+xml')
    expect(icon.headers['cache-control']).toBe('public, max-age=300')
    const missing = await rawGet(h.url, '/desk/assets/index-old.js')
    expect(missing.status).toBe(404)
    expect(JSON.parse(missing.body).error.code).toBe('not_found')
  })

  it('nothing outside the folder is ever served, however the path is spelled', async () => {
    const attempts = [
      '/desk/../secret.txt',
      '/desk/../secret',
      '/desk/assets/../../secret.txt',
      '/desk/%2e%2e/secret.txt',
      '/desk/%2e%2e%2fsecret.txt',
      '/desk/%2e%2e%2fsecret',
      '/desk/..%2f..%2f..%2fetc%2fpasswd',
      '/desk/..%5csecret.txt',
      `/desk/${encodeURIComponent(join(work, 'secret.txt'))}`,
      `/desk//${work.split(sep).join('/')}/secret.txt`,
      '/desk/linked.txt',
      '/desk/secret.txt%00.js',
    ]
    for (const path of attempts) {
      const res = await rawGet(h.url, path)
      expect(res.body, path).not.toContain(SECRET)
      expect(res.body, path).not.toMatch(/root:/)
      expect([200, 400, 404], path).toContain(res.status)
      // A fallback to index.html is harmless; anything else must be a refusal.
      if (res.status === 200) expect(res.body, path).toBe(INDEX)
    }
    // Traversal out of the folder is refused outright, not answered with the app.
    expect((await rawGet(h.url, '/desk/../secret')).status).toBe(404)
    expect((await rawGet(h.url, '/desk/%2e%2e%2fsecret')).status).toBe(404)
  })

  it('without --desk-dir, /desk/ says how to serve the workbench', async () => {
    for (const path of ['/desk/', '/desk/login']) {
      const res = await rawGet(bare.url, path)
      expect(res.status).toBe(404)
      expect(JSON.parse(res.body).error).toMatchObject({ code: 'not_found', message: expect.stringContaining('--desk-dir') })
    }
  })

  it('serves the plugin SDK at the Echat path and /agent/jssdk.js, to any origin', async () => {
    for (const path of ['/open/staff/jssdk-1.0.0.js', '/agent/jssdk.js']) {
      const res = await rawGet(h.url, path)
      expect(res.status, path).toBe(200)
      expect(res.body).toBe(SDK)
      expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8')
      expect(res.headers['access-control-allow-origin']).toBe('*')
      expect(res.headers['cache-control']).toBe('public, max-age=300')
    }
  })

  it('a missing jssdk.js is 404 with what to do', async () => {
    const res = await rawGet(bare.url, '/open/staff/jssdk-1.0.0.js')
    expect(res.status).toBe(404)
    const { error } = JSON.parse(res.body)
    expect(error.code).toBe('not_found')
    expect(error.message).toContain(join(work, 'nothing-here', 'jssdk.js'))
    expect(error.message).toContain('--agent-sdk-dir')
  })

  it('by default the SDK comes from @kefu/agent’s browser build', () => {
    expect(defaultAgentSdkDir()).toMatch(/[\\/]packages[\\/]agent[\\/]dist[\\/]browser$/)
  })
})
