import { createCompany, createKefuServer, type KefuServer } from '@kefu/server'
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Frame as PageFrame, type Page } from 'playwright-core'
import { WebSocket } from 'ws'

const here = dirname(fileURLToPath(import.meta.url))
export const artifacts = join(here, '..', 'artifacts')
const widgetDir = join(here, '..', '..', 'packages', 'widget', 'dist', 'browser')
export const PASSWORD = 'correct horse battery'

/** The seed's product card (示例一/二/三). */
export const PAGE_VIS_EVT = {
  eventId: 'prod-12617',
  title: '这是一条来自api文档的测试图文消息',
  content: '原价:¥100.00',
  imageUrl: 'http://saastest.innourl.com/images/ADIDAS/201707/thumb_img/10124_thumb_G_1499411207663.jpg',
}
/** The seed's chatWindowParam. */
export const CHAT_WINDOW_PARAM = {
  maxWidth: 900,
  maxHeight: 600,
  bgColor: '#000000',
  bgImage: 'http://qnfile.echatsoft.com/a2abc059-1cce-4358-b091-b3292d769aca',
  bgRepeat: 1,
  name: 'echatChatWindow',
  width: 1000,
  height: 700,
}

export type Frame = { type: string; [key: string]: unknown }

export interface Env {
  server: KefuServer
  browser: Browser
  /** The kefu base URL (http://127.0.0.1:…). */
  kefu: string
  /** The store origin (http://localhost:…): serves `pages[path]`. */
  store: string
  pages: Map<string, string>
  /** Other files the store serves (pictures…), by path. */
  assets: Map<string, { type: string; body: string | Buffer }>
  close(): Promise<void>
}

/** Debian's Chromium, headless, driven by playwright-core (no browser download). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  })

/** A kefu server, a store on another origin serving `env.pages`, and Chromium. */
export async function startEnv(): Promise<Env> {
  mkdirSync(artifacts, { recursive: true })
  const server = await createKefuServer({ logLevel: 'silent', widgetDir })
  const kefu = await server.listen()
  const pages = new Map<string, string>()
  const assets = new Map<string, { type: string; body: string | Buffer }>()
  const storeServer: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    const asset = assets.get(path)
    if (asset) return void response.writeHead(200, { 'content-type': asset.type }).end(asset.body)
    const html = pages.get(path)
    response.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(html ?? 'not found')
  })
  await new Promise<void>((resolve) => storeServer.listen(0, 'localhost', resolve))
  const store = `http://localhost:${(storeServer.address() as AddressInfo).port}`
  const browser = await launchChromium()
  return {
    server,
    browser,
    kefu,
    store,
    pages,
    assets,
    async close() {
      await browser.close()
      await new Promise((resolve) => storeServer.close(resolve))
      await server.close()
    },
  }
}

/** A company whose admin agent `email` can log in; receptionMode 2 (agents only). Returns its sign key. */
export async function addCompany(env: Env, id: string, email: string, settings: Record<string, unknown> = {}, name = '示例商店'): Promise<{ signKey: string }> {
  const { company } = await createCompany(env.server.context.db, {
    id,
    name,
    settings: { receptionMode: 2, ...settings },
    admin: { email, name: 'Amy', password: PASSWORD },
  })
  return { signKey: company.signKey }
}

