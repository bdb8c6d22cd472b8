import { createCompany } from '@kefu/server'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BrowserContext, Frame as PageFrame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD, until } from './support'
import { openWorkbench, pluginFrame, pluginLog, registerPlugin, startDeskEnv, startPluginSite, type DeskEnv, type LogEntry, type PluginSite } from './pluginEnv'

// Who may talk to a plugin page, in Chromium (which reports the real framing origins in
// `location.ancestorOrigins`): a correctly signed page framed by another site with a URL naming that site.
const EMAIL = 'amy@origin.test'

let env: DeskEnv
let site: PluginSite
let evil: { origin: string; server: Server }
let context: BrowserContext
let pluginId = ''

/**
 * A site that frames `?src=` and records every message it receives in `window.__got`: what an attacker
 * would collect (the page's signed config) and answer (forged `ready` / `selectVisitor`).
 */
async function startEvilSite(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(`<!doctype html><html><head><meta charset="utf-8"><title>not the workbench</title></head><body>
<script>
  window.__got = [];
  addEventListener('message', function (e) { window.__got.push({ origin: e.origin, data: e.data }) });
  var frame = document.createElement('iframe');
  frame.src = new URLSearchParams(location.search).get('src');
  frame.style.width = '800px'; frame.style.height = '400px';
  document.body.appendChild(frame);
</script></body></html>`)
  })
  // 127.0.0.1 on its own port: another origin than the kefu server, the workbench and the plugin site.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

/** `named`: the page whose server names its workbench (`data-host-origin`); `plain`: one that does not. */
const pluginUrl = (page: 'named' | 'plain', kefuOrigin: string) => `${site.origin}/${page}?kefuOrigin=${encodeURIComponent(kefuOrigin)}`

/** Opens the evil site framing `src`; returns the page, the plugin's frame and its console errors. */
async function frameFromEvil(src: string) {
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.goto(`${evil.origin}/?src=${encodeURIComponent(src)}`)
  const frame = await until(() => page.frames().find((f) => f.url().startsWith(site.origin)) ?? null, (f) => f !== null, 'the plugin frame')
  return { page, frame: frame!, errors }
}

/** What the plugin page's callbacks recorded, once `error` or `ready` fired. */
const settled = (frame: PageFrame) => until(() => pluginLog(frame), (l) => l.some((e) => e.t === 'error' || e.t === 'ready'), 'the plugin settling')

type Got = { origin: string; data: { channel?: string; type?: string; config?: Record<string, unknown> } }
const received = (page: Page) => page.evaluate(() => (window as unknown as { __got: Got[] }).__got)

beforeAll(async () => {
  env = await startDeskEnv()
  await createCompany(env.server.context.db, {
    id: 'origin',
    name: '来源检查',
    settings: { receptionMode: 2 },
    admin: { email: EMAIL, name: 'Amy', password: PASSWORD },
  })
  site = await startPluginSite(env.kefu, { named: 'valid', plain: 'valid' }, { named: env.kefu })
  for (const name of ['named', 'plain']) {
    const plugin = await registerPlugin(env.kefu, EMAIL, { name, url: `${site.origin}/${name}`, visitorParams: false })
    if (name === 'named') pluginId = plugin.pluginId
    site.secrets.set(name, plugin.secret)
  }
  evil = await startEvilSite()
  context = await env.browser.newContext()
}, 120_000)

afterAll(async () => {
  await context?.close()
  await new Promise((resolve) => evil?.server.close(resolve))
  await site?.close()
  await env?.close()
})

describe('a signed plugin page framed by another site', () => {
  it('that names its workbench (data-host-origin) sends the framer nothing and fails with origin_mismatch, though its URL names the framer', async () => {
    const { page, frame, errors } = await frameFromEvil(pluginUrl('named', evil.origin))
    const log = await settled(frame)
    expect(log.filter((e) => e.t === 'ready')).toEqual([])
    expect(log.filter((e) => e.t === 'error')).toEqual([{ t: 'error', reason: 'origin_mismatch', message: expect.stringContaining(`framed by ${evil.origin}`) }])
    expect(errors.some((text) => text.includes('[kefu/agent] refused') && text.includes(evil.origin))).toBe(true)
    // The page's own URL named the framer, and the framer forges a `ready`: neither is heard.
    await page.evaluate(() => {
      const target = document.querySelector('iframe')!.contentWindow!
      target.postMessage({ channel: 'kefu.agent', v: 1, type: 'ready', pluginId: 'x', selected: null }, '*')
    })
    // Ctrl+Alt+0 in the page: the debug toggle is not sent either.
    await frame.locator('h1').click()
    await page.keyboard.press('Control+Alt+0')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await received(page)).toEqual([])
    expect((await pluginLog(frame)).filter((e) => e.t === 'ready')).toEqual([])
  })

  it('that does not name its workbench is refused when its kefuOrigin parameter names another origin than its framer', async () => {
    const { page, frame } = await frameFromEvil(pluginUrl('plain', env.kefu))
    const log = await settled(frame)
    expect(log.filter((e) => e.t === 'error')).toEqual([
      { t: 'error', reason: 'origin_mismatch', message: expect.stringContaining(`names the workbench ${env.kefu}, but the page is framed by ${evil.origin}`) },
    ])
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await received(page)).toEqual([])
  })

  it('(the listener works: a page that names no workbench and whose URL names its framer posts its config there — why data-host-origin matters)', async () => {
    const { page } = await frameFromEvil(pluginUrl('plain', evil.origin))
    const got = await until(() => received(page), (g) => g.length > 0, 'a message at the framer')
    expect(got[0]).toMatchObject({ origin: site.origin, data: { channel: 'kefu.agent', type: 'config' } })
  })
})

describe('the same page in the real workbench', () => {
  let desk: Page
  let frame: PageFrame

  it('gets ready with data-host-origin naming the workbench', async () => {
    desk = await openWorkbench(env, EMAIL)
    await desk.getByTestId(`plugin-tab-${pluginId}`).click()
    frame = await pluginFrame(desk, pluginId)
    const html = await frame.content()
    expect(html).toContain(`data-host-origin="${env.kefu}"`)
    const log = await until(() => pluginLog(frame), (l: LogEntry[]) => l.some((e) => e.t === 'ready' || e.t === 'error'), 'ready')
    expect(log.filter((e) => e.t === 'error')).toEqual([])
  })

  it('Ctrl+Alt+0 pressed inside the plugin page toggles the workbench’s debug log', async () => {
    await frame.locator('h1').click()
    await desk.keyboard.press('Control+Alt+0')
    const debugLog = desk.getByTestId('debug-log')
    await debugLog.waitFor()
    expect(await debugLog.textContent()).toContain('config')
    // Focus moved to the log's close button: Esc in the workbench closes it.
    await desk.keyboard.press('Escape')
    await debugLog.waitFor({ state: 'detached' })
  })
})
