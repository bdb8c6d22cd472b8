import { createCompany, createKefuServer, type KefuServer } from '@kefu/server'
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeProblems, type AxeProblem } from './axeAudit'
import { artifacts, launchChromium, PASSWORD, sendText, watch } from './support'

const here = dirname(fileURLToPath(import.meta.url))
const widgetDir = join(here, '..', '..', 'packages', 'widget', 'dist', 'browser')
const deskDir = join(here, '..', '..', 'apps', 'agent-desk', 'dist')
const COMPANY = 'e2e-admin'
const ADMIN = 'owner@e2e-admin.example'
const BEN = 'ben@e2e-admin.example'

/** The workbench, signed in, in a language, at a size. */
async function workbench(browser: Browser, base: string, email: string, options: { locale?: 'zh-CN' | 'zh-TW' | 'en'; width?: number; height?: number } = {}) {
  const context: BrowserContext = await browser.newContext({ viewport: { width: options.width ?? 1366, height: options.height ?? 900 } })
  await context.addInitScript((locale) => localStorage.setItem('kefu.desk.locale', locale), options.locale ?? 'zh-CN')
  const page = await context.newPage()
  await page.goto(`${base}/desk/`)
  await page.fill('[data-testid=login-email]', email)
  await page.fill('[data-testid=login-password]', PASSWORD)
  await page.click('[data-testid=login-submit]')
  // Signed in and connected; a phone hides the status while it is "online", so wait for it in the DOM.
  await page.waitForSelector('[data-testid=connection].connection-online', { state: 'attached', timeout: 30_000 })
  return { context, page }
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) })

