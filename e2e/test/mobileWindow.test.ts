import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addCompany, agentDesk, echatPage, isText, PHONE, screenshot, sobotSnippet, startEnv, until, watch, type Env } from './support'

type W = Window & { ECHAT: { customMiniChat(): void; setMobilePageTop(top: number): void }; __ready: number }

/** The Sobot seed snippet (loader with ?sysnum=) and `zc('config', config)` queued before it loads. */
function sobotPage(kefu: string, sysnum: string, config: Record<string, unknown>): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>手机商城</title></head><body>
<h1>手机商城</h1>
<script>
${sobotSnippet(kefu, sysnum)}
zc('config', ${JSON.stringify(config)});
</script>
</body></html>`
}

const box = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('.kefu-mini-window') as HTMLElement
    const r = el.getBoundingClientRect()
    return { x: r.x, y: r.y, width: r.width, height: r.height, display: getComputedStyle(el).display }
  })

describe('the chat window on a phone (390×844, touch) in a real browser', () => {
  let env: Env
  let phone: BrowserContext
  beforeAll(async () => {
    env = await startEnv()
    for (const id of ['e2e-mobile-half', 'e2e-mobile-full']) await addCompany(env, id, `${id}@e2e.example`)
  })
  beforeEach(async () => {
    await phone?.close()
    phone = await env.browser.newContext(PHONE)
  })
  afterAll(async () => {
    await phone?.close()
    await env?.close()
  })

  it("Sobot expand_size 'half': a tap on the button opens the lower half of the screen, and the chat works by touch", async () => {
    const desk = await agentDesk(env.kefu, 'e2e-mobile-half@e2e.example')
    env.pages.set('/half', sobotPage(env.kefu, 'e2e-mobile-half', { expand_size: 'half' }))
    const page = await phone.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/half`)
    await page.tap('.kefu-launcher')
    const frame = (await (await page.waitForSelector('.kefu-mini-window iframe')).contentFrame())!
    await frame.waitForSelector('#kf-input:not([disabled])')
    expect(await box(page)).toEqual({ x: 0, y: 422, width: 390, height: 422, display: 'flex' })

    await frame.tap('#kf-input')
    await frame.fill('#kf-input', '手机上能聊吗?')
    await frame.press('#kf-input', 'Enter')
    await desk.waitFor(isText('手机上能聊吗?'), 'the visitor message')
    await screenshot(page, 'mobile-half-screen')

    // The window's back arrow (a phone's header): it hides, the button stays.
    await frame.tap('.kf-x')
    await until(async () => (await box(page)).display, (display) => display === 'none', 'the window hidden')
    expect(await page.isVisible('.kefu-launcher')).toBe(true)
    expect(pageErrors).toEqual([])
    desk.close()
  })

  it('full screen by default, and below ECHAT.setMobilePageTop(top) when the page has a header', async () => {
    // A phone page: with a viewport meta, or the phone lays it out 980px wide (a desktop page).
    env.pages.set('/full', echatPage(env.kefu, 'e2e-mobile-full').replace('<head>', '<head><meta name="viewport" content="width=device-width, initial-scale=1">'))
    const page = await phone.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/full`)
    await page.waitForFunction(() => (window as unknown as W).__ready > 0)
    await page.evaluate(() => (window as unknown as W).ECHAT.customMiniChat())
    const frame = (await (await page.waitForSelector('.kefu-mini-window iframe')).contentFrame())!
    await frame.waitForSelector('#kf-input')
    expect(await box(page)).toEqual({ x: 0, y: 0, width: 390, height: 844, display: 'flex' })
    // The composer is on screen, not pushed below the fold.
    const input = (await (await page.$('.kefu-mini-window iframe'))!.boundingBox())!
    expect(input.y + input.height).toBeLessThanOrEqual(844)
    await screenshot(page, 'mobile-full-screen')

    await page.evaluate(() => (window as unknown as W).ECHAT.setMobilePageTop(120))
    expect(await box(page)).toEqual({ x: 0, y: 120, width: 390, height: 724, display: 'flex' })
    await until(() => frame.isVisible('#kf-input'), Boolean, 'the composer below the page header')
    await screenshot(page, 'mobile-page-top')
    expect(pageErrors).toEqual([])
  })
})
