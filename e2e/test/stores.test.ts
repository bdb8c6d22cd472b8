import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Frame as PageFrame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The one-command demo, started on free ports: the same code path `pnpm demo` runs.
import { DEMO_AGENTS, DEMO_PASSWORD, freePort, startDemo } from '../../scripts/startDemo.mjs'
import { artifacts, launchChromium, until } from './support'

type Demo = Awaited<ReturnType<typeof startDemo>>

let demo: Demo
let browser: Browser
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kefu-e2e-demo-'))
  demo = await startDemo({ kefuPort: await freePort(), nextPort: await freePort(), nuxtPort: await freePort(), dataDir, quiet: true, log: () => {} })
  browser = await launchChromium()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await demo?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) })

async function signInToWorkbench(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  page.on('dialog', (dialog) => void dialog.accept())
  await page.goto(demo.desk)
  await page.getByTestId('login-email').fill(DEMO_AGENTS[0]!.email)
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('list-mine').waitFor()
  return page
}

/** The kefu chat window the widget opened in the store page (an iframe on the kefu origin). */
async function chatWindow(page: Page): Promise<PageFrame> {
  return until(
    () => page.frames().find((f) => f.url().startsWith(`${demo.kefu}/chat`)),
    (frame) => frame !== undefined,
    'the chat window',
  ) as Promise<PageFrame>
}

const convIds = (page: Page) =>
  page.locator('[data-testid="list-mine"] [data-testid^="conv-"]').evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')!))

/** Waits for a chat in the agent's list that was not there `before`, and opens it. */
async function openNewConversation(desk: Page, before: readonly string[]): Promise<string> {
  await desk.getByTestId('list-tab-mine').click()
  const ids = await until(() => convIds(desk), (list) => list.some((id) => !before.includes(id)), 'a new chat in the workbench', 15_000)
  const id = ids.find((item) => !before.includes(item))!
  await desk.getByTestId(id).click()
  return id
}

