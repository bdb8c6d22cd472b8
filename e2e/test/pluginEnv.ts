import { createKefuServer, type KefuServer } from '@kefu/server'
import { createHmac, randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Frame as PageFrame, Page } from 'playwright-core'
import { WebSocket } from 'ws'
import { artifacts, launchChromium, PASSWORD, type Frame } from './support'

const here = dirname(fileURLToPath(import.meta.url))
const widgetDir = join(here, '..', '..', 'packages', 'widget', 'dist', 'browser')
const deskDir = join(here, '..', '..', 'apps', 'agent-desk', 'dist')

/** How a plugin page's server signs the page it serves; `forged` etc. make it sign badly on purpose. */
export type SigningMode = 'valid' | 'forged' | 'expired' | 'fixed-nonce'

export interface PluginSite {
  /** http://localhost:… — another origin than the kefu server and the workbench. */
  readonly origin: string
  /** The secret each plugin path signs with, set once the plugin is registered. */
  readonly secrets: Map<string, string>
  close(): Promise<void>
}

/**
 * A business system: `GET /<name>?…` serves a plugin page that includes kefu's JS-SDK and signs its own
 * URL (as the browser requested it) with the secret registered for `<name>`, the way the docs tell a
 * plugin's server to. The page records every callback in `window.__log`.
 */
export async function startPluginSite(
  kefu: string,
  modes: Record<string, SigningMode>,
  /** Pages whose SDK script tag names their workbench (`data-host-origin`), as a page's server would. */
  hostOrigins: Record<string, string> = {},
): Promise<PluginSite> {
  const secrets = new Map<string, string>()
  const fixedNonce = randomBytes(9).toString('base64url')
  const fixedTimestamp = Math.floor(Date.now() / 1000)
  let origin = ''
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin)
    const name = url.pathname.slice(1)
    const mode = modes[name]
    const secret = secrets.get(name)
    if (!mode || !secret) {
      response.writeHead(404).end('no such plugin page')
      return
    }
    const timestamp = mode === 'expired' ? Math.floor(Date.now() / 1000) - 3600 : mode === 'fixed-nonce' ? fixedTimestamp : Math.floor(Date.now() / 1000)
    const nonce = mode === 'fixed-nonce' ? fixedNonce : randomBytes(9).toString('base64url')
    const key = mode === 'forged' ? 'not-the-secret-of-this-plugin' : secret
    const signature = createHmac('sha256', key).update(`${timestamp}\n${nonce}\n${url.href}`).digest('hex')
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(pluginPage(kefu, { timestamp, nonce, signature }, hostOrigins[name]))
  })
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve))
  origin = `http://localhost:${(server.address() as AddressInfo).port}`
  return {
    origin,
    secrets,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        // Chromium keeps connections alive; they would hold close() until they time out.
        server.closeAllConnections()
      }),
  }
}

function pluginPage(kefu: string, signed: { timestamp: number; nonce: string; signature: string }, hostOrigin?: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>商品助手</title></head><body>
<h1>商品助手</h1>
<script src="${kefu}/open/staff/jssdk-1.0.0.js"${hostOrigin ? ` data-host-origin="${hostOrigin}"` : ''}></script>
<script>
  window.__log = [];
  var log = function (entry) { window.__log.push(entry) };
  echatSDK.config({ debug: true, timestamp: ${signed.timestamp}, nonce: '${signed.nonce}', signature: '${signed.signature}' });
  echatSDK.ready(function () { log({ t: 'ready' }) });
  echatSDK.error(function (res) { log({ t: 'error', reason: res.reason, message: res.message }) });
  echatSDK.onSelectVisitor(function (v) { log({ t: 'select', visitor: v }) });
  echatSDK.onReceiveMsg(function (m) { log({ t: 'receive', msg: m }) });
  echatSDK.onCrmUpdate(function (u) { log({ t: 'crm', update: u }) });
  function MCS_ClientNotify(data) { log({ t: 'notify', data: data }) }
</script>
</body></html>`
}

/** A visitor speaking the visitor protocol directly, as the chat window does. */
export async function visitorClient(kefu: string, companyId: string, entry: Record<string, unknown> = {}) {
  const socket = new WebSocket(`${kefu.replace(/^http/, 'ws')}/ws/visitor`)
  const frames: Frame[] = []
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame))
  await new Promise((resolve) => socket.once('open', resolve))
  socket.send(JSON.stringify({ type: 'hello', v: 1, companyId, lastSeq: 0, entry }))
  const waitFor = async (match: (frame: Frame) => boolean, what: string) => {
    for (let i = 0; i < 200; i++) {
      const found = frames.find(match)
      if (found) return found
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`visitor: no ${what}; got ${frames.map((f) => f.type).join(', ')}`)
  }
  const welcome = await waitFor((f) => f.type === 'welcome', 'welcome')
  let cid = 0
  return {
    visitorId: welcome.visitorId as string,
    frames,
    waitFor,
    requestChat: () => socket.send(JSON.stringify({ type: 'chat.request', cid: `q${++cid}` })),
    say: (text: string) => socket.send(JSON.stringify({ type: 'message.send', cid: `m${++cid}`, body: { type: 'text', text } })),
    close: () => socket.terminate(),
  }
}
export type Visitor = Awaited<ReturnType<typeof visitorClient>>

export interface DeskEnv {
  server: KefuServer
  browser: Browser
  /** The kefu base URL; the workbench is at `${kefu}/desk/`. */
  kefu: string
  close(): Promise<void>
}

/** A kefu server serving the built workbench and the JS-SDK, and Chromium. */
export async function startDeskEnv(): Promise<DeskEnv> {
  mkdirSync(artifacts, { recursive: true })
  const server = await createKefuServer({ logLevel: 'silent', widgetDir, deskDir })
  const kefu = await server.listen()
  const browser = await launchChromium()
  return {
    server,
    browser,
    kefu,
    async close() {
      await browser.close()
      await server.close()
    },
  }
}

/** Signs in to the workbench in a new browser context and waits for the lists. */
export async function openWorkbench(env: DeskEnv, email: string): Promise<Page> {
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  page.on('dialog', (dialog) => void dialog.accept())
  await page.goto(`${env.kefu}/desk/`)
  await page.getByTestId('login-email').fill(email)
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('list-mine').waitFor()
  return page
}

/** Registers a business plugin as the company's admin; returns its id and secret. */
export async function registerPlugin(kefu: string, email: string, plugin: Record<string, unknown>): Promise<{ pluginId: string; secret: string }> {
  const { token } = (await fetch(`${kefu}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  }).then((r) => r.json())) as { token: string }
  const response = await fetch(`${kefu}/api/v1/plugins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(plugin),
  })
  if (response.status !== 201) throw new Error(`registering ${JSON.stringify(plugin)}: ${response.status} ${await response.text()}`)
  return (await response.json()) as { pluginId: string; secret: string }
}

/** The plugin page in the workbench's iframe for `pluginId` (looked up afresh: a reload may replace the iframe). */
export async function pluginFrame(page: Page, pluginId: string): Promise<PageFrame> {
  for (let i = 0; i < 200; i++) {
    const element = await page.$(`[data-testid="plugin-frame-${pluginId}"]`)
    const frame = await element?.contentFrame()
    if (frame && frame.url().startsWith('http')) return frame
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no page in plugin frame ${pluginId}`)
}

export type LogEntry = { t: string; [key: string]: unknown }

/** What the plugin page's callbacks recorded (see `pluginPage`). */
export const pluginLog = (frame: PageFrame) => frame.evaluate(() => (window as unknown as { __log?: LogEntry[] }).__log ?? [])
