import { createChat, memoryStorage, type ChatClient } from '@kefu/core'
import { createTestVisibility } from '@kefu/core/testing'
import { websocketTransport } from '@kefu/core/websocket'
import { createCompany, createKefuServer, type KefuServer } from '@kefu/server'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { agentDesk, artifacts, launchChromium, PASSWORD, until, watch, type Desk } from './support'

const here = dirname(fileURLToPath(import.meta.url))
const widgetDir = join(here, '..', '..', 'packages', 'widget', 'dist', 'browser')
const deskDir = join(here, '..', '..', 'apps', 'agent-desk', 'dist')
const COMPANY = 'e2e-reports'
const ADMIN = 'owner@e2e-reports.example'
const AMY = 'amy@e2e-reports.example'

/** Tuesday 3 March 2026, 10:00:00 in Shanghai (the company's time zone). */
const T0 = Date.UTC(2026, 2, 3, 2, 0, 0)
const s = (seconds: number) => T0 + seconds * 1000
const SLOW = 30_000

/**
 * The same day of chats as the server's scripted report test, played on a seeded clock through a
 * real server; the admin console must then show exactly those figures, so a slip anywhere between
 * the recorded moments and the table a manager reads shows up here.
 */
describe('the admin console’s reports show a scripted day of chats exactly', () => {
  let server: KefuServer
  let kefu: string
  let browser: Browser
  let clock = T0
  const visitors: ChatClient[] = []
  let amy: Desk

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    server = await createKefuServer({ logLevel: 'silent', widgetDir, deskDir, now: () => clock })
    kefu = await server.listen()
    await createCompany(server.context.db, { id: COMPANY, name: '示例商店', admin: { email: ADMIN, name: '店主', password: PASSWORD } })
    const admin = await api('POST', '/api/v1/auth/login', undefined, { email: ADMIN, password: PASSWORD })
    const token = (admin.body as { token: string }).token
    expect((await api('POST', '/api/v1/faqs', token, { question: '运费多少', answer: '满 99 元包邮。', keywords: '运费' })).status).toBe(201)
    const added = await api('POST', '/api/v1/agents', token, { email: AMY, password: PASSWORD, name: 'Amy', capacity: 1 })
    expect(added.status, JSON.stringify(added.body)).toBe(201)
    amy = await agentDesk(kefu, AMY)
    browser = await launchChromium()
  })
  afterAll(async () => {
    for (const v of visitors) v.destroy()
    amy?.close()
    await browser?.close()
    await server?.close()
  })

  async function api(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${kefu}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : undefined }
  }

  async function visitor(): Promise<ChatClient> {
    const v = createChat({
      companyId: COMPANY,
      transport: websocketTransport({ url: `${kefu.replace(/^http/, 'ws')}/ws/visitor`, WebSocket: WebSocket as never, backoff: { initialMs: 20, maxMs: 200 } }),
      storage: memoryStorage(),
      visibility: createTestVisibility(),
    })
    visitors.push(v)
    v.connect()
    await until(() => v.getSnapshot().visitorId, Boolean, 'a visitor id', SLOW)
    return v
  }
  const status = (v: ChatClient, name: string) => until(() => v.getSnapshot().status.name, (n) => n === name, `status ${name}`, SLOW)
  const conversationOf = (v: ChatClient) => v.getSnapshot().staff!.recordId!
  /** Amy replies and waits for the server's ack, so the reply is stored at the clock's moment. */
  async function reply(v: ChatClient, text: string) {
    const before = amy.frames.length
    amy.reply(conversationOf(v), text)
    await until(() => amy.frames.slice(before), (frames) => frames.some((f) => f.type === 'ack' || f.type === 'error'), `the ack of “${text}”`, SLOW)
    expect(amy.frames.slice(before).find((f) => f.type === 'error')).toBeUndefined()
  }
  async function end(v: ChatClient) {
    const before = amy.frames.length
    amy.end(conversationOf(v))
    await until(() => amy.frames.slice(before), (frames) => frames.some((f) => f.type === 'ack' || f.type === 'error'), 'the ack of the end', SLOW)
    expect(amy.frames.slice(before).find((f) => f.type === 'error')).toBeUndefined()
  }

  /** The text of every cell of a table, row by row. */
  const cells = (page: Page, testId: string) =>
    page.$$eval(`[data-testid=${testId}] tbody tr`, (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')))
  const stat = (page: Page, testId: string) => page.$eval(`[data-testid=${testId}] dd`, (dd) => [dd.querySelector('.stat-value')?.textContent ?? '', dd.querySelector('.stat-sub')?.textContent ?? ''])

  it('five chats on 3 March: 管理 → 报表 for that day shows their counts, times and scores in its tables', async () => {
    // A: straight to Amy; she answers after 20 s; the visitor leaves after 60 s and gives 5 stars.
    clock = s(0)
    const a = await visitor()
    await a.requestChat({ mode: 2 })
    await status(a, 'chatting')
    await a.send('你好，在吗？')
    clock = s(20)
    await reply(a, '在的，请讲。')
    clock = s(60)
    await a.endChat()
    await a.evaluate({ score: 5 })

    // B: the bot answers from the FAQ and the visitor leaves: resolved by the bot.
    clock = s(100)
    const b = await visitor()
    await b.requestChat({ mode: 1 })
    await b.send('运费多少？')
    await until(() => b.getSnapshot().messages.some((m) => m.body.type === 'text' && m.body.text === '满 99 元包邮。'), Boolean, 'the FAQ answer', SLOW)
    clock = s(130)
    await b.endChat()

    // C: bot first, asks for a person at once, Amy takes it; she answers 45 s later.
    clock = s(200)
    const c = await visitor()
    await c.requestChat({ mode: 3 })
    await status(c, 'bot')
    clock = s(210)
    await c.requestHuman()
    await status(c, 'chatting')
    clock = s(255)
    await reply(c, '您好！')

    // D waits for Amy (capacity 1) from 300 s; E waits from 310 s and leaves at 340 s.
    clock = s(300)
    const d = await visitor()
    await d.requestChat({ mode: 2 })
    await status(d, 'waiting')
    clock = s(310)
    const e = await visitor()
    await e.requestChat({ mode: 2 })
    await status(e, 'waiting')
    clock = s(340)
    await e.endChat()
    // Amy ends C at 400 s: D is served after waiting 100 s; Amy answers it 10 s later; D leaves at 500 s.
    clock = s(400)
    await end(c)
    await status(d, 'chatting')
    clock = s(410)
    await reply(d, '久等了。')
    clock = s(500)
    await d.endChat()
    await d.evaluate({ score: 3 })

    // The owner opens 管理 → 报表 in Shanghai and asks for 3 March.
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' })
    await context.addInitScript(() => localStorage.setItem('kefu.desk.locale', 'zh-CN'))
    const page = await context.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${kefu}/desk/`)
    await page.fill('[data-testid=login-email]', ADMIN)
    await page.fill('[data-testid=login-password]', PASSWORD)
    await page.click('[data-testid=login-submit]')
    await page.click('[data-testid=view-admin]', { timeout: SLOW })
    await page.click('[data-testid=admin-nav-reports]', { timeout: SLOW })
    await page.waitForSelector('[data-testid=report-filters]', { timeout: 60_000 })
    await page.fill('[data-testid=report-from]', '2026-03-03')
    await page.fill('[data-testid=report-to]', '2026-03-03')
    await page.click('[data-testid=report-apply]')
    await page.waitForSelector('[data-testid=report-overview]', { timeout: 60_000 })
    await page.click('[data-testid=report-per-day-table-toggle]')
    // The first report (the last 30 days) may still be showing: wait for the one of 3 March.
    await until(() => cells(page, 'report-per-day-table'), (rows) => rows.length === 1 && rows[0]![0] === '2026-03-03', 'the table of 3 March alone', 60_000)

    // Overview: 5 chats, 3 served, none missed, 1 left the queue, the bot solved 1 of its 2.
    expect(await stat(page, 'stat-conversations')).toEqual(['5', ''])
    expect(await stat(page, 'stat-served')).toEqual(['3', ''])
    expect(await stat(page, 'stat-missed')).toEqual(['0', ''])
    expect(await stat(page, 'stat-abandoned')).toEqual(['1', ''])
    expect(await stat(page, 'stat-bot')).toEqual(['50%', '1/2'])
    expect(await stat(page, 'stat-first-response')).toEqual(['20 秒', 'P90 40 秒'])
    expect(await stat(page, 'stat-wait')).toEqual(['0 秒', 'P90 1 分 20 秒'])
    expect(await stat(page, 'stat-duration')).toEqual(['1 分 40 秒', 'P90 2 分 52 秒'])
    expect(await stat(page, 'stat-satisfaction')).toEqual(['4', '2 条评价，参评率 66.7%'])

    // Per day: 会话数, 人工接待, 未接入, 排队放弃, 机器人解决.
    expect(await cells(page, 'report-per-day-table')).toEqual([['2026-03-03', '5', '3', '0', '1', '1']])
    // Per hour: all five between 10:00 and 11:00 Shanghai time, none in any other hour.
    await page.click('[data-testid=report-per-hour-table-toggle]')
    await page.waitForSelector('[data-testid=report-per-hour-table]', { timeout: SLOW })
    const hours = await cells(page, 'report-per-hour-table')
    expect(hours).toHaveLength(24)
    expect(hours.filter(([, n]) => n !== '0')).toEqual([['10:00', '5']])
    // First responses 20, 45, 10 s; waits 0, 0, 100 s; durations 60, 190, 100 s (seconds, to 0.1).
    await page.click('[data-testid=report-times-table-toggle]')
    await page.waitForSelector('[data-testid=report-times-table]', { timeout: SLOW })
    expect(await cells(page, 'report-times-table')).toEqual([
      ['首次响应时间', '20', '40', '25', '3'],
      ['排队等待时间', '0', '80', '33.3', '3'],
      ['会话时长', '100', '172', '116.7', '3'],
    ])
    // Scores: one 3, one 5.
    await page.click('[data-testid=report-satisfaction-table-toggle]')
    await page.waitForSelector('[data-testid=report-satisfaction-table]', { timeout: SLOW })
    expect(await cells(page, 'report-satisfaction-table')).toEqual([
      ['1 分', '0'],
      ['2 分', '0'],
      ['3 分', '1'],
      ['4 分', '0'],
      ['5 分', '1'],
    ])
    // Amy served A, C and D: first responses average 25 s (median 20 s), chats 116.7 s on average, scores 5 and 3.
    const agents = await cells(page, 'report-agents-table')
    const amyRow = agents.find(([name]) => name === 'Amy')
    expect(amyRow, JSON.stringify(agents)).toBeDefined()
    expect([...amyRow!.slice(0, 5), amyRow![6]]).toEqual(['Amy', '3', '25 秒', '20 秒', '1 分 57 秒', '4 (2)'])
    await page.screenshot({ path: join(artifacts, 'admin-reports-scripted-zh-CN.png'), fullPage: true })
    expect(pageErrors).toEqual([])
    await context.close()
  }, 300_000)
})
