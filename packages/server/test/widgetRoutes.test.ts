import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from './harness'

const LEAVE_PAGE = '<!doctype html><title>留言</title><script src="/leavemessage.js"></script>'
const LEAVE_SCRIPT = 'console.log("leave")'

// Static files do not touch the database: one run on the embedded one is enough.
describe('the widget build, served: the leave-message page', () => {
  const widget = mkdtempSync(join(tmpdir(), 'kefu-widget-'))
  const empty = mkdtempSync(join(tmpdir(), 'kefu-widget-empty-'))
  let h: Harness
  let bare: Harness

  beforeAll(async () => {
    writeFileSync(join(widget, 'leavemessage.html'), LEAVE_PAGE)
    writeFileSync(join(widget, 'leavemessage.js'), LEAVE_SCRIPT)
    h = await startHarness('pglite', { server: { widgetDir: widget } })
    bare = await startHarness('pglite', { server: { widgetDir: empty } })
  })
  afterAll(async () => {
    await h?.close()
    await bare?.close()
    rmSync(widget, { recursive: true, force: true })
    rmSync(empty, { recursive: true, force: true })
  })

  it("serves the page at Sobot's path and the short one, with the link's query, as a locked-down page", async () => {
    const query = '?sysnum=c1&uid=u1&source=9&uname=%E5%BC%A0%E4%B8%89&templateid=t1&groupid=g1&locale=cn&t=1700000000000'
    for (const path of ['/chat/h5/v2/leavemessage.html', '/leavemessage.html']) {
      const res = await fetch(`${h.url}${path}${query}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' ws: wss:")
      expect(await res.text()).toBe(LEAVE_PAGE)
    }
    const script = await fetch(`${h.url}/leavemessage.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('application/javascript; charset=utf-8')
    expect(await script.text()).toBe(LEAVE_SCRIPT)
  })

  it('answers 404 with {error} when the page is not built, and for other files under /chat/h5/v2/', async () => {
    for (const path of ['/leavemessage.html', '/chat/h5/v2/leavemessage.html', '/leavemessage.js']) {
      const res = await fetch(`${bare.url}${path}`)
      expect(res.status, path).toBe(404)
      expect(await res.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('not built') } })
    }
    expect((await fetch(`${h.url}/chat/h5/v2/index.html`)).status).toBe(404)
  })
})
