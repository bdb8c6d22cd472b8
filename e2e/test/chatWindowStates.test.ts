import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { BrowserContext, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCompany, agentDesk, isText, PHONE, screenshot, sendText, sobotSnippet, startEnv, until, watch, type Desk, type Env } from './support'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[]
}

/**
 * axe-core's critical and serious violations on the page or frame, with where they are. Evaluated over
 * the DevTools protocol, so the chat window's Content-Security-Policy does not stop it.
 */
async function seriousViolations(target: Page | Frame): Promise<string[]> {
  await target.evaluate(AXE)
  const violations = await target.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe
    return (await axe.run(document, { resultTypes: ['violations'] })).violations
  })
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('; ')}`)
}

const storePage = (kefu: string, sysnum: string, config = '') => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>示例商店</title></head><body>
<main><h1>示例商店</h1><p>春季新款风衣，限时优惠。</p></main>
<script>
${sobotSnippet(kefu, sysnum)}
${config}
</script>
</body></html>`

const LOCALES = [
  ['zh-CN', 'cn'],
  ['en', 'en'],
] as const
const SCREENS = [
  ['desktop', { viewport: { width: 1280, height: 800 } }],
  ['phone', PHONE],
] as const

describe('the chat window’s states: accessible (axe-core: no critical or serious violation), in zh-CN and en, on a desktop and a 390×844 phone', () => {
  let env: Env
  let desk: Desk
  beforeAll(async () => {
    env = await startEnv()
    await addCompany(env, 'e2e-states', 'e2e-states@e2e.example', { evaluateOnEnd: true })
    await addCompany(env, 'e2e-states-off', 'e2e-states-off@e2e.example')
    await addCompany(env, 'e2e-states-bot', 'e2e-states-bot@e2e.example', { receptionMode: 3, robotHelloWord: '您好，我是示例商店的智能客服。' })
    desk = await agentDesk(env.kefu, 'e2e-states@e2e.example')
  })
  afterAll(async () => {
    desk?.close()
    await env?.close()
  })

  async function openWindow(context: BrowserContext, path: string, html: string): Promise<{ page: Page; frame: Frame; errors: string[] }> {
    env.pages.set(path, html)
    const page = await context.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}${path}`)
    await (await page.waitForSelector('.kefu-launcher')).click()
    const frame = (await (await page.waitForSelector('.kefu-mini-window iframe')).contentFrame())!
    await frame.waitForSelector('.kf h1')
    return { page, frame, errors: pageErrors }
  }

  for (const [locale, sobotLocale] of LOCALES) {
    for (const [screen, options] of SCREENS) {
      it(`${locale}, ${screen}: idle (no chat started, the greeting), chatting (已读, typing), ending with a confirmation, the rating, skipping it, the leave-message form`, async () => {
        const context = await env.browser.newContext({ ...options, locale })
        const name = `window-${locale}-${screen}`
        const conversations = () => desk.frames.filter((f) => f.type === 'conversation').length
        const before = conversations()
        // A retry of this test asks the same question: only what the desk hears from now on is this run's.
        const mark = desk.frames.length
        const { page, frame, errors } = await openWindow(
          context,
          `/${name}`,
          storePage(env.kefu, 'e2e-states', `zc('config', { locale: '${sobotLocale}' })`),
        )

        // Idle: opening started no chat (nobody's capacity taken); the greeting shows; focus in the text box.
        await frame.waitForSelector('.kf-m .kf-b')
        await until(() => frame.evaluate(() => document.activeElement?.id), (id) => id === 'kf-input', 'focus in the text box')
        expect(await frame.evaluate(() => document.documentElement.lang)).toBe(locale)
        expect(conversations()).toBe(before)
        await screenshot(page, `${name}-1-idle`)
        expect(await seriousViolations(frame)).toEqual([])
        expect(await seriousViolations(page)).toEqual([])

        // Chatting: the first message starts the chat; the agent reads it (已读) and types.
        // Each run asks its own question: the desk hears every run.
        const question = { en: { desktop: 'Is the trench coat in stock?', phone: 'Do you have it in size M?' }, 'zh-CN': { desktop: '这件风衣有货吗？', phone: '这件风衣有 M 码吗？' } }[locale][screen]
        await sendText(frame, question)
        const sent = await desk.waitFor((f) => desk.frames.indexOf(f) >= mark && isText(question)(f), 'the visitor’s first message')
        const conversationId = sent.conversationId as string
        const visitorId = sent.visitorId as string
        desk.send({ type: 'read', visitorId, seq: (sent.message as { seq: number }).seq })
        await frame.waitForSelector(`.kf-st >> text=${locale === 'en' ? 'Read' : '已读'}`)
        desk.reply(conversationId, locale === 'en' ? 'Yes, all sizes are in stock.' : '有货的，各个尺码都有。')
        desk.send({ type: 'typing', conversationId, typing: true })
        await frame.waitForSelector(`.kf-ty >> text=${locale === 'en' ? 'Amy is typing' : 'Amy 正在输入'}`)
        // The header does not cover the first message: it is inside the one scroll container, below the header.
        const [header, first] = await Promise.all([frame.$eval('.kf-h', (h) => h.getBoundingClientRect().bottom), frame.$eval('.kf-l', (l) => l.getBoundingClientRect().top)])
        expect(first).toBeGreaterThanOrEqual(header - 1)
        expect(await frame.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight + 1)).toBe(true)
        await screenshot(page, `${name}-2-chatting`)
        expect(await seriousViolations(frame)).toEqual([])

        // × hides the window, the chat goes on; opened again, 结束对话 asks first.
        await frame.click('.kf-x')
        await until(() => page.isVisible('.kefu-mini-window'), (visible) => !visible, 'the window hidden')
        const ended = (f: { type: string; [key: string]: unknown }) =>
          f.type === 'conversation' && (f.conversation as { conversationId: string; status: string }).conversationId === conversationId && (f.conversation as { status: string }).status === 'ended'
        expect(desk.frames.some(ended)).toBe(false)
        await page.click('.kefu-launcher')
        const endLabel = locale === 'en' ? 'End chat' : '结束对话'
        await frame.click(`.kf-h button >> text=${endLabel}`)
        await frame.waitForSelector('[role=alert]')
        await screenshot(page, `${name}-3-confirm-end`)
        await frame.click(`[role=alert] .kf-btn`)

        // The rating: accessible; skipping (暂不评价) closes it and × still hides the window.
        await frame.waitForSelector('form[aria-labelledby=kf-eval]')
        await screenshot(page, `${name}-4-rating`)
        expect(await seriousViolations(frame)).toEqual([])
        await frame.click(`text=${locale === 'en' ? 'Skip' : '暂不评价'}`)
        await until(() => frame.$('form[aria-labelledby=kf-eval]'), (form) => form === null, 'the rating closed')
        expect(await frame.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY')
        await screenshot(page, `${name}-5-ended`)

        // The leave-message form after the end.
        await frame.click(`.kf-lnk >> text=${locale === 'en' ? 'Leave a message' : '留言'}`)
        await frame.waitForSelector('#kf-content')
        await screenshot(page, `${name}-6-leave-message`)
        expect(await seriousViolations(frame)).toEqual([])

        await frame.click('.kf-x')
        await until(() => page.isVisible('.kefu-mini-window'), (visible) => !visible, 'the window hidden after the rating was skipped')
        expect(errors).toEqual([])
        await context.close()
      })
    }
  }

  it('nobody online: the window says so as it opens, with the leave-message form (zh-CN phone)', async () => {
    const context = await env.browser.newContext(PHONE)
    const { page, frame } = await openWindow(context, '/offline', storePage(env.kefu, 'e2e-states-off'))
    await frame.waitForSelector('#kf-content')
    await screenshot(page, 'window-zh-CN-phone-offline')
    expect(await seriousViolations(frame)).toEqual([])
    await context.close()
  })

  it('a brand colour from the page (Sobot color) sets the theme with readable text, in dark mode too', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme })
      const { page, frame } = await openWindow(context, `/theme-${colorScheme}`, storePage(env.kefu, 'e2e-states-bot', `zc('config', { color: 'ffd666' })`))
      await frame.waitForSelector('.kf-m .kf-b')
      expect(await frame.$eval('.kf', (el) => getComputedStyle(el).getPropertyValue('--kf-t').trim())).toBe('#1f1f1f')
      await screenshot(page, `window-theme-${colorScheme}`)
      expect(await seriousViolations(frame)).toEqual([])
      await context.close()
    }
  })

  it('Sobot robot_hello_word, agent_hello_word and agent_offline_title from the embed win over the company’s (seed: 链接、组件 params)', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const words = `zc('config', { robot_hello_word: '欢迎光临，我是小智，有问题尽管问。', agent_offline_title: '人工客服暂时不在，请先留言。' })`
    const { page, frame } = await openWindow(context, '/hello-words', storePage(env.kefu, 'e2e-states-bot', words))
    // Before any message the window greets with the embed's words; the first message starts the bot chat with them.
    await frame.waitForSelector('.kf-b >> text=欢迎光临，我是小智，有问题尽管问。')
    await sendText(frame, '你好')
    await until(
      () => frame.$$eval('.kf-m:not(.v) .kf-b', (bubbles) => bubbles.map((b) => b.textContent ?? '')),
      (texts) => texts.some((t) => t.includes('欢迎光临，我是小智')) && texts.every((t) => !t.includes('您好，我是示例商店的智能客服')),
      'the embed’s robot hello word, not the company’s',
    )
    // Asking for a person with nobody online: the embed's offline title.
    await sendText(frame, '转人工')
    await frame.waitForSelector('.kf-b >> text=人工客服暂时不在，请先留言。')
    await screenshot(page, 'window-sobot-hello-words')
    await context.close()
  })

  it('the leave-message page is accessible too (zh-CN and en)', async () => {
    for (const locale of ['cn', 'en']) {
      const page = await env.browser.newPage()
      await page.goto(`${env.kefu}/chat/h5/v2/leavemessage.html?sysnum=e2e-states&locale=${locale}`)
      await page.waitForSelector('#kf-content')
      await screenshot(page, `leave-message-page-${locale}`)
      expect(await seriousViolations(page)).toEqual([])
      await page.close()
    }
  })

  it('the launcher says whether the window is open, and how many messages are unread', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const { page, frame } = await openWindow(context, '/launcher', storePage(env.kefu, 'e2e-states'))
    const launcher = (await page.$('.kefu-launcher'))!
    expect(await launcher.getAttribute('aria-expanded')).toBe('true')
    await sendText(frame, '请问有优惠券吗？')
    const sent = await desk.waitFor(isText('请问有优惠券吗？'), 'the question')
    await frame.press('#kf-input', 'Escape')
    await until(() => launcher.getAttribute('aria-expanded'), (expanded) => expanded === 'false', 'aria-expanded false')
    desk.reply(sent.conversationId as string, '有的，结算时自动使用。')
    await until(() => launcher.getAttribute('aria-label'), (label) => !!label?.includes('1'), 'the unread count in the launcher’s name')
    expect(await seriousViolations(page)).toEqual([])
    await context.close()
  })
})
