import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCompany, agentDesk, echatPage, isMessage, PAGE_VIS_EVT, screenshot, startEnv, type Env } from './support'

type EchatWindow = Window & {
  ECHAT: { getChatStatus(): number; customMiniChat(params: unknown): void }
  chatParamObj: unknown
  __ready: number
  __events: { eventCategory: string; eventAction: string; eventLabel: unknown }[]
}

describe('the Echat visitor API in a real browser', () => {
  let env: Env
  const companyId = 'e2e-echat'
  beforeAll(async () => {
    env = await startEnv()
    await addCompany(env, companyId, 'amy@e2e.example')
    // The seed's 示例一 parameters: the card, the entry tag and the language.
    env.pages.set(
      '/example-1',
      echatPage(
        env.kefu,
        companyId,
        `var chatParamObj = { visEvt: ${JSON.stringify(PAGE_VIS_EVT)}, echatTag: "商品测试", lan: "zh" };
  _echat('initParam', chatParamObj);`,
      ),
    )
  })
  afterAll(() => env?.close())

  it('示例一: the snippet loads, the in-page chat sends the card it carries, the agent answers, newMsg and newEvent follow', async () => {
    const desk = await agentDesk(env.kefu, 'amy@e2e.example')
    const page = await env.browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(String(error)))
    await page.goto(`${env.store}/example-1`)
    await page.waitForFunction(() => (window as unknown as EchatWindow).__ready > 0)
    expect(await page.evaluate(() => (window as unknown as EchatWindow).ECHAT.getChatStatus())).toBe(0)

    // 示例二 through the API: open the in-page window with the same parameters.
    await page.evaluate(() => {
      const w = window as unknown as EchatWindow
      w.ECHAT.customMiniChat(w.chatParamObj)
    })
    const frame = await (await page.waitForSelector('iframe')).contentFrame()
    expect(frame).not.toBeNull()

    // The agent is assigned and receives the card the page carried.
    const card = await desk.waitFor(isMessage('product'))
    expect((card.message as { body: { card: { title: string; eventId: string } } }).body.card).toMatchObject({
      title: PAGE_VIS_EVT.title,
      eventId: PAGE_VIS_EVT.eventId,
    })
    const conversationId = card.conversationId as string
    await frame!.waitForSelector(`text=${PAGE_VIS_EVT.title}`)

    // The agent answers; the chat window shows it.
    desk.reply(conversationId, '您好,有现货。')
    await frame!.waitForSelector('text=您好,有现货。')

    // The page saw the seed's events: chatStatus chatting, the staff info, the new message.
    await page.waitForFunction(() =>
      (window as unknown as EchatWindow).__events.some((e) => e.eventAction === 'newMsg' && e.eventLabel === '您好,有现货。'),
    )
    const events = await page.evaluate(() => (window as unknown as EchatWindow).__events)
    expect(events).toContainEqual({ eventCategory: 'echat', eventAction: 'chatStatus', eventLabel: 'chatting' })
    expect(events.filter((e) => e.eventAction === 'newMsg').map((e) => e.eventLabel)).toContain('您好,有现货。')
    const staff = JSON.parse(String(events.find((e) => e.eventAction === 'chatStaffInfo')?.eventLabel))
    expect(staff).toMatchObject({ staffNickName: 'Amy', recordId: conversationId })
    expect(await page.evaluate(() => (window as unknown as EchatWindow).ECHAT.getChatStatus())).toBe(2)

    await screenshot(page, 'echat-example-1')
    expect(errors).toEqual([])
    desk.close()
    await page.close()
  })
})