/** Closes a page's context, giving up after `ms` (the top-level afterAll closes the browser regardless). */
const closeWithin = async (page: Page | undefined, ms = 20_000) => {
  if (!page) return
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([page.context().close().catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
}

const unreadBadge = async (page: Page) => {
  const badge = page.getByTestId('chat-unread')
  return (await badge.count()) === 0 || !(await badge.first().isVisible()) ? '0' : ((await badge.first().textContent()) ?? '').trim()
}

describe.each([
  ['next', 'Next.js store (@kefu/react)'],
  ['nuxt', 'Nuxt store (@kefu/vue)'],
] as const)('%s: %s', (store, _label) => {
  let desk: Page
  let shop: Page
  let conversationItem: string

  beforeAll(async () => {
    desk = await signInToWorkbench()
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
    shop = await context.newPage()
  }, 60_000)

  afterAll(async () => {
    // A renderer stuck on a loaded machine must not hold the suite: the browser is closed after all anyway.
    await Promise.all([closeWithin(shop), closeWithin(desk)])
  })

  /** The store, the widget (when open) and the workbench, as they are after `step`. */
  async function screenshots(step: string) {
    await shot(shop, `${store}-${step}-store`)
    const widget = shop.locator(`iframe[src^="${demo.kefu}/chat"]`)
    if ((await widget.count()) > 0 && (await widget.first().isVisible())) {
      await widget.first().screenshot({ path: join(artifacts, `${store}-${step}-widget.png`) })
    }
    await shot(desk, `${store}-${step}-workbench`)
  }

  it('a visitor asks about a product; the agent sees the card and replies; the badge shows 1', async () => {
    await shop.goto(demo[store])
    const firstProduct = shop.locator('[data-testid^="product-"]').first()
    const productTestId = (await firstProduct.getAttribute('data-testid'))!
    await firstProduct.click()
    await shop.waitForURL(/\/products\//)
    // The product's name: the heading's own text, without the store's English subtitle (<small>).
    const title = await shop.locator('h1').first().evaluate((h1) => (h1.firstChild?.textContent ?? '').trim())
    const before = await convIds(desk)
    await shop.getByTestId('ask-product').click()

    conversationItem = await openNewConversation(desk, before)
    const card = desk.getByTestId('message-log').getByTestId('card-product').last()
    await card.waitFor()
    expect(await card.textContent()).toContain(title)
    expect(productTestId).toMatch(/^product-/)

    await desk.getByTestId('composer-input').fill('您好,这款有现货,需要什么尺码?')
    await desk.getByTestId('composer-send').click()
    await until(() => unreadBadge(shop), (n) => n === '1', 'the store badge at 1')
    expect(await shop.getByTestId('chat-staff').textContent()).toContain('艾米')
    await screenshots('unread')
  })

  it('the visitor opens the chat: the badge goes to 0', async () => {
    await shop.getByTestId('chat-button').click()
    const chat = await chatWindow(shop)
    await chat.locator('.kf-l').getByText('您好,这款有现货,需要什么尺码?').waitFor()
    await until(() => unreadBadge(shop), (n) => n === '0', 'the store badge at 0')
    await screenshots('opened')
  })

  it('the agent pushes a card from the business plugin and the visitor sees it', async () => {
    const tab = desk.locator('[data-testid^="plugin-tab-pl_"]').filter({ hasText: store === 'next' ? 'Apparel' : 'Tea' })
    await tab.click()
    const pluginId = ((await tab.getAttribute('data-testid')) ?? '').replace('plugin-tab-', '')
    const frame = desk.frameLocator(`[data-testid="plugin-frame-${pluginId}"]`)
    const push = frame.locator('[data-testid^="plugin-push-"]').nth(1)
    await push.waitFor({ timeout: 15_000 })
    const productId = ((await push.getAttribute('data-testid')) ?? '').replace('plugin-push-', '')
    const chat = await chatWindow(shop)
    const cardsBefore = await chat.locator('.kf-card').count()
    await push.click()
    await until(() => chat.locator('.kf-card').count(), (n) => n === cardsBefore + 1, 'the pushed card in the chat window')
    const pushedTitle = ((await chat.locator('.kf-card').last().locator('strong').first().textContent()) ?? '').trim()
    expect(await frame.getByTestId(`plugin-product-${productId}`).textContent()).toContain(pushedTitle.slice(0, 2))
    await screenshots('plugin-card')
  })

  it('the agent ends the chat; the visitor evaluates; the agent sees the score', async () => {
    await desk.getByTestId(conversationItem).click().catch(() => {})
    await desk.getByTestId('chat-end').click()
    await desk.getByTestId('confirm-yes').click()
    const chat = await chatWindow(shop)
    await chat.locator('input[name="kf-score"][value="5"]').check()
    await chat.locator('#kf-comment').fill('很专业,谢谢')
    await chat.locator('form[aria-labelledby="kf-eval"] button[type="submit"]').click()
    await desk.getByTestId('list-tab-ended').click()
    await desk.getByTestId(conversationItem).click()
    await until(() => desk.getByTestId('evaluation').textContent(), (text) => !!text && text.includes('★★★★★') && text.includes('很专业'), 'the score in the workbench')
    await screenshots('evaluation')
  })

  it('signing in: the agent sees the member\'s verified identity', async () => {
    await shop.goto(`${demo[store]}/signin`)
    await shop.getByTestId('signin-user').fill('lily')
    await shop.getByTestId('signin-password').fill(DEMO_PASSWORD)
    await shop.getByTestId('signin-submit').click()
    await shop.getByTestId('signed-in-user').waitFor()
    await shop.goto(demo[store])
    await shop.locator('[data-testid^="product-"]').first().click()
    await desk.getByTestId('list-tab-mine').click()
    const before = await convIds(desk)
    await shop.getByTestId('ask-product').click()
    await openNewConversation(desk, before)
    await desk.getByTestId('plugin-tab-visitor').click()
    const identity = desk.getByTestId('visitor-identity')
    await until(() => identity.textContent(), (text) => !!text && /已验证|verified/i.test(text) && /sign-md5|sign-hmac|metaData/.test(text), 'a verified member')
    await screenshots('member')
  })

  it('signing out starts over as a new anonymous visitor', async () => {
    // Read in the loaded page only: the store reloads on sign-out, and a read during that navigation has no context.
    const token = () => shop.evaluate(() => window.localStorage.getItem('kefu:demo:visitorToken')).catch(() => null)
    const member = await token()
    expect(member).toBeTruthy()
    const home = shop.waitForURL(`${demo[store]}/`, { waitUntil: 'load', timeout: 30_000 })
    await shop.getByTestId('signout').click()
    await home
    await shop.getByTestId('signed-in-user').waitFor({ state: 'detached' })
    const anonymous = await until(token, (t) => !!t && t !== member, 'a new visitor token', 30_000)
    expect(anonymous).not.toBe(member)
  })
})
