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

  it('Tab to the button, Enter opens, type, Enter sends, the reply is announced, the minimise button hides it and focus comes back', async () => {
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

    // Tab reaches the composer without leaving the window (past the header's evaluate button, if shown).
    const path: string[] = []
    for (let i = 0; i < 5 && (await frameFocus(frame)) !== 'kf-input'; i++) {
      await page.keyboard.press('Tab')
      path.push(await frameFocus(frame))
    }
    expect(await frameFocus(frame), `tabbed through ${path.join(' → ')}`).toBe('kf-input')
    expect(await pageFocus(page)).toBe('iframe')

    await page.keyboard.type('我只用键盘')
    await page.keyboard.press('Enter')
    const sent = await desk.waitFor(isText('我只用键盘'), 'the visitor message')
    expect(await frame.inputValue('#kf-input')).toBe('')

    // The agent's reply is announced in the live region.
    desk.reply(sent.conversationId as string, '您好，请问有什么可以帮您？')
    const live = await frame.waitForSelector('[aria-live=polite]')
    await until(() => live.textContent(), (text) => !!text?.includes('您好，请问有什么可以帮您？'), 'the announcement')
    expect(await live.textContent()).toContain('Amy')
    await screenshot(page, 'keyboard-chat-open')

    // Shift+Tab leaves the window for its bar; Enter on minimise hides it and focus returns to the button.
    for (let i = 0; i < 8 && (await pageFocus(page)) !== 'kefu-mini-min'; i++) await page.keyboard.press('Shift+Tab')
    expect(await pageFocus(page)).toBe('kefu-mini-min')
    await page.keyboard.press('Enter')
    expect(await page.isVisible('.kefu-mini-window')).toBe(false)
    expect(await pageFocus(page)).toBe('kefu-launcher')

    // Enter again: the window is back with focus in it.
    await page.keyboard.press('Enter')
    await until(() => pageFocus(page), (focus) => focus === 'iframe', 'focus back in the chat window')
    expect(await page.isVisible('.kefu-mini-window')).toBe(true)
    expect(pageErrors).toEqual([])
    desk.close()
  })
})
