import type { Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCompany, agentDesk, isText, screenshot, sobotSnippet, startEnv, until, watch, type Env } from './support'

/** The Sobot seed snippet: the default chat button, nothing configured. */
const sobotPage = (kefu: string, sysnum: string) => `<!doctype html><html><head><meta charset="utf-8"><title>键盘用户</title></head><body>
<h1>键盘用户</h1>
<script>
${sobotSnippet(kefu, sysnum)}
</script>
</body></html>`

/** What has focus on the page: a kefu class name, `iframe` when focus is inside the chat window, or the tag. */
const pageFocus = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    return el?.tagName === 'IFRAME' ? 'iframe' : (el?.className || el?.tagName || '').toString()
  })
const frameFocus = (frame: Frame) => frame.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '')

describe('the chat window with the keyboard only, in a real browser', () => {
  let env: Env
  beforeAll(async () => {
    env = await startEnv()
    await addCompany(env, 'e2e-keyboard', 'e2e-keyboard@e2e.example')
  })
  afterAll(async () => {
    await env?.close()
  })

  it('Tab to the button, Enter opens with focus in the text box, Enter sends, the reply is announced, Escape hides it and focus comes back', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-keyboard@e2e.example')
    env.pages.set('/keyboard', sobotPage(env.kefu, 'e2e-keyboard'))
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/keyboard`)
    await page.waitForSelector('.kefu-launcher')

    await page.keyboard.press('Tab')
    expect(await pageFocus(page)).toBe('kefu-launcher')
    await page.keyboard.press('Enter')
    const frame = (await (await page.waitForSelector('.kefu-mini-window iframe')).contentFrame())!
    await frame.waitForSelector('#kf-input:not([disabled])')
    // Focus moved into the chat window the visitor asked for.
    await until(() => pageFocus(page), (focus) => focus === 'iframe', 'focus in the chat window')

    // Opening put the visitor in the text box.
    await until(() => frameFocus(frame), (focus) => focus === 'kf-input', 'focus in the text box')
    expect(await pageFocus(page)).toBe('iframe')
    const launcher = await page.$('.kefu-launcher')
    expect(await launcher!.getAttribute('aria-expanded')).toBe('true')

    await page.keyboard.type('我只用键盘')
    await page.keyboard.press('Enter')
    const sent = await desk.waitFor(isText('我只用键盘'), 'the visitor message')
    expect(await frame.inputValue('#kf-input')).toBe('')

    // The agent's reply is announced in the live region.
    desk.reply(sent.conversationId as string, '您好，请问有什么可以帮您？')
    const live = await frame.waitForSelector('[data-testid=kf-live]')
    await until(() => live.textContent(), (text) => !!text?.includes('您好，请问有什么可以帮您？'), 'the announcement')
    expect(await live.textContent()).toContain('Amy')
    await screenshot(page, 'keyboard-chat-open')

    // Escape hides the window (the chat goes on) and focus returns to the button, which says it is collapsed.
    await page.keyboard.press('Escape')
    await until(() => page.isVisible('.kefu-mini-window'), (visible) => !visible, 'the window hidden')
    expect(await pageFocus(page)).toBe('kefu-launcher')
    expect(await launcher!.getAttribute('aria-expanded')).toBe('false')

    // Enter again: the window is back with focus in it.
    await page.keyboard.press('Enter')
    await until(() => pageFocus(page), (focus) => focus === 'iframe', 'focus back in the chat window')
    expect(await page.isVisible('.kefu-mini-window')).toBe(true)
    expect(pageErrors).toEqual([])
    desk.close()
  })
})
