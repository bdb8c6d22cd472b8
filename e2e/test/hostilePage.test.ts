import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCompany, agentDesk, bodyOf, isMessage, isText, PASSWORD, screenshot, sendText, startEnv, type Env, type Frame } from './support'

/**
 * Issue 11.2: a page of another origin that opens or frames kefu's chat window with its own parameters
 * (a card, a name and partnerid, `#origin=` naming itself) must not act for the visitor this browser has.
 */
describe('a hostile page of another origin and the visitor’s chat window', () => {
  let env: Env
  let hostile: Server
  let evil: string
  const pages = new Map<string, string>()
  const companyId = 'e2e-hostile'
  const EVIL_CARD = { eventId: 'evil-1', title: '退款请点这里', content: '客服专用链接', imageUrl: '', urlForVisitor: 'https://evil.example/phish' }

  beforeAll(async () => {
    env = await startEnv()
    await addCompany(env, companyId, 'amy@hostile.example', { siteOrigins: [env.store] })
    // The store's own link: a member's chat with the product they looked at.
    const storeLink = `${env.kefu}/chat?companyId=${companyId}&partnerid=m-1001&uname=${encodeURIComponent('张三')}`
    env.pages.set('/shop', `<!doctype html><meta charset="utf-8"><a id="chat" href="${storeLink}">在线咨询</a>`)
    // Another origin (127.0.0.2 is loopback too): a link to the chat carrying its card and identity, and
    // a frame of the chat window whose fragment names the hostile page as the page origin.
    hostile = createServer((request, response) => {
      const html = pages.get(new URL(request.url ?? '/', 'http://x').pathname)
      response.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? 'not found')
    })
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.2', resolve))
    evil = `http://127.0.0.2:${(hostile.address() as AddressInfo).port}`
    const evilLink = `${env.kefu}/chat?companyId=${companyId}&partnerid=attacker&uname=attacker&visEvt=${encodeURIComponent(JSON.stringify(EVIL_CARD))}#origin=${encodeURIComponent(evil)}`
    pages.set('/link', `<!doctype html><meta charset="utf-8"><a id="go" href="${evilLink}" target="_blank">领取优惠</a>`)
    pages.set(
      '/frame',
      `<!doctype html><meta charset="utf-8"><iframe id="f" src="${env.kefu}/chat?companyId=${companyId}#origin=${encodeURIComponent(evil)}"></iframe>
<script>
  document.getElementById('f').addEventListener('load', function () {
    var channel = new MessageChannel()
    window.__heard = []
    channel.port1.onmessage = function (e) { window.__heard.push(e.data) }
    this.contentWindow.postMessage({ kefu: 1, type: 'connect' }, ${JSON.stringify(env.kefu)}, [channel.port2])
    channel.port1.postMessage({ kefu: 1, type: 'sendCard', card: { type: 'product', title: '桥上伪造的卡片', eventId: 'evil-2' } })
    channel.port1.postMessage({ kefu: 1, type: 'visibility', visible: true })
  })
</script>`,
    )
  }, 120_000)
  afterAll(async () => {
    await new Promise((resolve) => hostile?.close(resolve))
    await env?.close()
  })

  it('a link from the hostile page neither sends its card as the visitor nor renames it; its frame is not heard', async () => {
    const desk = await agentDesk(env.kefu, 'amy@hostile.example')
    const login = (await fetch(`${env.kefu}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'amy@hostile.example', password: PASSWORD }),
    }).then((r) => r.json())) as { token: string }
    const profile = async (visitorId: string) =>
      (await fetch(`${env.kefu}/api/v1/visitors/${visitorId}`, { headers: { authorization: `Bearer ${login.token}` } }).then((r) => r.json())) as {
        partnerid: string | null
        crm: { uname?: string }
      }
    const context = await env.browser.newContext()
    const visitor = await context.newPage()
    const tokenKey = `kefu:${companyId}:visitorToken`

    // The member comes from the store's own page and chats.
    await visitor.goto(`${env.store}/shop`)
    await visitor.click('#chat')
    await visitor.waitForURL(`${env.kefu}/chat**`)
    await sendText(visitor, '我想问一下订单')
    const first = await desk.waitFor(isText('我想问一下订单'), 'the member’s message')
    const memberId = first.visitorId as string
    const token = await visitor.evaluate((key) => localStorage.getItem(key), tokenKey)
    expect(token).toBeTruthy()
    expect(await profile(memberId)).toMatchObject({ partnerid: 'm-1001', crm: { uname: '张三' } })

    // The hostile page's link, in the same browser: it opens kefu's chat with its card, name and partnerid.
    const lure = await context.newPage()
    await lure.goto(`${evil}/link`)
    const [opened] = await Promise.all([context.waitForEvent('page'), lure.click('#go')])
    await opened.waitForLoadState()
    const card = await desk.waitFor((f: Frame) => isMessage('product')(f) && (bodyOf(f).card as { eventId?: string }).eventId === 'evil-1', 'the hostile card')
    // It went to a visitor of its own, not to the member's chat.
    expect(card.visitorId).not.toBe(memberId)
    await opened.waitForSelector(`text=${EVIL_CARD.title}`)
    await screenshot(opened, 'hostile-link-own-visitor')
    expect(await opened.evaluate((key) => localStorage.getItem(key), tokenKey)).toBe(token)
    expect(await profile(memberId)).toMatchObject({ partnerid: 'm-1001', crm: { uname: '张三' } })

    // The hostile page frames the chat window and hands it a port: nothing it says is heard.
    const warnings: string[] = []
    const framer = await context.newPage()
    framer.on('console', (message) => warnings.push(message.text()))
    await framer.goto(`${evil}/frame`)
    await framer.waitForFunction(() => Array.isArray((window as unknown as { __heard?: unknown[] }).__heard))
    await expect.poll(() => warnings.some((w) => w.includes(`${evil} is not a site origin`)), { timeout: 30_000 }).toBe(true)
    expect(await framer.evaluate(() => (window as unknown as { __heard: unknown[] }).__heard)).toEqual([])

    // The member's own chat still shows only its own conversation.
    await visitor.reload()
    await visitor.waitForSelector('text=我想问一下订单')
    await sendText(visitor, '还在吗')
    const again = await desk.waitFor(isText('还在吗'), 'the member’s second message')
    expect(again.visitorId).toBe(memberId)
    expect(await visitor.locator(`text=${EVIL_CARD.title}`).count()).toBe(0)
    // And no card from the bridge reached anyone.
    expect(desk.frames.some((f) => isMessage('product')(f) && (bodyOf(f).card as { eventId?: string }).eventId === 'evil-2')).toBe(false)
    desk.close()
    await context.close()
  }, 180_000)
})
