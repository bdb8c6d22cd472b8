import { createCompany, createKefuServer, type KefuServer } from '@kefu/server'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { axeProblems } from './axeAudit'
import { artifacts, launchChromium, PASSWORD, until, watch, type Frame } from './support'

const here = dirname(fileURLToPath(import.meta.url))
const deskDir = join(here, '..', '..', 'apps', 'agent-desk', 'dist')

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

type Locale = 'zh-CN' | 'en'
const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) })

/** A company of its own for each test (and each retry of it), so one test's chats never show in another's lists. */
interface Team {
  company: string
  amy: string
  ben: string
  /** Amy's session, for what a test does over the API. */
  amyToken: string
}
let teams = 0
async function newTeam(kefu: string, db: KefuServer['context']['db'], label: string): Promise<Team> {
  const company = `e2e-desk-${label}-${++teams}`
  const [amy, ben] = [`amy@${company}.example`, `ben@${company}.example`]
  await createCompany(db, { id: company, name: '示例商店', settings: { receptionMode: 2 }, admin: { email: amy, name: 'Amy', password: PASSWORD } })
  const { token } = (await (
    await fetch(`${kefu}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: amy, password: PASSWORD }) })
  ).json()) as { token: string }
  const created = await fetch(`${kefu}/api/v1/agents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: ben, name: 'Ben', password: PASSWORD, role: 'agent' }),
  })
  expect(created.status).toBe(201)
  return { company, amy, ben, amyToken: token }
}

/** A shopper of `company` speaking the visitor protocol, as the chat window does, from a browser named by `userAgent`. */
async function shopper(kefu: string, company: string, userAgent: string, entry: Record<string, string>) {
  const socket = new WebSocket(`${kefu.replace(/^http/, 'ws')}/ws/visitor`, { headers: { 'user-agent': userAgent } })
  const frames: Frame[] = []
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame))
  await new Promise((resolve) => socket.once('open', resolve))
  socket.send(JSON.stringify({ type: 'hello', v: 1, companyId: company, lastSeq: 0, entry }))
  await until(() => frames.some((f) => f.type === 'welcome'), Boolean, 'welcome', 30_000)
  let cid = 0
  const send = (frame: object) => socket.send(JSON.stringify(frame))
  return {
    frames,
    visit: (url: string, title: string) => send({ type: 'trace', cid: `t${++cid}`, trace: { cur_visit_args: { url, title } } }),
    requestChat: () => send({ type: 'chat.request', cid: `q${++cid}` }),
    say: (text: string) => send({ type: 'message.send', cid: `m${++cid}`, body: { type: 'text', text } }),
    /** The agent's message with this text, once it has arrived. */
    async received(text: string) {
      const frame = await until(
        () => frames.find((f) => f.type === 'message' && (f.message as { body: { text?: string } }).body.text === text),
        Boolean,
        `the agent's "${text}"`,
        30_000,
      )
      return (frame!.message as { seq: number }).seq
    },
    /** The server's refusals of this shopper's frames, for a failure's message. */
    refusals: () => frames.filter((f) => f.type === 'error'),
    read: (seq: number) => send({ type: 'read', seq }),
    close: () => socket.terminate(),
  }
}

/** The workbench, signed in as `email`, in a language, at a size. */
async function signIn(browser: Browser, kefu: string, email: string, locale: Locale, width = 1366, height = 900) {
  const context = await browser.newContext({ viewport: { width, height }, locale })
  await context.addInitScript((l) => localStorage.setItem('kefu.desk.locale', l), locale)
  const page = await context.newPage()
  const errors = watch(page)
  await page.goto(`${kefu}/desk/`)
  await page.fill('[data-testid=login-email]', email)
  await page.fill('[data-testid=login-password]', PASSWORD)
  await page.click('[data-testid=login-submit]')
  await page.waitForSelector('[data-testid=connection].connection-online', { state: 'attached', timeout: 30_000 })
  return { context, page, errors }
}

