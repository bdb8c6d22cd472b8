import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHAT_PAGE_PATHS, LEAVE_MESSAGE_PATHS, LOADER_PATHS } from '../src/http/widgetRoutes'
import { startHarness, type Harness } from './harness'

// A widget build as @kefu/widget lays it out: the loader and the pages at the top, hashed scripts in assets/.
const LOADER = `/* loader */ ${'x'.repeat(3000)}`
const HOST = `/* host */ ${'h'.repeat(3000)}`
const page = (script: string) => `<!doctype html><title>kefu</title><script src="assets/${script}"></script>`

// Static files do not touch the database: one run on the embedded one is enough.
describe('the widget build, served: hashed assets immutable, documented URLs revalidated, all compressed', () => {
  const widget = mkdtempSync(join(tmpdir(), 'kefu-widget-'))
  const empty = mkdtempSync(join(tmpdir(), 'kefu-widget-empty-'))
  let h: Harness
  let bare: Harness

  beforeAll(async () => {
    mkdirSync(join(widget, 'assets'))
    for (const [file, body] of [
      ['loader.js', LOADER],
      ['assets/host-ABCD1234.js', HOST],
    ] as const) {
      writeFileSync(join(widget, file), body)
      writeFileSync(join(widget, `${file}.br`), brotliCompressSync(body))
      writeFileSync(join(widget, `${file}.gz`), gzipSync(body))
    }
    writeFileSync(join(widget, 'chat.html'), page('chat-EFGH5678.js'))
    writeFileSync(join(widget, 'leavemessage.html'), page('leavemessage-IJKL9012.js'))
    h = await startHarness('pglite', { server: { widgetDir: widget } })
    bare = await startHarness('pglite', { server: { widgetDir: empty } })
  })
  afterAll(async () => {
    await h?.close()
    await bare?.close()
    rmSync(widget, { recursive: true, force: true })
    rmSync(empty, { recursive: true, force: true })
  })

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${h.url}${path}`, { headers })
  /** The body as sent on the wire (fetch would decompress it). */
  const raw = async (path: string, encoding: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${h.url}${path}`, { headers: { 'accept-encoding': encoding, ...headers } })
    return { response, bytes: Number(response.headers.get('content-length') ?? -1), body: await response.text() }
  }

  it("the loader at kefu's, Echat's and Sobot's paths: brotli or gzip as built, 5 minutes, then an ETag or Last-Modified check costs no body", async () => {
    for (const path of LOADER_PATHS) {
      const br = await get(path, { 'accept-encoding': 'gzip, deflate, br' })
      expect(br.status, path).toBe(200)
      expect(br.headers.get('content-type')).toBe('application/javascript; charset=utf-8')
      expect(br.headers.get('content-encoding')).toBe('br')
      expect(br.headers.get('vary')?.toLowerCase()).toContain('accept-encoding')
      expect(br.headers.get('cache-control')).toBe('public, max-age=300')
      expect(await br.text()).toBe(LOADER)
      const gzip = await get(path, { 'accept-encoding': 'gzip' })
      expect(gzip.headers.get('content-encoding')).toBe('gzip')
      expect(await gzip.text()).toBe(LOADER)

      const etag = br.headers.get('etag')!
      const lastModified = br.headers.get('last-modified')!
      expect(etag).toBeTruthy()
      expect(lastModified).toBeTruthy()
      // (fetch adds `cache-control: no-cache` to a conditional request, which asks for the body anyway; a
      // browser revalidating a stale copy does not.)
      for (const check of [{ 'if-none-match': etag }, { 'if-modified-since': lastModified }] as Record<string, string>[]) {
        const again = await get(path, { 'accept-encoding': 'gzip, deflate, br', 'cache-control': 'max-age=0', ...check })
        expect(again.status, JSON.stringify(check)).toBe(304)
        expect(await again.text()).toBe('')
      }
    }
  })

  it('hashed assets: immutable for a year, compressed, readable by store pages of any origin; an unknown one is 404', async () => {
    const br = await get('/assets/host-ABCD1234.js', { 'accept-encoding': 'br' })
    expect(br.status).toBe(200)
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(br.headers.get('x-content-type-options')).toBe('nosniff')
    expect(br.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(await br.text()).toBe(HOST)
    const plain = await get('/assets/host-ABCD1234.js', { 'accept-encoding': 'identity' })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(HOST)
    expect((await get('/assets/host-0000.js')).status).toBe(404)
  })

  it("the chat window at kefu's, Echat's (PC, mobile) and Sobot's (H5) paths, its script found from each; revalidated by ETag", async () => {
    const expected: Record<string, string> = {
      '/chat': 'assets/chat-EFGH5678.js',
      '/visitor/pc/chat.html': '../../assets/chat-EFGH5678.js',
      '/visitor/mobile/chat.html': '../../assets/chat-EFGH5678.js',
      '/chat/h5/v2/index.html': '../../../assets/chat-EFGH5678.js',
    }
    expect(Object.keys(expected).sort()).toEqual([...CHAT_PAGE_PATHS].sort())
    for (const [path, script] of Object.entries(expected)) {
      const res = await get(`${path}?companyId=12191&echatTag=%E5%95%86%E5%93%81`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors *")
      const html = await res.text()
      expect(html).toContain(`<script src="${script}"></script>`)
      expect(new URL(script, `${h.url}${path}`).pathname).toBe('/assets/chat-EFGH5678.js')
      const again = await get(path, { 'if-none-match': res.headers.get('etag')!, 'cache-control': 'max-age=0' })
      expect(again.status).toBe(304)
    }
  })

  it("the chat window names the company's site origins (issue 11.2), only well-formed ones are accepted", async () => {
    const admin = await h.login(h.adminEmail)
    const bad = await h.http('PATCH', '/api/v1/company', { token: admin, body: { settings: { siteOrigins: ['https://shop.example/path'] } } })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('siteOrigins')
    for (const value of ['javascript:alert(1)', 'shop.example', 'https://shop.example/', '"><script>']) {
      expect((await h.http('PATCH', '/api/v1/company', { token: admin, body: { settings: { siteOrigins: [value] } } })).status, value).toBe(400)
    }
    const before = await (await get(`/chat?companyId=${h.companyId}`)).text()
    expect(before).not.toContain('kefu-site-origins')
    const ok = await h.http('PATCH', '/api/v1/company', { token: admin, body: { settings: { siteOrigins: ['https://shop.example', 'http://localhost:3000'] } } })
    expect(ok.status).toBe(200)
    for (const query of [`companyId=${h.companyId}`, `sysnum=${h.companyId}`]) {
      const html = await (await get(`/visitor/pc/chat.html?${query}`)).text()
      expect(html).toContain('<meta name="kefu-site-origins" content="https://shop.example http://localhost:3000">')
    }
    // An unknown company or none: the page as built.
    for (const path of ['/chat?companyId=nobody', '/chat', '/chat?companyId=%22%3E']) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      expect(await res.text()).not.toContain('kefu-site-origins')
    }
  })

  it("Sobot's leave-message page at its path and the short one, locked down", async () => {
    for (const path of LEAVE_MESSAGE_PATHS) {
      const res = await get(`${path}?sysnum=c1&source=9&locale=cn`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      const script = /src="([^"]+)"/.exec(await res.text())![1]!
      expect(new URL(script, `${h.url}${path}`).pathname).toBe('/assets/leavemessage-IJKL9012.js')
    }
  })

  it('answers 404 with {error} when the widget is not built', async () => {
    for (const path of [...LOADER_PATHS, ...CHAT_PAGE_PATHS, ...LEAVE_MESSAGE_PATHS, '/assets/host-ABCD1234.js']) {
      const res = await fetch(`${bare.url}${path}`)
      expect(res.status, path).toBe(404)
      if (!path.startsWith('/assets/')) expect(await res.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('not built') } })
    }
  })

  it('other responses are compressed on the fly when large enough (brotli preferred), small ones are not', async () => {
    const metrics = await raw('/metrics', 'gzip, deflate, br')
    expect(metrics.response.headers.get('content-encoding')).toBe('br')
    expect(metrics.body).toContain('# TYPE')
    const health = await raw('/healthz', 'gzip, deflate, br')
    expect(health.response.status).toBe(200)
    expect(health.response.headers.get('content-encoding')).toBeNull()
  })
})
