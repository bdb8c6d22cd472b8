import { createCompany } from '@kefu/server'
import type { Frame as PageFrame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD, screenshot, until } from './support'
import {
  openWorkbench,
  pluginFrame,
  pluginLog,
  registerPlugin,
  startDeskEnv,
  startPluginSite,
  visitorClient,
  type DeskEnv,
  type LogEntry,
  type PluginSite,
  type Visitor,
} from './pluginEnv'

// The Echat agent JS-SDK and the WeChat plugin interface, in Chromium: business pages on their own origin
// inside the real workbench, signed by their own server, talking to real visitors through a real kefu.
const EMAIL = 'amy@plugins.test'

let env: DeskEnv
let site: PluginSite
let desk: Page
const ids: Record<string, string> = {}
const visitors: Visitor[] = []

beforeAll(async () => {
  env = await startDeskEnv()
  await createCompany(env.server.context.db, {
    id: 'plugins',
    name: '插件商店',
    settings: { receptionMode: 2 },
    admin: { email: EMAIL, name: 'Amy', password: PASSWORD },
  })
  site = await startPluginSite(env.kefu, { valid: 'valid', forged: 'forged', expired: 'expired', replayed: 'fixed-nonce' })
  for (const [name, visitorParams] of [['valid', false], ['forged', false], ['expired', false], ['replayed', true]] as const) {
    const plugin = await registerPlugin(env.kefu, EMAIL, {
      name,
      url: `${site.origin}/${name}`,
      visitorParams,
      ...(name === 'valid' ? { pages: [{ pageId: 263, title: '订单', url: `${site.origin}/valid?page=order` }] } : {}),
    })
    ids[name] = plugin.pluginId
    site.secrets.set(name, plugin.secret)
  }
  desk = await openWorkbench(env, EMAIL)
  for (const name of ['小明', '小红']) {
    const visitor = await visitorClient(env.kefu, 'plugins', { echatTag: name })
    visitor.requestChat()
    await visitor.waitFor(isAssigned, 'an agent')
    visitors.push(visitor)
  }
}, 120_000)

afterAll(async () => {
  for (const visitor of visitors) visitor.close()
  await site?.close()
  await env?.close()
})

async function openTab(name: string): Promise<PageFrame> {
  await desk.getByTestId(`plugin-tab-${ids[name]}`).click()
  return pluginFrame(desk, ids[name]!)
}

const waitForLog = (frame: PageFrame, ok: (log: LogEntry[]) => boolean, what: string) => until(() => pluginLog(frame), ok, what)

