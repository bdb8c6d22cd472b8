import { request as httpRequest } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultAgentSdkDir } from '../src/http/agentSdkDir'
import { isContentHashed } from '../src/http/deskRoutes'
import { startHarness, type Harness } from './harness'

/** A GET with the path sent exactly as given (fetch would normalize `..` away). */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string; bytes: number }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const bytes = Buffer.concat(chunks)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes: bytes.length })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

const INDEX = '<!doctype html><title>kefu desk</title><script type="module" src="/desk/assets/index-Ab12Cd_4.js"></script>'
const ASSET = 'console.log("desk")'
const SECRET = 'TOP-SECRET-OUTSIDE-THE-DESK'
const SDK = 'window.echatSDK = {}'
/** A chunk big enough for @fastify/compress (over 1 kB). */
const VENDOR = `/* vendor */ ${'v'.repeat(4000)}`

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
    writeFileSync(join(desk, 'assets', 'index-Ab12Cd_4.js'), ASSET)
    writeFileSync(join(desk, 'assets', 'index-Ef3-4Gh5.css'), 'body{}')
    writeFileSync(join(desk, 'assets', 'index-Ab12Cd_4.js.map'), '{"version":3}')
    writeFileSync(join(desk, 'assets', 'vendor-Zz9_x-Yq.js'), VENDOR)
    writeFileSync(join(desk, 'assets', 'inter-Q1w2E3r4.woff2'), 'wOF2')
    // Copied from public/ by Vite: not hashed, although it sits in assets/.
    writeFileSync(join(desk, 'assets', 'logo.png'), 'PNG')
    writeFileSync(join(desk, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    writeFileSync(join(desk, '.env'), SECRET)
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
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.headers['content-security-policy']).toContain("script-src 'self';")
    }
  })

  it('hashed assets are cached for good; other files are revalidated; a missing file with an extension is 404', async () => {
    const js = await rawGet(h.url, '/desk/assets/index-Ab12Cd_4.js')
    expect(js.status).toBe(200)
    expect(js.body).toBe(ASSET)
    expect(js.headers['content-type']).toBe('application/javascript; charset=utf-8')
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(js.headers['x-content-type-options']).toBe('nosniff')
    expect(js.headers.etag).toMatch(/^(W\/)?"[^"]+"$/)
    expect(js.headers['last-modified']).toBeTruthy()
    const css = await rawGet(h.url, '/desk/assets/index-Ef3-4Gh5.css')
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const map = await rawGet(h.url, '/desk/assets/index-Ab12Cd_4.js.map')
    expect(map.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(map.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await rawGet(h.url, '/desk/assets/inter-Q1w2E3r4.woff2')).headers['content-type']).toBe('font/woff2')
    for (const path of ['/desk/favicon.svg', '/desk/assets/logo.png']) {
      const res = await rawGet(h.url, path)
      expect(res.status, path).toBe(200)
      expect(res.headers['cache-control'], path).toBe('no-cache')
      expect(res.headers.etag, path).toBeTruthy()
      expect(res.headers['last-modified'], path).toBeTruthy()
    }
    expect((await rawGet(h.url, '/desk/favicon.svg')).headers['content-type']).toBe('image/svg+xml')
    expect((await rawGet(h.url, '/desk/assets/logo.png')).headers['content-type']).toBe('image/png')
    for (const path of ['/desk/assets/index-old.js', '/desk/missing.png', '/desk/.env']) {
      const missing = await rawGet(h.url, path)
      expect(missing.status, path).toBe(404)
      expect(JSON.parse(missing.body).error.code, path).toBe('not_found')
      expect(missing.body, path).not.toContain(SECRET)
    }
  })

  it('a matching If-None-Match or If-Modified-Since costs no body: 304, keeping the cache policy', async () => {
    for (const [path, cache] of [
      ['/desk/', 'no-cache'],
      ['/desk/index.html', 'no-cache'],
      ['/desk/conversations/c_1', 'no-cache'],
      ['/desk/favicon.svg', 'no-cache'],
      ['/desk/assets/index-Ab12Cd_4.js', 'public, max-age=31536000, immutable'],
      ['/agent/jssdk.js', 'public, max-age=300'],
    ] as const) {
      const first = await rawGet(h.url, path)
      const etag = String(first.headers.etag)
      expect(etag, path).toMatch(/"[^"]+"$/)
      const again = await rawGet(h.url, path, { 'if-none-match': etag })
      expect(again.status, path).toBe(304)
      expect(again.bytes, path).toBe(0)
      expect(again.headers.etag, path).toBe(etag)
      expect(again.headers['cache-control'], path).toBe(cache)
      const since = await rawGet(h.url, path, { 'if-modified-since': String(first.headers['last-modified']) })
      expect(since.status, path).toBe(304)
      const changed = await rawGet(h.url, path, { 'if-none-match': '"something-else"' })
      expect(changed.status, path).toBe(200)
      expect(changed.bytes, path).toBeGreaterThan(0)
    }
  })

  it('HEAD answers the headers alone', async () => {
    const res = await rawGet(h.url, '/desk/assets/index-Ab12Cd_4.js', {}, 'HEAD')
    expect(res.status).toBe(200)
    expect(res.bytes).toBe(0)
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8')
    expect(res.headers['content-length']).toBe(String(ASSET.length))
  })

  it('large files are compressed on the fly (brotli preferred), and still revalidated', async () => {
    const br = await rawGet(h.url, '/desk/assets/vendor-Zz9_x-Yq.js', { 'accept-encoding': 'gzip, br' })
    expect(br.status).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(String(br.headers.vary).toLowerCase()).toContain('accept-encoding')
    expect(br.bytes).toBeLessThan(VENDOR.length)
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const gzip = await rawGet(h.url, '/desk/assets/vendor-Zz9_x-Yq.js', { 'accept-encoding': 'gzip' })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    const plain = await rawGet(h.url, '/desk/assets/vendor-Zz9_x-Yq.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(VENDOR)
    const again = await rawGet(h.url, '/desk/assets/vendor-Zz9_x-Yq.js', { 'accept-encoding': 'br', 'if-none-match': String(plain.headers.etag) })
    expect(again.status).toBe(304)
    expect(again.bytes).toBe(0)
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
      '/desk/%2e%2e%5csecret.txt',
      '/desk/assets/%2e%2e/%2e%2e/secret.txt',
      '/desk/%252e%252e%252fsecret.txt',
      '/desk/.%2e/secret',
      '/desk/..',
      '/desk/%2e%2e',
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
    for (const path of ['/desk/%2e%2e%2fsecret', '/desk/assets/../../secret', '/desk/.%2e/secret', '/desk/..', '/desk/linked.txt']) {
      expect((await rawGet(h.url, path)).status, path).toBe(404)
    }
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
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers.etag).toBeTruthy()
      expect(res.headers['last-modified']).toBeTruthy()
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

  it('only Vite’s content-hashed output in assets/ counts as hashed', () => {
    for (const path of ['assets/index-BxK3a9Qz.js', 'assets/index-D-x_1Abc.css', 'assets/index-BxK3a9Qz.js.map', 'assets/inter-latin-400-normal-C38fXH4l.woff2']) {
      expect(isContentHashed(path), path).toBe(true)
    }
    for (const path of ['index.html', 'favicon.svg', 'assets/logo.png', 'assets/index.js', 'index-BxK3a9Qz.js', 'assets/index-abc.js']) {
      expect(isContentHashed(path), path).toBe(false)
    }
  })

  it('by default the SDK comes from @kefu/agent’s browser build', () => {
    expect(defaultAgentSdkDir()).toMatch(/[\\/]packages[\\/]agent[\\/]dist[\\/]browser$/)
  })
})
