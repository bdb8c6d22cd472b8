import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCompany, agentDesk, bodyOf, echatPage, isMessage, isText, PAGE_VIS_EVT, screenshot, sendText, sobotSnippet, startEnv, until, watch, type Env } from './support'

type W = Window & { ECHAT: Record<"customNewWinChat" | "customOpenChat" | "customMiniChat" | "pushVisitorEvent" | "hideMiniChat" | "maxMiniChat" | "setPageTitle" | "getMiniStatus" | "getUnReadMsgCount" | (string & {}), (...args: unknown[]) => unknown>; zc(...args: unknown[]): void; __ready: number; __status: string[] }

describe('bad input in a real browser', () => {
  let env: Env
  beforeAll(async () => {
    env = await startEnv()
    for (const id of ['e2e-bad-visevt', 'e2e-bad-cwp', 'e2e-bad-zc', 'e2e-bad-push']) await addCompany(env, id, `${id}@e2e.example`)
  })
  afterAll(async () => {
    await env?.close()
  })

  for (const [name, company, param, value] of [
    ['visEvt', 'e2e-bad-visevt', 'visEvt', '{"eventId":"prod-1","title":"坏的'],
    ['chatWindowParam', 'e2e-bad-cwp', 'chatWindowParam', '{maxWidth: 900,'],
  ] as const) {
    it(`a link with a malformed ${name} logs a clear error and the chat window still works`, async () => {
      const desk = await agentDesk(env.kefu, `${company}@e2e.example`)
      const page = await env.browser.newPage()
      const { pageErrors, consoleErrors } = watch(page)
      let link = `${env.kefu}/chat?companyId=${company}`
      link += '&echatTag=' + encodeURIComponent('商品咨询')
      link += `&${param}=` + encodeURIComponent(value)
      await page.goto(link)
      await page.waitForSelector('#kf-input')
      await until(() => consoleErrors, (e) => e.length > 0, 'a console error')
      const error = consoleErrors.find((e) => e.includes(param))
      expect(error, `console errors: ${JSON.stringify(consoleErrors)}`).toBeDefined()
      expect(error).toMatch(/\[kefu\]/)
      await sendText(page, `${name} 坏了也能聊`)
      const text = await desk.waitFor(isText(`${name} 坏了也能聊`), 'visitor text')
      expect(text.conversationId).toBeTruthy()
      expect(desk.frames.filter(isMessage('product'))).toEqual([])
      await screenshot(page, `bad-${name}`)
      expect(pageErrors).toEqual([])
      desk.close()
      await page.close()
    })
  }

  it('an unknown zc command logs an error naming it; later commands work', async () => {
    env.pages.set(
      '/zc',
      `<!doctype html><html><head><meta charset="utf-8"><title>zc</title></head><body><script>
window.__status = [];
${sobotSnippet(env.kefu, 'e2e-bad-zc')}
zc("no_such_command", 1);
zc("frame_status", function (s) { window.__status.push('queued:' + s) });
</script></body></html>`,
    )
    const page = await env.browser.newPage()
    const { pageErrors, consoleErrors } = watch(page)
    await page.goto(`${env.store}/zc`)
    await until(() => page.evaluate(() => (window as unknown as W).__status), (s) => s.length > 0, 'queued frame_status')
    expect(await page.evaluate(() => (window as unknown as W).__status)).toEqual(['queued:collapse'])
    expect(consoleErrors.some((e) => e.includes('no_such_command'))).toBe(true)
    // Live: another unknown command, then a real one.
    await page.evaluate(() => {
      const w = window as unknown as W
      w.zc('frame_explode')
      w.zc('frame_status', (s: string) => w.__status.push('live:' + s))
    })
    await until(() => consoleErrors, (e) => e.some((x) => x.includes('frame_explode')), 'the live unknown command error')
    expect(await page.evaluate(() => (window as unknown as W).__status)).toEqual(['queued:collapse', 'live:collapse'])
    await page.click('.kefu-launcher')
    await page.waitForSelector('iframe')
    await page.evaluate(() => (window as unknown as W).zc('frame_status', (s: string) => (window as unknown as W).__status.push('live:' + s)))
    expect(await page.evaluate(() => (window as unknown as W).__status.at(-1))).toBe('live:expand')
    await screenshot(page, 'bad-zc-command')
    expect(pageErrors).toEqual([])
    await page.close()
  })

  it('ECHAT.pushVisitorEvent with a javascript: urlForVisitor logs an error and sends nothing', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-bad-push@e2e.example')
    env.pages.set('/push', echatPage(env.kefu, 'e2e-bad-push'))
    const page = await env.browser.newPage()
    const { pageErrors, consoleErrors } = watch(page)
    await page.goto(`${env.store}/push`)
    await page.waitForFunction(() => (window as unknown as W).__ready > 0)
    await page.evaluate(() => (window as unknown as W).ECHAT.customMiniChat())
    const frame = (await (await page.waitForSelector('iframe')).contentFrame())!
    await sendText(frame, '我想问个订单')
    await desk.waitFor(isText('我想问个订单'), 'visitor text')

    await page.evaluate(() =>
      (window as unknown as W).ECHAT.pushVisitorEvent({ eventId: 'evil-1', title: '恶意卡片', content: 'x', urlForVisitor: 'javascript:alert(1)' }),
    )
    await until(() => consoleErrors, (e) => e.some((x) => x.includes('pushVisitorEvent')), 'the pushVisitorEvent error')
    // A good card afterwards arrives; the bad one never did.
    await page.evaluate((visEvt) => (window as unknown as W).ECHAT.pushVisitorEvent(visEvt), PAGE_VIS_EVT)
    const good = await desk.waitFor(isMessage('product'), 'the good card')
    expect(bodyOf(good).card).toMatchObject({ eventId: 'prod-12617' })
    await new Promise((resolve) => setTimeout(resolve, 300))
    const cards = desk.frames.filter(isMessage('product')).map((f) => bodyOf(f).card?.eventId)
    expect(cards).toEqual(['prod-12617'])
    expect(JSON.stringify(desk.frames)).not.toContain('javascript:')
    await frame.waitForSelector(`text=${PAGE_VIS_EVT.title}`)
    expect(await frame.$('text=恶意卡片')).toBeNull()
    await screenshot(page, 'bad-push-visitor-event')
    expect(pageErrors).toEqual([])
    desk.close()
    await page.close()
  })
})