let token = ''
const api = async <T>(path: string): Promise<T> => {
  token ||= ((await fetch(`${env.kefu}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  }).then((r) => r.json())) as { token: string }).token
  return fetch(`${env.kefu}${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<T>)
}

type Assigned = { type: 'status'; event: { type: 'assigned'; staff: { recordId: string } } }
const isAssigned = (f: { type: string }): boolean => f.type === 'status' && (f as Assigned).event.type === 'assigned'

/** The visitor's conversation: the `recordId` of the agent who took it. */
async function conversationOf(visitor: Visitor): Promise<string> {
  return ((await visitor.waitFor(isAssigned, 'an agent')) as unknown as Assigned).event.staff.recordId
}

async function selectConversation(visitor: Visitor): Promise<void> {
  const conversationId = await conversationOf(visitor)
  await desk.getByTestId(`conv-${conversationId}`).click()
}

describe('a plugin page with a valid signature', () => {
  let frame: PageFrame

  it('gets ready', async () => {
    frame = await openTab('valid')
    const log = await waitForLog(frame, (l) => l.some((e) => e.t === 'ready' || e.t === 'error'), 'ready')
    expect(log.filter((e) => e.t === 'error')).toEqual([])
    expect(log.some((e) => e.t === 'ready')).toBe(true)
  })

  it('switching conversations fires onSelectVisitor and OnUserChange', async () => {
    for (const visitor of visitors) {
      await selectConversation(visitor)
      const log = await waitForLog(
        frame,
        (l) => l.some((e) => e.t === 'select' && (e.visitor as { visitorData: { visitorId: string } }).visitorData.visitorId === visitor.visitorId),
        `onSelectVisitor for ${visitor.visitorId}`,
      )
      const notify = log.filter((e) => e.t === 'notify').map((e) => JSON.parse(e.data as string) as Record<string, string>)
      expect(notify).toContainEqual({ event: 'OnUserChange', channeltype: '1', useraccount: visitor.visitorId })
      const select = log.filter((e) => e.t === 'select').at(-1)!.visitor as { chatStatus: number; chatData: { recordId: string }; proof: unknown }
      expect(select.chatStatus).toBe(1)
      expect(select.chatData.recordId).toBe(await conversationOf(visitor))
      expect(select.proof).toMatchObject({ visitorId: visitor.visitorId, signature: expect.stringMatching(/^[0-9a-f]{64}$/) })
    }
  })

  it('pushVisitorEvent reaches the selected visitor as a product card', async () => {
    const visitor = visitors[1]!
    await frame.evaluate(() =>
      (window as unknown as { echatSDK: { pushVisitorEvent(e: object): Promise<void> } }).echatSDK.pushVisitorEvent({
        eventId: 'cook1005',
        title: '2016秋冬新品复古欧式感大花苞袖宽松毛衣',
        content: "<div style='color:#666;line-height:20px'>促销:<span style='color:red'>¥211.64</span></div><img src=x onerror=alert(1)>",
        imageUrl: 'http://demo.echatsoft.com/vmini/mycookie/images/0.jpg',
        url: "apiUrl(263,'reload')",
        memo: '评价(299)',
      }),
    )
    const message = await visitor.waitFor(
      (f) => f.type === 'message' && (f.message as { body: { type: string } }).body.type === 'product',
      'the pushed card',
    )
    const card = (message.message as { body: { card: Record<string, unknown> } }).body.card
    expect(card).toMatchObject({ eventId: 'cook1005', title: '2016秋冬新品复古欧式感大花苞袖宽松毛衣', memo: '评价(299)' })
    expect(String(card.content)).not.toContain('onerror')
    await desk.locator('[data-testid="card-product"]').last().waitFor()
  })

  it('a visitor message fires onReceiveMsg', async () => {
    const visitor = visitors[1]!
    visitor.say('这件毛衣有L码吗?')
    const log = await waitForLog(frame, (l) => l.some((e) => e.t === 'receive'), 'onReceiveMsg')
    expect(log.find((e) => e.t === 'receive')!.msg).toMatchObject({ visitorId: visitor.visitorId, msgType: 1, content: '这件毛衣有L码吗?' })
  })

  it('editing CRM fields fires onCrmUpdate', async () => {
    await desk.getByTestId('plugin-tab-visitor').click()
    await desk.getByTestId('crm-realname').fill('王小红')
    await desk.getByTestId('crm-save').click()
    await desk.getByTestId('crm-saved').waitFor()
    frame = await openTab('valid')
    const log = await waitForLog(frame, (l) => l.some((e) => e.t === 'crm'), 'onCrmUpdate')
    expect(log.find((e) => e.t === 'crm')!.update).toMatchObject({ visitorId: visitors[1]!.visitorId, name: '王小红' })
  })

  it('PutMsg fills the composer once for a repeated random', async () => {
    const results = await frame.evaluate(() => {
      const external = window.external as unknown as { PutMsg(json: string): { retCode: number; errMsg: string } }
      const json = '{ "msg": { "head": {"random": "123456"} "body": [{"type":0, "content":{"text":"你好客服001为您服务"}}] } }'
      return [external.PutMsg(json), external.PutMsg(json)]
    })
    expect(results).toEqual([
      { retCode: 0, errMsg: '' },
      { retCode: 0, errMsg: '' },
    ])
    await until(() => desk.getByTestId('composer-input').inputValue(), (v) => v.includes('你好客服001为您服务'), 'the composer filled')
    await new Promise((resolve) => setTimeout(resolve, 300))
    const value = await desk.getByTestId('composer-input').inputValue()
    expect(value.split('你好客服001为您服务').length - 1).toBe(1)
  })

  it('setVisitorChatSign is stored', async () => {
    await frame.evaluate(() => (window as unknown as { echatSDK: { setVisitorChatSign(s: object): Promise<void> } }).echatSDK.setVisitorChatSign({ chatSign: 1 }))
    const conversationId = await conversationOf(visitors[1]!)
    const stored = await until(
      () => api<{ chatSign: number }>(`/api/v1/conversations/${conversationId}`),
      (c) => c.chatSign === 1,
      'chatSign 1 stored',
    )
    expect(stored.chatSign).toBe(1)
    expect(await desk.getByTestId('chat-sign').getAttribute('aria-pressed')).toBe('true')
    // The seed: "只允许0和1。其他业务状态将被忽略" — chatSign 7 neither throws nor changes anything.
    const seven = await frame.evaluate(() =>
      (window as unknown as { echatSDK: { setVisitorChatSign(s: object): Promise<void> } }).echatSDK.setVisitorChatSign({ chatSign: 7 }).then(
        () => 'ignored',
        (error: unknown) => `failed: ${String(error)}`,
      ),
    )
    expect(seven).toBe('ignored')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await api<{ chatSign: number }>(`/api/v1/conversations/${conversationId}`)).chatSign).toBe(1)
    await screenshot(desk, 'agent-plugin-workbench')
  })
})

describe('a plugin page whose signature is refused', () => {
  async function refusedCall(frame: PageFrame) {
    return frame.evaluate(() =>
      (window as unknown as { echatSDK: { sendTxtMsgToVisitor(t: string): Promise<void> } }).echatSDK.sendTxtMsgToVisitor('不该送达').then(
        () => 'sent',
        (error: { code?: string; reason?: string }) => error.code ?? error.reason ?? 'refused',
      ),
    )
  }

  it.each([
    ['forged', 'signature_invalid'],
    ['expired', 'signature_expired'],
  ])('%s: error with %s, and its calls are refused', async (name, reason) => {
    const frame = await openTab(name)
    const log = await waitForLog(frame, (l) => l.some((e) => e.t === 'error'), `${name} error`)
    expect(log.find((e) => e.t === 'error')).toMatchObject({ reason })
    expect(log.some((e) => e.t === 'ready')).toBe(false)
    expect(await refusedCall(frame)).not.toBe('sent')
  })

  it('replayed: the same nonce a second time gets nonce_replayed', async () => {
    // This plugin takes the visitor's GET parameters, so selecting another visitor reloads it; its server
    // signs every load with the same nonce, as a replayed page would. Only the first load may pass.
    await selectConversation(visitors[0]!)
    const frame = await until(
      () => pluginFrame(desk, ids.replayed!),
      (f) => f.url().includes(encodeURIComponent(`visitorId=${visitors[0]!.visitorId}`)),
      'the reloaded page',
    )
    await openTab('replayed')
    const log = await waitForLog(frame, (l) => l.some((e) => e.t === 'error' || e.t === 'ready'), 'the reloaded page verified')
    expect(log.find((e) => e.t === 'error')).toMatchObject({ reason: 'nonce_replayed' })
    expect(await refusedCall(frame)).not.toBe('sent')

    // The workbench's Ctrl+Alt+0 log shows the first load accepted, and every later one refused.
    await desk.keyboard.press('Control+Alt+0')
    const rows = await desk.getByTestId('debug-log-entry').allTextContents()
    const ofPlugin = rows.filter((row) => row.includes(ids.replayed!))
    const verdicts = ofPlugin.filter((row) => /工作台 → 插件(ready|error)/.test(row)).map((row) => (row.includes('nonce_replayed') ? 'replayed' : row.match(/工作台 → 插件(ready|error)/)![1]))
    expect(verdicts[0]).toBe('ready')
    expect(verdicts.slice(1).length).toBeGreaterThan(0)
    expect(new Set(verdicts.slice(1))).toEqual(new Set(['replayed']))
    await screenshot(desk, 'agent-plugin-debug-log')
    await desk.keyboard.press('Escape')
  })

  it('no refused call reached a visitor', () => {
    for (const visitor of visitors) {
      expect(visitor.frames.some((f) => f.type === 'message' && JSON.stringify(f).includes('不该送达'))).toBe(false)
    }
  })
})