describe('the admin console: a company set up from scratch, then chatted with through its own embed code', () => {
  let server: KefuServer
  let kefu: string
  let store: string
  let storeServer: Server
  const pages = new Map<string, string>()
  let browser: Browser

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    server = await createKefuServer({ logLevel: 'silent', widgetDir, deskDir })
    kefu = await server.listen()
    // Only the company and its first admin exist: everything else is done in the console.
    await createCompany(server.context.db, { id: COMPANY, name: '示例商店', admin: { email: ADMIN, name: '店主', password: PASSWORD } })
    storeServer = createServer((request, response) => {
      const html = pages.get(new URL(request.url ?? '/', 'http://x').pathname)
      response.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
      response.end(html ?? 'not found')
    })
    await new Promise<void>((resolve) => storeServer.listen(0, 'localhost', resolve))
    store = `http://localhost:${(storeServer.address() as AddressInfo).port}`
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => storeServer?.close(resolve))
    await server?.close()
  })

  it('sets up a group, an agent, the FAQ, the reception mode and the colour; the 示例一 code from the console chats with them', async () => {
    const { context, page } = await workbench(browser, kefu, ADMIN)
    const { pageErrors } = watch(page)
    await page.click('[data-testid=view-admin]')
    await page.waitForSelector('[data-testid=company-form]')

    // Agents and groups.
    await page.click('[data-testid=admin-nav-team]')
    await page.fill('[data-testid=group-name]', '售前')
    await page.click('[data-testid=group-add]')
    await page.waitForSelector('[data-testid="group-售前"]')
    await page.click('[data-testid=agent-add]')
    const form = page.locator('[data-testid=agent-add-form]')
    await form.locator('[data-testid=agent-name]').fill('Ben')
    await form.locator('[data-testid=agent-email]').fill(BEN)
    await form.locator('[data-testid=agent-password]').fill('short')
    await form.locator('[data-testid=agent-save]').click()
    // A password too short is shown at its field, and nothing is created.
    await form.locator('text=密码至少 8 位').waitFor()
    await form.locator('[data-testid=agent-password]').fill(PASSWORD)
    await form.locator('[data-testid="agent-group-售前"]').check()
    await form.locator('[data-testid=agent-save]').click()
    await page.waitForSelector(`[data-testid="agent-row-${BEN}"]`)
    await shot(page, 'admin-team-zh-CN')

    // The bot's FAQ, with a synonym, and the try-it box.
    await page.click('[data-testid=admin-nav-bot]')
    await page.click('[data-testid=faq-add]')
    await page.fill('[data-testid=faq-question]', '运费怎么算')
    await page.fill('[data-testid=faq-synonyms]', '包邮吗\n运费多少')
    await page.fill('[data-testid=faq-answer]', '满 99 元包邮，不满收 8 元运费。')
    await page.click('[data-testid=faq-save]')
    await page.waitForSelector('[data-testid="faq-运费怎么算"]')
    await page.fill('[data-testid=faq-try-input]', '请问包邮吗？')
    await page.click('[data-testid=faq-try]')
    await page.waitForSelector('[data-testid=faq-try-result] >> text=运费怎么算')
    await shot(page, 'admin-bot-zh-CN')

    // The company: bot first, the brand colour; a bad colour first, refused at its field.
    await page.click('[data-testid=admin-nav-company]')
    await page.selectOption('[data-testid=company-reception]', '3')
    await page.fill('[data-testid=company-color]', 'green')
    await page.click('[data-testid=company-save]')
    await page.waitForSelector('text=请输入 # 加 6 位十六进制数，例如 #1677ff')
    await page.fill('[data-testid=company-color]', '#0a7b5f')
    // The store's own site, trusted to speak for its visitors: a URL with a path is refused, its origin suggested.
    await page.fill('[data-testid=company-site-origins]', `${store}/cart`)
    await page.click('[data-testid=company-save]')
    await page.waitForSelector(`text=不是来源，请改为 ${store}`)
    await page.fill('[data-testid=company-site-origins]', store)
    await page.click('[data-testid=company-save]')
    await page.waitForSelector('[data-testid=form-saved]')
    await shot(page, 'admin-company-zh-CN')
    const admin = (await (await fetch(`${kefu}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN, password: PASSWORD }) })).json()).token
    const saved = await (await fetch(`${kefu}/api/v1/company`, { headers: { authorization: `Bearer ${admin}` } })).json()
    expect(saved.settings).toMatchObject({ siteOrigins: [store], brandColor: '#0a7b5f', receptionMode: 3 })

    // The widget: the real chat window in the preview, in the colour, greeting as bot-first greets (kefu's own words).
    await page.click('[data-testid=admin-nav-widget]')
    expect(await page.getAttribute('[data-testid=widget-preview]', 'data-color')).toBe('#0a7b5f')
    const preview = (await (await page.waitForSelector('[data-testid=widget-preview-frame]')).contentFrame())!
    const header = () => preview.$eval('.kf-h', (h) => getComputedStyle(h).backgroundColor)
    await preview.waitForSelector('main.kf >> text=您好！我是智能客服，请直接输入您的问题，也可以随时转人工。')
    expect(await header()).toBe('rgb(10, 123, 95)')
    // It follows the draft as it is typed, before anything is saved.
    await page.fill('[data-testid=widget-robot-hello]', '欢迎光临示例商店，有什么可以帮您？')
    await preview.waitForSelector('main.kf >> text=欢迎光临示例商店，有什么可以帮您？')
    await page.fill('[data-testid=widget-color]', '#c0392b')
    await preview.waitForFunction(() => getComputedStyle(document.querySelector('.kf-h')!).backgroundColor === 'rgb(192, 57, 43)')
    // Nobody online: bot first ends in the offline text, and the window asks for a message.
    await page.fill('[data-testid=widget-offline-text]', '客服已下班，请留言，我们明早回复。')
    await page.click('[data-testid=preview-offline]')
    await preview.waitForSelector('main.kf >> text=客服已下班，请留言，我们明早回复。')
    await preview.waitForSelector('main.kf textarea#kf-input:disabled')
    await shot(page, 'admin-widget-offline-zh-CN')
    // In English: the window page again, in English.
    await page.selectOption('[data-testid=preview-locale]', 'en')
    const english = (await (await page.waitForSelector('[data-testid=widget-preview-frame][src*="locale=en"]')).contentFrame())!
    await english.waitForSelector('main.kf[lang=en] >> text=客服已下班，请留言，我们明早回复。')
    // The window, opening, left the keys with the console (a visitor's window focuses its text box).
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME')
    await page.click('[data-testid=preview-online]')
    await page.selectOption('[data-testid=preview-locale]', 'zh-CN')
    // The preview is no chat: no visitor, no conversation.
    const counts = await server.context.db.query<{ n: number }>('SELECT (SELECT count(*) FROM visitors WHERE company_id = $1) + (SELECT count(*) FROM conversations WHERE company_id = $1) AS n', [COMPANY])
    expect(Number(counts[0]!.n)).toBe(0)
    // Saved with the colour back: the welcome reaches visitors.
    await page.fill('[data-testid=widget-color]', '#0a7b5f')
    await page.click('[data-testid=widget-save]')
    await page.waitForSelector('[data-testid=form-saved]')
    const savedWidget = await (await fetch(`${kefu}/api/v1/company`, { headers: { authorization: `Bearer ${admin}` } })).json()
    expect(savedWidget.settings).toMatchObject({ brandColor: '#0a7b5f', receptionMode: 3, robotHelloWord: '欢迎光临示例商店，有什么可以帮您？', agentOfflineTitle: '客服已下班，请留言，我们明早回复。' })
    const code = await page.textContent('[data-testid=embed-code]')
    expect(code).toContain(`companyId: "${COMPANY}"`)
    expect(code).toContain(`${kefu}/loader.js`)
    await shot(page, 'admin-widget-zh-CN')
    expect(pageErrors).toEqual([])
    await context.close()

    // Ben signs in to the workbench: no 管理 for him, and the API refuses him too.
    const ben = await workbench(browser, kefu, BEN)
    expect(await ben.page.$('[data-testid=view-admin]')).toBeNull()
    const token = (await (await fetch(`${kefu}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: BEN, password: PASSWORD }) })).json()).token
    for (const path of ['/api/v1/reports?from=2026-01-01&to=2026-01-31', '/api/v1/reports/live', '/api/v1/quick-replies?all=true']) {
      expect((await fetch(`${kefu}${path}`, { headers: { authorization: `Bearer ${token}` } })).status, path).toBe(403)
    }
    expect((await fetch(`${kefu}/api/v1/company`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"name":"x"}' })).status).toBe(403)

    // A store page with the copied code: the bot answers from the FAQ, then Ben takes the chat.
    pages.set('/', `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>示例商店</title></head><body><h1>新款风衣</h1>\n${code}\n</body></html>`)
    const shopper = await browser.newPage()
    const shopperErrors = watch(shopper)
    await shopper.goto(`${store}/`)
    await shopper.click('.kefu-launcher')
    const frame = (await (await shopper.waitForSelector('iframe')).contentFrame())!
    await sendText(frame, '运费多少')
    await frame.waitForSelector('text=满 99 元包邮，不满收 8 元运费。')
    await sendText(frame, '转人工')
    await ben.page.waitForSelector('[data-testid^=conv-]')
    await ben.page.click('[data-testid^=conv-]')
    await ben.page.fill('[data-testid=composer-input]', '您好，我是 Ben，请问有什么可以帮您？')
    await ben.page.press('[data-testid=composer-input]', 'Enter')
    await frame.waitForSelector('text=您好，我是 Ben，请问有什么可以帮您？')
    await shopper.screenshot({ path: join(artifacts, 'admin-embed-chat.png') })
    expect(shopperErrors.pageErrors).toEqual([])
    await shopper.close()
    await ben.context.close()
  })

  it('every section, in both Chinese scripts and English, on a desktop and a phone, with no critical or serious accessibility problem', async () => {
    const problems: Record<string, AxeProblem[]> = {}
    for (const locale of ['zh-CN', 'zh-TW', 'en'] as const) {
      // Traditional Chinese lays out like simplified: the desktop is enough.
      for (const [size, width, height] of locale === 'zh-TW' ? ([['desktop', 1366, 900]] as const) : ([['desktop', 1366, 900], ['phone', 390, 844]] as const)) {
        const { context, page } = await workbench(browser, kefu, ADMIN, { locale, width, height })
        await page.click('[data-testid=view-admin]')
        for (const section of ['company', 'team', 'bot', 'quick-replies', 'plugins', 'widget', 'reports']) {
          await page.evaluate((s) => (location.hash = `#/admin/${s}`), section)
          await page.waitForSelector(`[data-testid=admin-nav-${section}][aria-current=page]`)
          if (section === 'reports') await page.waitForSelector('[data-testid=report-overview]', { timeout: 60_000 })
          // The preview is the chat window itself, rendered once its page has the draft.
          if (section === 'widget') await (await (await page.waitForSelector('[data-testid=widget-preview-frame]')).contentFrame())!.waitForSelector('main.kf .kf-h')
          expect(await page.getAttribute('.admin', 'lang')).toBe(locale)
          await shot(page, `admin-${section}-${locale}-${size}`)
          const found = await axeProblems(page)
          if (found.length) problems[`${section} ${locale} ${size}`] = found
        }
        await context.close()
      }
    }
    expect(problems).toEqual({})
  }, 300_000)
})