async function expectAccessible(page: Page, state: string) {
  const problems = await axeProblems(page)
  expect(problems, `${state}: ${JSON.stringify(problems, null, 1)}`).toEqual([])
}

describe('the workbench, used by agents in Chromium', () => {
  let env: { server: KefuServer; browser: Browser; kefu: string }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    // The agents sign in more often than the default ten per address and minute allow.
    const server = await createKefuServer({ logLevel: 'silent', deskDir, httpLimits: { loginBurst: 1000 } })
    env = { server, kefu: await server.listen(), browser: await launchChromium() }
  }, 120_000)
  afterAll(async () => {
    await env?.browser.close()
    await env?.server.close()
  })

  it('sign-in: a wrong password is refused in the agent’s language, then the keyboard starts on the conversations', async () => {
    const team = await newTeam(env.kefu, env.server.context.db, 'sign-in')
    for (const [locale, refusal] of [['zh-CN', '邮箱或密码不正确'], ['en', 'The email or password is incorrect']] as const) {
      const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale })
      await context.addInitScript((l) => localStorage.setItem('kefu.desk.locale', l), locale)
      const page = await context.newPage()
      await page.goto(`${env.kefu}/desk/`)
      await page.waitForSelector('[data-testid=login-form]')
      await expectAccessible(page, `login ${locale}`)
      await page.fill('[data-testid=login-email]', team.amy)
      await page.fill('[data-testid=login-password]', 'not the password')
      await page.click('[data-testid=login-submit]')
      expect((await (await page.waitForSelector('[data-testid=login-error]')).textContent())?.trim()).toBe(refusal)
      await expectAccessible(page, `login refused ${locale}`)
      await shot(page, `desk-login-error-${locale}`)
      await page.fill('[data-testid=login-password]', PASSWORD)
      await page.click('[data-testid=login-submit]')
      await page.waitForSelector('[data-testid=connection].connection-online', { state: 'attached', timeout: 30_000 })
      await until(() => page.evaluate(() => !!document.activeElement?.closest('.lists')), Boolean, 'focus in the conversation list')
      await context.close()
    }
  }, 180_000)

  it('a chat: newest message in view, / quick replies, read receipts, the trace, Alt+↑/↓, Esc, and a transfer note for the next agent', async () => {
    const team = await newTeam(env.kefu, env.server.context.db, 'chat')
    const amy = await signIn(env.browser, env.kefu, team.amy, 'zh-CN')
    const { page } = amy

    // The shopper looked at two pages on an iPhone, then asks a long series of questions.
    const lin = await shopper(env.kefu, team.company, IPHONE, { enterUrl: 'https://shop.example/coats/12617', enterTitle: '新款风衣', referrer: 'https://www.baidu.com/s?wd=风衣' })
    lin.visit('https://shop.example/', '示例商店首页')
    lin.visit('https://shop.example/coats/12617', '新款风衣 - 示例商店')
    lin.requestChat()
    for (let i = 1; i <= 30; i++) lin.say(`第 ${i} 个问题：这件风衣的面料是什么？`)
    lin.say('这件风衣有 L 码吗？')

    // Amy opens the chat (accepting it when it waits in the queue): the shopper's latest question is in view.
    const conv = page.locator('[data-testid^=conv-]').first()
    await page.waitForSelector('[data-testid^=conv-]', { timeout: 30_000 }).catch(async () => {
      await page.click('[data-testid=list-tab-queue]')
      await page.waitForSelector('[data-testid^=conv-]', { timeout: 30_000 })
    })
    await conv.click()
    if (await page.$('[data-testid=chat-accept]')) await page.click('[data-testid=chat-accept]')
    const log = page.locator('[data-testid=message-log]')
    await log.locator('text=这件风衣有 L 码吗？').waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
      await shot(page, 'desk-last-question-missing')
      throw new Error(`${error.message}\nthe shopper's refused frames: ${JSON.stringify(lin.refusals())}`)
    })
    await until(
      () => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight),
      (gap) => gap < 4,
      'the log scrolled to its end',
    )
    const last = await log.locator('text=这件风衣有 L 码吗？').boundingBox()
    const box = await log.boundingBox()
    expect(last!.y + last!.height).toBeLessThanOrEqual(box!.y + box!.height + 1)
    expect(last!.y).toBeGreaterThanOrEqual(box!.y)

    // The visitor panel: pages viewed with their times, the device and browser, and the entry.
    const trace = page.locator('[data-testid=visitor-trace]')
    await trace.locator('text=新款风衣 - 示例商店').waitFor()
    expect(await trace.locator('time').count()).toBe(2)
    const entry = page.locator('[data-testid=visitor-entry]')
    await entry.locator('text=iPhone').waitFor()
    await entry.locator('text=https://shop.example/coats/12617').waitFor()
    expect(await page.textContent('.chat-title h2')).toMatch(/^访客 \d+$/)
    await shot(page, 'desk-chat-zh-CN')
    await expectAccessible(page, 'chat zh-CN')

    // Quick replies: the agent adds one, edits it, and finds it with / in the composer.
    await page.click('[data-testid=quick-replies-toggle]')
    await page.click('[data-testid=quick-reply-add]')
    await page.fill('[data-testid=quick-reply-title]', '尺码')
    await page.fill('[data-testid=quick-reply-text]', '有的，L 码有货。')
    await page.click('[data-testid=quick-reply-save]')
    const panel = page.locator('[data-testid=quick-replies]')
    await panel.locator('.reply-use', { hasText: '有的，L 码有货。' }).waitFor()
    await page.waitForSelector('[data-testid=quick-reply-editor]', { state: 'detached' })
    await panel.locator('[data-testid^=quick-reply-edit-]').first().click()
    await page.fill('[data-testid=quick-reply-text]', '有的，L 码有货，今天下单明天发货。')
    await page.click('[data-testid=quick-reply-save]')
    await panel.locator('.reply-use', { hasText: '有的，L 码有货，今天下单明天发货。' }).waitFor()
    await page.waitForSelector('[data-testid=quick-reply-editor]', { state: 'detached' })
    await page.fill('[data-testid=quick-replies-search]', '发货')
    await panel.locator('.reply-use').first().waitFor()
    await expectAccessible(page, 'quick replies zh-CN')
    await shot(page, 'desk-quick-replies-zh-CN')
    await page.press('[data-testid=quick-replies-search]', 'Escape')
    await panel.waitFor({ state: 'detached' })
    const input = page.locator('[data-testid=composer-input]')
    await input.click()
    await input.pressSequentially('/尺码')
    await page.locator('[data-testid=reply-suggestions] >> text=有的，L 码有货，今天下单明天发货。').waitFor()
    await shot(page, 'desk-slash-zh-CN')
    await input.press('Enter')
    expect(await input.inputValue()).toBe('有的，L 码有货，今天下单明天发货。')
    await input.press('Enter')

    // Read receipts: 未读 until the shopper's window has shown the reply, then 已读.
    const seq = await lin.received('有的，L 码有货，今天下单明天发货。')
    const mine = log.locator('li', { hasText: '有的，L 码有货，今天下单明天发货。' }).locator('[data-testid=read-state]')
    await expect.poll(() => mine.textContent(), { timeout: 30_000 }).toBe('未读')
    lin.read(seq)
    await expect.poll(() => mine.textContent(), { timeout: 30_000 }).toBe('已读')

    // A second shopper: Alt+↓ and Alt+↑ move between the chats, focus stays in the composer.
    const wang = await shopper(env.kefu, team.company, WINDOWS_CHROME, { enterUrl: 'https://shop.example/' })
    wang.requestChat()
    wang.say('你好，请问什么时候发货？')
    await until(() => page.locator('[data-testid=list-mine] [role=option]').count(), (n) => n === 2, 'two chats of mine', 30_000).catch(async () => {
      await page.click('[data-testid=list-tab-queue]')
      await page.locator('[data-testid^=accept-]').first().click()
      await page.click('[data-testid=list-tab-mine]')
    })
    await until(() => page.locator('[data-testid=list-mine] [role=option]').count(), (n) => n === 2, 'two chats of mine', 30_000)
    await input.focus()
    const selected = () => page.locator('[data-testid=list-mine] [aria-selected=true]').getAttribute('data-testid')
    const before = await selected()
    // The open chat is one of two: Alt+↓ from the first, Alt+↑ from the second, then back.
    const first = (await page.locator('[data-testid=list-mine] [role=option]').first().getAttribute('data-testid')) === before
    await page.keyboard.press(first ? 'Alt+ArrowDown' : 'Alt+ArrowUp')
    await until(selected, (id) => id !== before, 'Alt+↓/↑ opened the other chat')
    await page.locator('[data-testid=message-log] >> text=你好，请问什么时候发货？').or(page.locator('[data-testid=message-log] >> text=这件风衣有 L 码吗？')).first().waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('composer-input')
    await page.keyboard.press(first ? 'Alt+ArrowUp' : 'Alt+ArrowDown')
    await until(selected, (id) => id === before, 'Alt+↑/↓ came back')
    // A key that would leave the list does nothing.
    await page.keyboard.press(first ? 'Alt+ArrowUp' : 'Alt+ArrowDown')
    expect(await selected()).toBe(before)

    // Esc closes the transfer dialog; then the transfer goes to Ben with a note he reads.
    await page.click('[data-testid=chat-transfer]')
    await page.waitForSelector('[data-testid=transfer-form]')
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid=transfer-form]', { state: 'detached' })
    const ben = await signIn(env.browser, env.kefu, team.ben, 'zh-CN')
    await page.click('[data-testid=chat-transfer]')
    await until(() => page.locator('[data-testid=transfer-target] option', { hasText: 'Ben' }).count(), (n) => n === 1, 'Ben in the transfer list')
    const benOption = await page.locator('[data-testid=transfer-target] option', { hasText: 'Ben' }).getAttribute('value')
    await page.selectOption('[data-testid=transfer-target]', benOption!)
    await page.fill('[data-testid=transfer-note]', '顾客要 L 码，已告知有货，请跟进发货时间。')
    await expectAccessible(page, 'transfer form zh-CN')
    await shot(page, 'desk-transfer-zh-CN')
    await page.click('[data-testid=transfer-submit]')
    await ben.page.waitForSelector('[data-testid^=conv-]', { timeout: 30_000 })
    await ben.page.locator('[data-testid^=conv-]').first().click()
    await ben.page.locator('[data-testid=message-log] >> text=顾客要 L 码，已告知有货，请跟进发货时间。').waitFor({ timeout: 30_000 }).catch(async (e) => {
      await shot(ben.page, 'desk-transfer-note-missing')
      await shot(page, 'desk-transfer-note-missing-amy')
      throw e
    })
    await shot(ben.page, 'desk-transfer-note-received-zh-CN')
    expect(amy.errors.pageErrors).toEqual([])
    expect(ben.errors.pageErrors).toEqual([])
    await ben.context.close()
    await amy.context.close()
    lin.close()
    wang.close()
  }, 300_000)

  it('history: an ended chat found by part of what the shopper said, in any case or in Chinese, opened with the match marked', async () => {
    const team = await newTeam(env.kefu, env.server.context.db, 'history')
    const amy = await signIn(env.browser, env.kefu, team.amy, 'zh-CN')
    const { page } = amy
    const shopperChat = await shopper(env.kefu, team.company, WINDOWS_CHROME, { enterUrl: 'https://shop.example/orders', enterTitle: '我的订单' })
    shopperChat.requestChat()
    shopperChat.say('请问退款多久到账？订单号 KF20261205')
    await page.locator('[data-testid=list-mine] [role=option]', { hasText: '退款多久到账' }).waitFor({ timeout: 30_000 })

    // The chat ends (the system closes it), so it is history.
    const visitorId = shopperChat.frames.find((f) => f.type === 'welcome')!.visitorId as string
    const auth = { authorization: `Bearer ${team.amyToken}` }
    const [conversation] = (await (await fetch(`${env.kefu}/api/v1/conversations?visitorId=${visitorId}`, { headers: auth })).json()) as { conversationId: string }[]
    expect((await fetch(`${env.kefu}/api/v1/conversations/${conversation!.conversationId}/close`, { method: 'POST', headers: auth })).status).toBe(200)

    await page.click('[data-testid=view-history]')
    await page.fill('[data-testid=history-query]', 'kf2026')
    await page.click('[data-testid=history-search]')
    const hit = page.locator(`[data-testid=hit-${conversation!.conversationId}]`)
    await hit.waitFor({ timeout: 30_000 })
    expect(await page.locator('[data-testid=history-hits] li').count()).toBe(1)
    expect(await hit.locator('mark').first().textContent()).toBe('KF2026')
    await expectAccessible(page, 'history results zh-CN')
    await hit.click()
    const thread = page.locator('[data-testid=history-thread]')
    await thread.locator('.message.matched', { hasText: '请问退款多久到账？订单号 KF20261205' }).waitFor({ timeout: 30_000 })
    await expectAccessible(page, 'history thread zh-CN')
    await shot(page, 'desk-history-thread-zh-CN')

    // Chinese words inside a sentence find it too.
    await page.fill('[data-testid=history-query]', '多久到账')
    await page.click('[data-testid=history-search]')
    await until(() => page.locator('[data-testid=history-status]').textContent(), (t) => t === '找到 1 个会话', 'one conversation found')
    expect(amy.errors.pageErrors).toEqual([])
    await amy.context.close()
    shopperChat.close()
  }, 180_000)

  it('in English and on a phone: list → thread → visitor, each state accessible', async () => {
    // Amy stays signed in on one desk, so the shopper's chat comes straight to her.
    const team = await newTeam(env.kefu, env.server.context.db, 'phone')
    const keeper = await signIn(env.browser, env.kefu, team.amy, 'en')
    const visitor = await shopper(env.kefu, team.company, IPHONE, { enterUrl: 'https://shop.example/coats/12617', enterTitle: 'Trench coat' })
    visitor.visit('https://shop.example/coats/12617', 'Trench coat')
    visitor.requestChat()
    visitor.say('Do you have it in size L?')
    await keeper.page.locator('[data-testid=list-mine] [role=option]', { hasText: 'Do you have it in size L?' }).waitFor({ timeout: 30_000 })
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const [size, width, height] of [['desktop', 1366, 900], ['phone', 390, 844]] as const) {
        const { context, page, errors } = await signIn(env.browser, env.kefu, team.amy, locale, width, height)
        await expectAccessible(page, `list ${locale} ${size}`)
        await shot(page, `desk-list-${locale}-${size}`)
        await page.locator('[data-testid=list-mine] [role=option]', { hasText: 'iPhone' }).click({ timeout: 30_000 })
        await page.locator('[data-testid=message-log] >> text=Do you have it in size L?').waitFor({ timeout: 30_000 })
        await expectAccessible(page, `thread ${locale} ${size}`)
        await shot(page, `desk-thread-${locale}-${size}`)
        if (size === 'phone') {
          expect(await page.locator('.lists').isVisible()).toBe(false)
          await page.click('[data-testid=chat-show-side]')
          await page.waitForSelector('[data-testid=visitor-trace]')
          expect(await page.locator('.chat').isVisible()).toBe(false)
          await expectAccessible(page, `visitor ${locale} ${size}`)
          await shot(page, `desk-visitor-${locale}-${size}`)
        }
        await page.click('[data-testid=view-history]')
        await expectAccessible(page, `history ${locale} ${size}`)
        expect(errors.pageErrors).toEqual([])
        await context.close()
      }
    }
    await keeper.context.close()
    visitor.close()
  }, 300_000)
})