/** A workbench connection speaking the agent protocol directly. */
export async function agentDesk(kefu: string, email: string) {
  const login = await fetch(`${kefu}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  }).then((r) => r.json() as Promise<{ token: string }>)
  const socket = new WebSocket(`${kefu.replace(/^http/, 'ws')}/ws/agent`)
  const frames: Frame[] = []
  socket.on('message', (data) => frames.push(JSON.parse(String(data))))
  await new Promise((resolve) => socket.once('open', resolve))
  socket.send(JSON.stringify({ type: 'agent.hello', v: 1, token: login.token }))
  const waitFor = async (match: (frame: Frame) => boolean, what = 'matching agent frame') => {
    for (let i = 0; i < 200; i++) {
      const found = frames.find(match)
      if (found) return found
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`no ${what}; got ${frames.map((f) => f.type).join(', ')}`)
  }
  await waitFor((f) => f.type === 'agent.welcome', 'agent.welcome')
  let cid = 0
  return {
    frames,
    waitFor,
    send: (frame: object) => socket.send(JSON.stringify(frame)),
    reply(conversationId: string, text: string) {
      socket.send(JSON.stringify({ type: 'message.send', cid: `r${++cid}`, conversationId, body: { type: 'text', text } }))
    },
    end(conversationId: string) {
      socket.send(JSON.stringify({ type: 'conversation.end', cid: `e${++cid}`, conversationId }))
    },
    close: () => socket.terminate(),
  }
}
export type Desk = Awaited<ReturnType<typeof agentDesk>>

type Body = { type: string; text?: string; card?: Record<string, unknown> }
export const bodyOf = (frame: Frame) => (frame.message as { body: Body }).body
export const isMessage = (type: string) => (frame: Frame) => frame.type === 'message' && bodyOf(frame).type === type
export const isText = (text: string) => (frame: Frame) => frame.type === 'message' && bodyOf(frame).text === text

/** Collects page errors and console errors of a page. */
export function watch(page: Page) {
  const pageErrors: string[] = []
  const consoleErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(String(error)))
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  return { pageErrors, consoleErrors }
}

/** Types a text into the chat window's composer and sends it with Enter. */
export async function sendText(frame: Page | PageFrame, text: string): Promise<void> {
  const input = await frame.waitForSelector('#kf-input:not([disabled])')
  await input.fill(text)
  await input.press('Enter')
}

/**
 * A 390×844 phone. Device scale 1, not a phone's 2 or 3: under Chromium's device emulation, a click into
 * a cross-site frame that was hidden and shown again sometimes arrives at half its coordinates (seen:
 * a click at (28, 48) reached the frame at (14, 24)), so a test tapped the element above its target. Real
 * phones have no emulation override; only the screenshots are less sharp.
 */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 } as const

export const screenshot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) })

/** The Sobot seed's snippet (with `w.cbk`) pointing at kefu's loader; `customButton` adds the seed's `zhiCustomBtn` class. */
export function sobotSnippet(kefu: string, sysnum: string, customButton = false): string {
  return `(function (w, d, e, x) {
w[e] = function () {
w.cbk = w.cbk || []
w.cbk.push(arguments);
}
x = d.createElement("script");
x.async = true;
x.id = "zhichiScript";
${customButton ? 'x.className="zhiCustomBtn";\n' : ''}x.src = "${kefu}/loader.js?sysnum=${sysnum}";
d.body.appendChild(x);
})(window, document, "zc");`
}

/** Echat's loader snippet (示例一) with `extra` script before the loader is included. */
export function echatPage(kefu: string, companyId: string, extra = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>新款风衣 - 示例商店</title></head><body>
<h1>新款风衣</h1>
<script>
  window.__newMsg = []; window.__events = []; window.__ready = 0;
  var _echatServer = ['${new URL(kefu).host}'];
  window._echat = window._echat || function () {
    (_echat.q = _echat.q || []).push(arguments)
  };
  _echat.l = +new Date;
  _echat('initParam', {companyId: '${companyId}'});
  _echat('on', {
    ready: function () { window.__ready++ },
    newMsg: function (num) { window.__newMsg.push(num) },
    newEvent: function (data) { window.__events.push(data) }
  });
  ${extra}
  (function () {
    var echat = document.createElement('script');
    echat.type = 'text/javascript';
    echat.async = true;
    echat.id = 'echatmodulejs';
    echat.setAttribute('charset', 'UTF-8');
    echat.src = '${kefu}/loader.js';
    var s = document.getElementsByTagName('script')[0];
    s.parentNode.insertBefore(echat, s);
  })();
</script>
</body></html>`
}

/** Polls until `read()` satisfies `ok` (node side). */
export async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, what: string, ms = 10_000): Promise<T> {
  const start = Date.now()
  let value = await read()
  while (!ok(value)) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    value = await read()
  }
  return value
}
