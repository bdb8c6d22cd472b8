import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCompany, agentDesk, isText, screenshot, sendText, sobotSnippet, startEnv, watch, type Env } from './support'

type W = Window & { _kefu: { host: { runtime(): { client: { getSnapshot(): { visitorId: string | null } } } } } }

/** The Sobot snippet with `zc('config', config)`: a first visit, so the page knows no visitor yet. */
const sobotPage = (kefu: string, sysnum: string, config: Record<string, unknown>) => `<!doctype html><html><head><meta charset="utf-8"><title>新窗口</title></head><body>
<script>
${sobotSnippet(kefu, sysnum)}
zc('config', ${JSON.stringify(config)});
</script>
</body></html>`

describe('a chat tab opened before the first welcome, in a real browser', () => {
  let env: Env
  beforeAll(async () => {
    env = await startEnv()
    await addCompany(env, 'e2e-early-tab', 'e2e-early-tab@e2e.example')
  })
  afterAll(async () => {
    await env?.close()
  })

  it('Sobot anchor + auto_expand opens the tab at once; it becomes the chat window of the same visitor as the page', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-early-tab@e2e.example')
    env.pages.set('/early', sobotPage(env.kefu, 'e2e-early-tab', { anchor: true, auto_expand: true }))
    const context = await env.browser.newContext()
    const page = await context.newPage()
    const { pageErrors } = watch(page)
    // The host opens the tab while it starts, before its connection has said hello.
    const [tab] = await Promise.all([page.waitForEvent('popup'), page.goto(`${env.store}/early`)])
    await tab.waitForURL((url) => url.pathname === '/chat', { timeout: 10_000 })
    expect(new URL(tab.url()).hash).toBe('') // the token left the address bar
    await tab.waitForSelector('#kf-input:not([disabled])')

    const pageVisitor = await page.evaluate(() => (window as unknown as W)._kefu.host.runtime().client.getSnapshot().visitorId)
    expect(pageVisitor).toMatch(/\S/)
    await sendText(tab, '新窗口里的我是同一个访客吗?')
    const sent = await desk.waitFor(isText('新窗口里的我是同一个访客吗?'), 'the message from the tab')
    expect(sent.visitorId).toBe(pageVisitor)
    desk.reply(sent.conversationId as string, '是的')
    await tab.waitForSelector('text=是的')
    await screenshot(tab, 'early-tab-same-visitor')
    // Nobody else came: the tab did not start a visitor of its own.
    const visitors = await env.server.context.db.query<{ id: string }>('SELECT id FROM visitors WHERE company_id = $1', ['e2e-early-tab'])
    expect(visitors).toEqual([{ id: pageVisitor }])
    expect(pageErrors).toEqual([])
    desk.close()
    await context.close()
  })
})
