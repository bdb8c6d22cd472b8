import { createHash } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addCompany,
  agentDesk,
  CHAT_WINDOW_PARAM,
  echatPage,
  isText,
  PAGE_VIS_EVT,
  screenshot,
  sendText,
  sobotSnippet,
  startEnv,
  until,
  watch,
  type Env,
  type Frame,
} from './support'

// Issue 13: what an Echat or Sobot integration does, from the seeds' own text, against kefu in Chromium,
// the store on another origin than kefu.

/** The Sobot seed's 关闭聊天页面时的回调 listener, verbatim apart from the body of its case. */
const SOBOT_SEED_LISTENER = `window.onmessage = function(e){
if(e&&e.data){
const {name,data} = JSON.parse(e.data);
if(name==='zc_post_message'){
const {action,} = data;
//监听 action 为 chat_collapse_window 的postmessage
switch(data.action){
case 'chat_collapse_window':
window.__collapsed = (window.__collapsed || 0) + 1;
break;
}
}
}
}`

const COLLAPSE = JSON.stringify({ name: 'zc_post_message', data: { action: 'chat_collapse_window' } })

/** A Sobot page: the seed's snippet, `config`, and a recorder of every message the page's window receives. */
function sobotPage(env: Env, sysnum: string, config = '', extra = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>聊天客户端</title></head><body>
<script>
window.__pageMessages = [];
window.addEventListener('message', function (e) { window.__pageMessages.push(e.data) });
${sobotSnippet(env.kefu, sysnum)}
${config}
${extra}
</script>
</body></html>`
}

type EchatMethod = (...args: unknown[]) => unknown
type W = Window & { __pageMessages: unknown[]; __collapsed?: number; ECHAT: Record<"customMiniChat" | "customNewWinChat" | "hideMiniChat" | "maxMiniChat", EchatMethod>; chatParamObj: unknown }
const pageMessages = (page: Page) => page.evaluate(() => (window as unknown as W).__pageMessages)

async function openWithLauncher(page: Page) {
  await (await page.waitForSelector('.kefu-launcher')).click()
  const frame = (await (await page.waitForSelector('.kefu-mini-window iframe')).contentFrame())!
  await frame.waitForSelector('#kf-input')
  return frame
}

describe('issue 13: the seeds against kefu in Chromium', () => {
  let env: Env
  const keys: Record<string, string> = {}
  beforeAll(async () => {
    env = await startEnv()
    await addCompany(env, 'c13-listener', 'listener@e2e.example')
    await addCompany(env, 'c13-echat-quiet', 'quiet@e2e.example')
    await addCompany(env, 'c13-routing', 'routing@e2e.example')
    await addCompany(env, 'c13-link', 'link@e2e.example')
    keys.signed = (await addCompany(env, 'c13-signed', 'signed@e2e.example', { requireMemberSign: true })).signKey
    await addCompany(env, 'c13-window', 'window@e2e.example')
    // A picture on the store's origin, for bgImage (the seed's own host is not reachable from here).
    env.assets.set('/bg.svg', {
      type: 'image/svg+xml',
      body: '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#0b6e4f"/><rect width="20" height="20" fill="#f4d35e"/><rect x="20" y="20" width="20" height="20" fill="#f4d35e"/></svg>',
    })
  })
  afterAll(async () => {
    await env?.close()
  })

  it("Sobot: the seed's own window.onmessage never throws through a whole chat, and hears only zc_post_message in the seed's format", async () => {
    const desk = await agentDesk(env.kefu, 'listener@e2e.example')
    env.pages.set('/listener', sobotPage(env, 'c13-listener', '', SOBOT_SEED_LISTENER))
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/listener`)
    const frame = await openWithLauncher(page)
    await sendText(frame, '你好')
    const first = await desk.waitFor(isText('你好'), 'visitor text')
    desk.reply(first.conversationId as string, '您好，请问有什么可以帮您？')
    await frame.waitForSelector('text=您好，请问有什么可以帮您？')
    // Collapse with the window's own ×, open again, collapse with it again.
    await frame.click('.kf-x')
    await until(() => page.evaluate(() => (window as unknown as W).__collapsed ?? 0), (n) => n === 1, 'the first chat_collapse_window')
    await page.click('.kefu-launcher')
    await frame.waitForSelector('#kf-input')
    desk.reply(first.conversationId as string, '还在吗？')
    await frame.waitForSelector('text=还在吗？')
    await frame.click('.kf-x')
    await until(() => page.evaluate(() => (window as unknown as W).__collapsed ?? 0), (n) => n === 2, 'the second chat_collapse_window')
    expect(pageErrors).toEqual([])
    expect(await pageMessages(page)).toEqual([COLLAPSE, COLLAPSE])
    desk.close()
    await page.close()
  })

  it('Echat: a page with the in-page window receives no postMessage from kefu at all', async () => {
    const desk = await agentDesk(env.kefu, 'quiet@e2e.example')
    env.pages.set(
      '/quiet',
      echatPage(env.kefu, 'c13-echat-quiet', `window.__pageMessages = []; window.addEventListener('message', function (e) { window.__pageMessages.push(e.data) });`),
    )
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/quiet`)
    await page.waitForFunction(() => (window as unknown as { __ready: number }).__ready > 0)
    await page.evaluate(() => (window as unknown as W).ECHAT.customMiniChat())
    const frame = (await (await page.waitForSelector('.kefu-mini-window iframe')).contentFrame())!
    await sendText(frame, '在吗')
    await desk.waitFor(isText('在吗'), 'visitor text')
    await page.evaluate(() => (window as unknown as W).ECHAT.hideMiniChat())
    await page.evaluate(() => (window as unknown as W).ECHAT.maxMiniChat())
    await frame.waitForSelector('#kf-input')
    expect(pageErrors).toEqual([])
    expect(await pageMessages(page)).toEqual([])
    desk.close()
    await page.close()
  })

  it("Sobot 接待模式 (the seed's example): the chat window's first requestChat carries type 3, robotid, agentid and groupid", async () => {
    const desk = await agentDesk(env.kefu, 'routing@e2e.example')
    // The company serves with agents only (receptionMode 2); the page asks for the robot first.
    env.pages.set(
      '/routing',
      sobotPage(
        env,
        'c13-routing',
        `zc("config",{
// 1 : 仅机器人客服模式
// 2 : 仅人工客服模式
// 3 : 机器人客服优先模式
// 4 : 人工客服优先模式
type:3,
//机器人id 多机器人模式下,可配置不同场景下不同机器人客服接待
//请到后台【设置】->【机器人信息】查看
robotid:2,
agentid:'1q2w3e4r', //人工客服id 指定客服接待
groupid:'4r3e2w1q', //配置技能组 当客户咨询人工客服时,会先选择需要咨询的业务
})`,
      ),
    )
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/routing`)
    const frame = await openWithLauncher(page)
    // Opening keeps the routing; the first message starts the chat with it.
    await sendText(frame, '你好')
    const conversation = (await desk.waitFor((f) => f.type === 'conversation', 'conversation')).conversation as Record<string, unknown>
    expect(conversation.routing).toEqual({ mode: 3, groupId: '4r3e2w1q', agentId: '1q2w3e4r', robotId: '2' })
    expect(conversation.status).toBe('bot')
    // The robot greets, in the window's language: a human would have been an agent joining.
    await frame.waitForSelector('.kf-m >> text=您好！我是智能客服，请直接输入您的问题，也可以随时转人工。')
    await screenshot(page, 'issue13-sobot-type-3')
    expect(pageErrors).toEqual([])
    desk.close()
    await page.close()
  })

  it("a Sobot chat link's type=1 (robot only) and agent_mode_flag reach the server with the first request", async () => {
    const desk = await agentDesk(env.kefu, 'link@e2e.example')
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.kefu}/chat?sysnum=c13-link&type=1&agentid=nobody&agent_mode_flag=0&queueFirst=1`)
    await page.waitForSelector('#kf-input')
    // The first message starts the chat with the link's routing, kept since the window opened.
    await sendText(page, '你好')
    const conversation = (await desk.waitFor((f) => f.type === 'conversation', 'conversation')).conversation as Record<string, unknown>
    expect(conversation.routing).toEqual({ mode: 1, agentId: 'nobody', agentModeFlag: 0, queueFirst: true })
    expect(conversation.status).toBe('bot')
    expect(pageErrors).toEqual([])
    desk.close()
    await page.close()
  })

  it('Sobot 安全密钥: a wrong sign gets the seed’s prompt in the chat window before any chat starts; the right sign chats', async () => {
    const desk = await agentDesk(env.kefu, 'signed@e2e.example')
    const partnerid = 'member-1001'
    const wrong = createHash('md5').update(`c13-signed${'not the key'}${partnerid}`).digest('hex')
    env.pages.set('/signed-wrong', sobotPage(env, 'c13-signed', `zc("config", { partnerid: "${partnerid}", sign: "${wrong}", uname: "小丁哥" })`))
    const page = await env.browser.newPage()
    const { pageErrors } = watch(page)
    await page.goto(`${env.store}/signed-wrong`)
    await (await page.waitForSelector('.kefu-launcher')).click()
    const frame = (await (await page.waitForSelector('.kefu-mini-window iframe')).contentFrame())!
    const alert = await frame.waitForSelector('[role=alert]')
    expect((await alert.textContent())!.replace('，', ',')).toBe('经验证当前用户为非法用户,不予接入客户服务中心')
    expect(await frame.$eval('#kf-input', (input) => (input as HTMLTextAreaElement).disabled)).toBe(true)
    await screenshot(page, 'issue13-sobot-illegal-user')
    // Nothing reached the agents: no conversation, no message.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(desk.frames.filter((f: Frame) => f.type === 'conversation' || f.type === 'message')).toEqual([])
    await page.close()

    // Without partnerid or sign the visitor is treated the same (视同非法用户).
    env.pages.set('/signed-none', sobotPage(env, 'c13-signed'))
    const anonymous = await env.browser.newPage()
    await anonymous.goto(`${env.store}/signed-none`)
    await (await anonymous.waitForSelector('.kefu-launcher')).click()
    const anonymousFrame = (await (await anonymous.waitForSelector('.kefu-mini-window iframe')).contentFrame())!
    await anonymousFrame.waitForSelector('[role=alert]')
    await anonymous.close()

    // MD5(sysnum + 密钥 + partnerid), as the seed gives it: the member chats.
    const right = createHash('md5').update(`c13-signed${keys.signed}${partnerid}`).digest('hex')
    env.pages.set('/signed-right', sobotPage(env, 'c13-signed', `zc("config", { partnerid: "${partnerid}", sign: "${right}", uname: "小丁哥" })`))
    const member = await env.browser.newPage()
    const memberErrors = watch(member)
    await member.goto(`${env.store}/signed-right`)
    const memberFrame = await openWithLauncher(member)
    expect(await memberFrame.$('[role=alert]')).toBeNull()
    await sendText(memberFrame, '我是会员')
    await desk.waitFor(isText('我是会员'), 'the member’s text')
    expect(pageErrors).toEqual([])
    expect(memberErrors.pageErrors).toEqual([])
    desk.close()
    await member.close()
  })

  describe("Echat chatWindowParam (maxWidth, maxHeight, bgColor, bgImage, bgRepeat) in the seed's three deployments", () => {
    const area = (target: Page | Awaited<ReturnType<Page['frames']>>[number]) =>
      target.evaluate(() => {
        const box = document.querySelector('.kf')!.getBoundingClientRect()
        const body = getComputedStyle(document.body)
        return {
          width: Math.round(box.width),
          height: Math.round(box.height),
          left: Math.round(box.left),
          right: Math.round(innerWidth - box.right),
          top: Math.round(box.top),
          bottom: Math.round(innerHeight - box.bottom),
          color: body.backgroundColor,
          image: body.backgroundImage,
          size: body.backgroundSize,
          repeat: body.backgroundRepeat,
        }
      })

    it('示例二 (customNewWinChat, a popup): the chat area is 900 × 600, centred, on the stretched bgImage', async () => {
      const bgImage = `${env.store}/bg.svg`
      env.pages.set(
        '/window-popup',
        echatPage(
          env.kefu,
          'c13-window',
          `var chatParamObj = {};
    chatParamObj.visEvt = ${JSON.stringify(PAGE_VIS_EVT)};
    chatParamObj.echatTag = "商品测试";
    chatParamObj.lan = "zh";
    var chatWindowParam = ${JSON.stringify({ ...CHAT_WINDOW_PARAM, bgImage })};
    chatParamObj.chatWindowParam = chatWindowParam;`,
        ),
      )
      const page = await env.browser.newPage()
      const { pageErrors } = watch(page)
      await page.goto(`${env.store}/window-popup`)
      await page.waitForFunction(() => (window as unknown as { __ready: number }).__ready > 0)
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.evaluate(() => (window as unknown as W).ECHAT.customNewWinChat((window as unknown as W).chatParamObj))])
      await popup.setViewportSize({ width: 1000, height: 700 })
      await popup.waitForSelector('#kf-input')
      const box = await area(popup)
      expect(box).toMatchObject({ width: 900, height: 600, left: 50, right: 50, top: 50, bottom: 50, image: `url("${bgImage}")`, size: '100% 100%', repeat: 'no-repeat' })
      // bgImage present: bgColor (#000000) is not used.
      expect(box.color).toBe('rgb(255, 255, 255)')
      await screenshot(popup, 'issue13-chat-window-param-popup')
      expect(pageErrors).toEqual([])
      await popup.close()
      await page.close()
    })

    it('示例三 (the chat link, no echat.js): 900 × 600 on the #000000 bgColor', async () => {
      const { bgImage: _, ...param } = CHAT_WINDOW_PARAM
      let chatLink = `${env.kefu}/chat?companyId=c13-window`
      chatLink += '&echatTag=' + encodeURIComponent('商品咨询')
      chatLink += '&lan=' + encodeURIComponent('zh')
      chatLink += '&visEvt=' + encodeURIComponent(JSON.stringify(PAGE_VIS_EVT))
      chatLink += '&chatWindowParam=' + encodeURIComponent(JSON.stringify(param))
      const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } })
      const { pageErrors } = watch(page)
      await page.goto(chatLink)
      await page.waitForSelector('#kf-input')
      expect(await area(page)).toMatchObject({ width: 900, height: 600, left: 190, right: 190, top: 100, bottom: 100, color: 'rgb(0, 0, 0)', image: 'none' })
      await screenshot(page, 'issue13-chat-window-param-link')
      expect(pageErrors).toEqual([])
      await page.close()
    })

    it('示例一 (initParam, the in-page window): the frame follows it too, visibly once the window is maximised', async () => {
      const bgImage = `${env.store}/bg.svg`
      env.pages.set(
        '/window-inpage',
        echatPage(
          env.kefu,
          'c13-window',
          `_echat('initParam', { chatWindowParam: ${JSON.stringify({ ...CHAT_WINDOW_PARAM, bgImage, bgRepeat: 2 })}, pcMiniWinParam: { max: true } });`,
        ),
      )
      const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } })
      const { pageErrors } = watch(page)
      await page.goto(`${env.store}/window-inpage`)
      const frame = await openWithLauncher(page)
      // The window (360 × 560) is smaller than 900 × 600: the area fills it.
      expect(await area(frame)).toMatchObject({ left: 0, right: 0, top: 0, bottom: 0, image: `url("${bgImage}")`, repeat: 'repeat' })
      await page.click('.kefu-mini-max')
      await until(() => area(frame), (box) => box.width === 900, 'the maximised window')
      expect(await area(frame)).toMatchObject({ width: 900, height: 600, left: 50 })
      await screenshot(page, 'issue13-chat-window-param-in-page')
      expect(pageErrors).toEqual([])
      await page.close()
    })
  })
})
