import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCompany, agentDesk, bodyOf, isMessage, isText, screenshot, sendText, sobotSnippet, startEnv, until, watch, type Env } from './support'

type W = Window & { zc(...args: unknown[]): void; __received: Received[]; __zhichi: Received[]; __status: string[] }
type Received = { img: string; name: string; msg: string; t: string }

/** The seed's full Sobot snippet (with `w.cbk`), pointing at kefu's loader, then `extra` (zc calls before the load). */
function sobotPage(kefu: string, sysnum: string, extra: string, body = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>聊天客户端</title></head><body>
${body}
<script>
window.__received = []; window.__zhichi = []; window.__status = [];
window.addEventListener('zhichiReceive', function (e) { window.__zhichi.push(e.detail) });
${sobotSnippet(kefu, sysnum, body.includes('zhiCustomBtn') || extra.includes('custom'))}
${extra}
</script>
</body></html>`
}

const status = async (page: Page) => {
  await page.evaluate(() => (window as unknown as W).zc('frame_status', (s: string) => (window as unknown as W).__status.push(s)))
  return page.evaluate(() => (window as unknown as W).__status.at(-1))
}

describe('the Sobot zc API in a real browser', () => {
  let env: Env
  beforeAll(async () => {
    env = await startEnv()
    for (const id of ['e2e-zc', 'e2e-zc-custom']) await addCompany(env, id, `${id}@e2e.example`)
  })
  afterAll(async () => {
    await env?.close()
  })

  it('the full snippet with a card config: the button opens the chat, the card reaches the agent, receive_message and frame_status work', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-zc@e2e.example')
    env.pages.set(
      '/zc',
      sobotPage(
        env.kefu,
        'e2e-zc',
        `zc("config",{
card_title:"云客服_智齿客服",
card_url:encodeURIComponent("http://www.sobot.com"),
card_desc:"云客服,在线客服系统,云呼叫中心,机器人客服,工单客服,智能客服",
card_note:"1500,2000",
card_picture:encodeURIComponent("https://img.sobot.com/console/common/face/admin.png")
});
zc('receive_message', function (res) { window.__received.push(res) });`,
      ),
    )
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/zc`)
    const button = await page.waitForSelector('.kefu-launcher')
    expect(await page.$('iframe')).toBeNull()
    expect(await status(page)).toBe('collapse')
    await button.click()
    const frame = (await (await page.waitForSelector('iframe')).contentFrame())!
    await frame.waitForSelector('#kf-input')
    expect(await status(page)).toBe('expand')

    const card = await desk.waitFor(isMessage('product'), 'product card')
    expect(bodyOf(card).card).toMatchObject({ title: '云客服_智齿客服' })
    expect(JSON.stringify(bodyOf(card).card)).toContain('http://www.sobot.com')
    const conversationId = card.conversationId as string
    await frame.waitForSelector('text=云客服_智齿客服')
    await sendText(frame, '这个多少钱?')
    await desk.waitFor(isText('这个多少钱?'), 'visitor text')

    // Collapse (the window's own ×), then the agent answers.
    await frame.click('.kf-x')
    await until(() => status(page), (s) => s === 'collapse', 'collapse')
    expect(await page.evaluate(() => (window as unknown as W).__received)).toEqual([])
    desk.reply(conversationId, '1500 元')
    const received = await until(() => page.evaluate(() => (window as unknown as W).__received), (r) => r.length > 0, 'receive_message')
    expect(received).toHaveLength(1)
    expect(received[0]).toEqual({ img: expect.any(String), name: 'Amy', msg: '1500 元', t: expect.any(String) })
    expect(Number.isNaN(Date.parse(received[0]!.t)) && Number.isNaN(Number(received[0]!.t))).toBe(false)
    expect(await page.evaluate(() => (window as unknown as W).__zhichi)).toEqual(received)
    await screenshot(page, 'sobot-zc-collapsed')

    // Expanding again: frame_status says expand; a reply while open is not a receive_message.
    await page.click('.kefu-launcher')
    await until(() => status(page), (s) => s === 'expand', 'expand')
    desk.reply(conversationId, '现在下单包邮')
    await frame.waitForSelector('text=现在下单包邮')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await page.evaluate(() => (window as unknown as W).__received)).toHaveLength(1)
    await screenshot(page, 'sobot-zc')
    expect(pageErrors).toEqual([])
    desk.close()
    await page.close()
  })

  it('custom: true hides the default button; a .zhiCustomBtn added later plus dynamic_ready opens the chat', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-zc-custom@e2e.example')
    env.pages.set('/custom', sobotPage(env.kefu, 'e2e-zc-custom', 'zc("config",{ custom:true });', '<div id="root"></div>'))
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/custom`)
    await page.waitForFunction(() => !!(window as unknown as { _kefu?: { host?: unknown } })._kefu?.host)
    expect(await page.$('.kefu-launcher')).toBeNull()
    // The snippet's own <script class="zhiCustomBtn"> is not a button.
    expect(await page.$('iframe')).toBeNull()
    await page.evaluate(() => {
      document.getElementById('root')!.innerHTML = '<button class="zhiCustomBtn">咨询</button>'
      ;(window as unknown as W).zc('dynamic_ready')
    })
    await page.click('button.zhiCustomBtn')
    const frame = (await (await page.waitForSelector('iframe')).contentFrame())!
    await sendText(frame, '自定义按钮来的')
    await desk.waitFor(isText('自定义按钮来的'), 'visitor text')
    expect(await status(page)).toBe('expand')
    await screenshot(page, 'sobot-zc-custom-button')
    expect(pageErrors).toEqual([])
    desk.close()
    await page.close()
  })
})
