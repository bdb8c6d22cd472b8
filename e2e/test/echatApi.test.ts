import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addCompany,
  agentDesk,
  bodyOf,
  CHAT_WINDOW_PARAM,
  echatPage,
  isMessage,
  isText,
  PAGE_VIS_EVT,
  screenshot,
  sendText,
  startEnv,
  until,
  watch,
  type Env,
} from './support'

type W = Window & { ECHAT: Record<"customNewWinChat" | "customOpenChat" | "customMiniChat" | "pushVisitorEvent" | "hideMiniChat" | "maxMiniChat" | "setPageTitle" | "getMiniStatus" | "getUnReadMsgCount" | (string & {}), (...args: unknown[]) => unknown>; __events: EchatEvent[]; __newMsg: number[]; __ready: number }
type EchatEvent = { eventCategory: string; eventAction: string; eventLabel: unknown; act?: number }

const events = (page: Page) => page.evaluate(() => (window as unknown as W).__events)
const echat = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([m, a]) => (window as unknown as W).ECHAT[m as "customMiniChat"](...(a as unknown[])), [method, args] as const)

describe('the Echat visitor API in a real browser (示例二/三, unread, newEvent)', () => {
  let env: Env
  beforeAll(async () => {
    env = await startEnv()
    for (const id of ['e2e-ex2', 'e2e-ex3', 'e2e-unread', 'e2e-events']) await addCompany(env, id, `${id}@e2e.example`)
  })
  afterAll(async () => {
    await env?.close()
  })

  it('示例二: customNewWinChat opens a popup chat window with the seed parameters; customOpenChat opens a tab', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-ex2@e2e.example')
    env.pages.set(
      '/ex2',
      echatPage(
        env.kefu,
        'e2e-ex2',
        `var chatParamObj = {};
    var pageVisEvt = ${JSON.stringify(PAGE_VIS_EVT)};
    chatParamObj.visEvt = pageVisEvt;
    chatParamObj.echatTag = "商品测试";
    chatParamObj.lan = "zh";
    var chatWindowParam = ${JSON.stringify(CHAT_WINDOW_PARAM)};
    chatParamObj.chatWindowParam = chatWindowParam;`,
      ),
    )
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/ex2`)
    await page.waitForFunction(() => (window as unknown as W).__ready > 0)

    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.evaluate(() => (window as unknown as W).ECHAT.customNewWinChat((window as unknown as { chatParamObj: unknown }).chatParamObj)),
    ])
    // Opened in the call (a popup blocker allows only that), blank, then pointed at the chat window.
    await popup.waitForURL(/\/chat\?/)
    const url = new URL(popup.url())
    expect(url.origin).toBe(env.kefu)
    expect(url.pathname).toBe('/chat')
    expect(url.searchParams.get('companyId')).toBe('e2e-ex2')
    expect(JSON.parse(url.searchParams.get('visEvt')!)).toMatchObject(PAGE_VIS_EVT)
    expect(url.searchParams.get('echatTag')).toBe('商品测试')
    expect(url.searchParams.get('lan')).toBe('zh')
    expect(JSON.parse(url.searchParams.get('chatWindowParam')!)).toMatchObject({ maxWidth: 900, maxHeight: 600, bgColor: '#000000' })
    expect(await popup.evaluate(() => window.name)).toBe('echatChatWindow')
    // The popup is the chat window: it sends the card, the agent receives it.
    await popup.waitForSelector('#kf-input')
    const card = await desk.waitFor(isMessage('product'), 'product card')
    expect(bodyOf(card).card).toMatchObject({ title: PAGE_VIS_EVT.title, eventId: 'prod-12617' })
    await popup.waitForSelector(`text=${PAGE_VIS_EVT.title}`)
    await screenshot(popup, 'echat-example-2-popup')

    // customOpenChat: a new tab with its own card.
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      page.evaluate(() =>
        (window as unknown as W).ECHAT.customOpenChat({ visEvt: { eventId: 'order-77', title: '订单 77 咨询', content: '待发货' }, echatTag: 'order' }),
      ),
    ])
    await tab.waitForURL(/\/chat\?/)
    const tabUrl = new URL(tab.url())
    expect(tabUrl.pathname).toBe('/chat')
    expect(JSON.parse(tabUrl.searchParams.get('visEvt')!)).toMatchObject({ eventId: 'order-77', title: '订单 77 咨询' })
    expect(tabUrl.searchParams.get('echatTag')).toBe('order')
    await tab.waitForSelector('#kf-input')
    const second = await desk.waitFor((f) => isMessage('product')(f) && bodyOf(f).card?.eventId === 'order-77', 'second card')
    expect(bodyOf(second).card).toMatchObject({ title: '订单 77 咨询' })
    await screenshot(tab, 'echat-example-2-tab')
    expect(pageErrors).toEqual([])
    desk.close()
    await page.close()
  })

  it('示例三: the seed link, opened directly, starts the chat window and sends the card', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-ex3@e2e.example')
    const chatLink = await (async () => {
      let chatLink = `${env.kefu}/chat?companyId=e2e-ex3`
      chatLink += '&echatTag=' + encodeURIComponent('商品咨询')
      chatLink += '&lan=' + encodeURIComponent('zh')
      chatLink += '&visEvt=' + encodeURIComponent(JSON.stringify(PAGE_VIS_EVT))
      chatLink += '&chatWindowParam=' + encodeURIComponent(JSON.stringify(CHAT_WINDOW_PARAM))
      return chatLink
    })()
    const page = await env.browser.newPage()
    const { pageErrors, consoleErrors } = watch(page)
    await page.goto(chatLink)
    await page.waitForSelector('#kf-input')
    const card = await desk.waitFor(isMessage('product'), 'product card')
    expect(bodyOf(card).card).toMatchObject({ title: '这是一条来自api文档的测试图文消息', eventId: 'prod-12617' })
    await page.waitForSelector(`text=${PAGE_VIS_EVT.title}`)
    // The chat goes on: the agent answers, the visitor replies.
    const conversationId = card.conversationId as string
    desk.reply(conversationId, '您好,请问需要什么尺码?')
    await page.waitForSelector('text=您好,请问需要什么尺码?')
    await sendText(page, 'L 码')
    await desk.waitFor(isText('L 码'), 'visitor text')
    await screenshot(page, 'echat-example-3-link')
    expect(pageErrors).toEqual([])
    // The seed's image host is not reachable from the test machine; nothing else may fail.
    expect(consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([])
    desk.close()
    await page.close()
  })

  it('unread count, newMsg and title flashing while minimized and hidden', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-unread@e2e.example')
    env.pages.set('/unread', echatPage(env.kefu, 'e2e-unread'))
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/unread`)
    await page.waitForFunction(() => (window as unknown as W).__ready > 0)
    await echat(page, 'setPageTitle', '订单详情')
    expect(await page.title()).toBe('订单详情')
    await echat(page, 'customMiniChat')
    const frame = (await (await page.waitForSelector('iframe')).contentFrame())!
    await sendText(frame, '在吗?')
    const first = await desk.waitFor(isText('在吗?'), 'visitor text')
    const conversationId = first.conversationId as string

    await echat(page, 'hideMiniChat')
    expect(await echat(page, 'getMiniStatus')).toBe('close')
    const before = (await page.evaluate(() => (window as unknown as W).__newMsg)).length
    desk.reply(conversationId, '在的,请讲。')
    await until(() => echat(page, 'getUnReadMsgCount'), (n) => n === 1, 'unread 1')
    expect((await page.evaluate(() => (window as unknown as W).__newMsg)).slice(before)).toContain(1)
    // The default button shows the badge.
    expect(await page.textContent('.kefu-launcher-badge')).toBe('1')

    // Hidden page: the title alternates between the page title and the notice.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    const seen = new Set<string>()
    await until(
      async () => (seen.add(await page.title()), seen),
      (s) => s.has('订单详情') && [...s].some((title) => title !== '订单详情'),
      'the title to alternate',
      5000,
    )
    const notices = [...seen].filter((title) => title !== '订单详情')
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/新消息|new message/i)
    await screenshot(page, 'echat-unread-title')

    // Back: maximize and visible, read, title restored.
    await echat(page, 'maxMiniChat')
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await until(() => echat(page, 'getUnReadMsgCount'), (n) => n === 0, 'unread 0')
    expect(await echat(page, 'getMiniStatus')).toBe('open')
    await until(() => page.title(), (title) => title === '订单详情', 'title restored')
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect(await page.title()).toBe('订单详情')
    expect((await page.evaluate(() => (window as unknown as W).__newMsg)).at(-1)).toBe(0)
    expect(pageErrors).toEqual([])
    desk.close()
    await page.close()
  })

  it('newEvent payloads through a whole chat match the seed formats', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-events@e2e.example')
    env.pages.set('/events', echatPage(env.kefu, 'e2e-events'))
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/events`)
    await page.waitForFunction(() => (window as unknown as W).__ready > 0)

    await echat(page, 'customMiniChat')
    const frame = (await (await page.waitForSelector('iframe')).contentFrame())!
    await until(() => events(page), (e) => e.some((x) => x.eventAction === 'echatPageStatus'), 'echatPageStatus 7')
    await sendText(frame, '你好,想咨询一下')
    const first = await desk.waitFor(isText('你好,想咨询一下'), 'visitor text')
    const conversationId = first.conversationId as string
    await until(() => events(page), (e) => e.some((x) => x.eventLabel === 'chatting'), 'chatting')
    desk.reply(conversationId, '您好,客服 Amy 为您服务')
    await until(() => events(page), (e) => e.some((x) => x.eventAction === 'newMsg'), 'newMsg')
    desk.end(conversationId)
    await until(() => events(page), (e) => e.some((x) => x.eventAction === 'chatStatus' && String(x.eventLabel).startsWith('end-')), 'end')
    // The visitor evaluates in the window.
    await frame.click('form[aria-labelledby=kf-eval] input[name=kf-score][value="5"]')
    await frame.fill('#kf-comment', '很好')
    await frame.click('form[aria-labelledby=kf-eval] button[type=submit]')
    await until(() => events(page), (e) => e.some((x) => x.eventAction === 'visitorEvaluate'), 'visitorEvaluate')
    await screenshot(page, 'echat-new-event')
    await echat(page, 'hideMiniChat')
    await until(() => events(page), (e) => e.some((x) => x.eventAction === 'visitorHide'), 'visitorHide')

    const all = await events(page)
    const of = (action: string) => all.filter((e) => e.eventAction === action)
    for (const e of all) expect(['echat', 'analytics']).toContain(e.eventCategory)

    // echatPageStatus: event 7 with the account, then event 8 with an empty value; `act` 100.
    expect(of('echatPageStatus')).toEqual([
      { act: 100, eventCategory: 'echat', eventAction: 'echatPageStatus', eventLabel: { event: 7, eventValue: { companyId: 'e2e-events', companyName: '示例商店' } } },
      { act: 100, eventCategory: 'echat', eventAction: 'echatPageStatus', eventLabel: { event: 8, eventValue: '' } },
    ])
    expect(of('visitorHide')).toEqual([{ eventCategory: 'echat', eventAction: 'visitorHide', eventLabel: '' }])

    // chatStatus labels: waiting (optional) → chatting → end-2-1 (agent ended, evaluation needed).
    const statuses = of('chatStatus').map((e) => e.eventLabel)
    expect(statuses.filter((s) => s !== 'waiting')).toEqual(['chatting', 'end-2-1'])
    for (const e of of('chatStatus')) expect(e.eventCategory).toBe('echat')

    // chatStaffInfo: a JSON string with the seed's fields.
    const staffEvents = of('chatStaffInfo')
    expect(staffEvents.length).toBeGreaterThan(0)
    expect(typeof staffEvents[0]!.eventLabel).toBe('string')
    const staff = JSON.parse(staffEvents[0]!.eventLabel as string)
    expect(staff).toMatchObject({ staffNickName: 'Amy', recordId: conversationId, staffId: expect.any(String) })
    for (const key of Object.keys(staff)) expect(['staffId', 'staffNickName', 'staffPhone', 'staffHead', 'staffInfo', 'recordId']).toContain(key)

    // visitorSendMsg: the seed's text JSON string.
    expect(of('visitorSendMsg')).toEqual([
      { eventCategory: 'echat', eventAction: 'visitorSendMsg', eventLabel: JSON.stringify({ msgType: 'text', textContent: '你好,想咨询一下' }) },
    ])
    expect(JSON.parse(of('visitorSendMsg')[0]!.eventLabel as string)).toEqual({ msgType: 'text', textContent: '你好,想咨询一下' })

    // newMsg: the agent's text.
    expect(of('newMsg').map((e) => e.eventLabel)).toContain('您好,客服 Amy 为您服务')

    // visitorEvaluate '1-2' (submitted after the end), analytics Chat_Evaluate_5 / Chat_Comment_submit with 'end'.
    expect(of('visitorEvaluate')).toEqual([{ eventCategory: 'echat', eventAction: 'visitorEvaluate', eventLabel: '1-2' }])
    expect(all).toContainEqual({ eventCategory: 'analytics', eventAction: 'Chat_Evaluate_5', eventLabel: 'end' })
    expect(all).toContainEqual({ eventCategory: 'analytics', eventAction: 'Chat_Comment_submit', eventLabel: 'end' })
    expect(all).toContainEqual({ eventCategory: 'analytics', eventAction: 'Served by Agent', eventLabel: 'Amy' })

    // The order of the chat: open → chatting → message → end → evaluate → hide.
    // staffStatus 1 (online); visitorTrackInfo a JSON string with the landing page.
    expect(of('staffStatus').map((e) => e.eventLabel)).toContain(1)
    expect(of('visitorTrackInfo').length).toBeLessThanOrEqual(2)
    for (const e of of('visitorTrackInfo')) expect(JSON.parse(e.eventLabel as string)).toMatchObject({ firstUrl: `${env.store}/events` })
    const order = [
      all.findIndex((e) => e.eventAction === 'echatPageStatus'),
      all.findIndex((e) => e.eventAction === 'visitorSendMsg'),
      all.findIndex((e) => e.eventAction === 'newMsg' && e.eventLabel === '您好,客服 Amy 为您服务'),
      all.findIndex((e) => e.eventAction === 'visitorEvaluate'),
      all.findIndex((e) => e.eventAction === 'visitorHide'),
    ]
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    const endAt = all.findIndex((e) => e.eventLabel === 'end-2-1')
    expect(endAt).toBeGreaterThan(order[2]!)
    expect(endAt).toBeLessThan(order[3]!)
    expect(pageErrors).toEqual([])
    desk.close()
    await page.close()
  })
})
