import { createCompany, createKefuServer, type KefuServer } from '@kefu/server'
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'

const here = dirname(fileURLToPath(import.meta.url))
const artifacts = join(here, '..', 'artifacts')
const widgetDir = join(here, '..', '..', 'packages', 'widget', 'dist', 'browser')
const PASSWORD = 'correct horse battery'

/** The seed's 示例一, pointing at kefu's loader instead of echat.js; the store page is another origin. */
function storePage(kefu: string, companyId: string): string {
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

  var chatParamObj = {};
  var pageVisEvt = {
    eventId: "prod-12617",
    title: "这是一条来自api文档的测试图文消息",
    content: "原价:¥100.00",
    imageUrl: "http://saastest.innourl.com/images/ADIDAS/201707/thumb_img/10124_thumb_G_1499411207663.jpg"
  };
  chatParamObj.visEvt = pageVisEvt;
  chatParamObj.echatTag = "商品测试";
  chatParamObj.lan = "zh";
  _echat('initParam', chatParamObj);
  _echat('on', {
    ready: function () { window.__ready++ },
    newMsg: function (num) { window.__newMsg.push(num) },
    newEvent: function (data) { window.__events.push(data) }
  });
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

/** A workbench connection speaking the agent protocol directly. */
async function agentDesk(kefu: string, email: string) {
  const login = await fetch(`${kefu}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  }).then((r) => r.json() as Promise<{ token: string }>)
  const socket = new WebSocket(`${kefu.replace(/^http/, 'ws')}/ws/agent`)
  const frames: { type: string; [key: string]: unknown }[] = []
  socket.on('message', (data) => frames.push(JSON.parse(String(data))))
  await new Promise((resolve) => socket.once('open', resolve))
  socket.send(JSON.stringify({ type: 'agent.hello', v: 1, token: login.token }))
  const waitFor = async (match: (frame: (typeof frames)[number]) => boolean) => {
    for (let i = 0; i < 300; i++) {
      const found = frames.find(match)
      if (found) return found
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`no matching agent frame; got ${frames.map((f) => f.type).join(', ')}`)
  }
  return { frames, waitFor, send: (frame: object) => socket.send(JSON.stringify(frame)), close: () => socket.terminate() }
}

describe('the Echat visitor API in a real browser', () => {
  let server: KefuServer
  let store: Server
  let browser: Browser
  let kefu: string
  let storeUrl: string
  const companyId = 'e2e-echat'

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    server = await createKefuServer({ logLevel: 'silent', widgetDir })
    kefu = await server.listen()
    const { admin } = await createCompany(server.context.db, {
      id: companyId,
      name: '示例商店',
      settings: { receptionMode: 2 },
      admin: { email: 'amy@e2e.example', name: 'Amy', password: PASSWORD },
    })
    void admin
    store = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      response.end(storePage(kefu, companyId))
    })
    await new Promise<void>((resolve) => store.listen(0, 'localhost', resolve))
    storeUrl = `http://localhost:${(store.address() as AddressInfo).port}/`
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
    })
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => store?.close(resolve))
    await server?.close()
  })

  it('示例一: the snippet loads, the in-page chat sends the card it carries, the agent answers, newMsg and newEvent follow', async () => {
    const desk = await agentDesk(kefu, 'amy@e2e.example')
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(String(error)))
    await page.goto(storeUrl)
    await page.waitForFunction(() => (window as unknown as { __ready: number }).__ready > 0)
    expect(await page.evaluate(() => (window as unknown as { ECHAT: { getChatStatus(): number } }).ECHAT.getChatStatus())).toBe(0)

    // 示例二 through the API: open the in-page window with the same parameters.
    await page.evaluate(() => {
      const w = window as unknown as { ECHAT: { customMiniChat(p: unknown): void }; chatParamObj: unknown }
      w.ECHAT.customMiniChat(w.chatParamObj)
    })
    const frame = await (await page.waitForSelector('iframe')).contentFrame()
    expect(frame).not.toBeNull()

    // The agent is assigned and receives the card the page carried.
    const card = await desk.waitFor((f) => f.type === 'message' && (f.message as { body: { type: string } }).body.type === 'product')
    expect((card.message as { body: { card: { title: string; eventId: string } } }).body.card).toMatchObject({
      title: '这是一条来自api文档的测试图文消息',
      eventId: 'prod-12617',
    })
    const conversationId = card.conversationId as string
    await frame!.waitForSelector('text=这是一条来自api文档的测试图文消息')

    // The agent answers; the chat window shows it.
    desk.send({ type: 'message.send', cid: 'reply-1', conversationId, body: { type: 'text', text: '您好,有现货。' } })
    await frame!.waitForSelector('text=您好,有现货。')

    // The page saw the seed's events: chatStatus chatting, the staff info, the new message.
    await page.waitForFunction(() =>
      (window as unknown as { __events: { eventAction: string; eventLabel: unknown }[] }).__events.some(
        (e) => e.eventAction === 'newMsg' && e.eventLabel === '您好,有现货。',
      ),
    )
    const events = await page.evaluate(() => (window as unknown as { __events: { eventCategory: string; eventAction: string; eventLabel: unknown }[] }).__events)
    expect(events).toContainEqual({ eventCategory: 'echat', eventAction: 'chatStatus', eventLabel: 'chatting' })
    expect(events.filter((e) => e.eventAction === 'newMsg').map((e) => e.eventLabel)).toContain('您好,有现货。')
    const staff = JSON.parse(String(events.find((e) => e.eventAction === 'chatStaffInfo')?.eventLabel))
    expect(staff).toMatchObject({ staffNickName: 'Amy', recordId: conversationId })
    expect(await page.evaluate(() => (window as unknown as { ECHAT: { getChatStatus(): number } }).ECHAT.getChatStatus())).toBe(2)

    await page.screenshot({ path: join(artifacts, 'echat-example-1.png') })
    expect(errors).toEqual([])
    desk.close()
    await page.close()
  })
})
