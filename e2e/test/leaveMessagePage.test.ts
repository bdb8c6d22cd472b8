import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCompany, agentDesk, PASSWORD, screenshot, startEnv, watch, type Env } from './support'

// The 工单插件 paragraph's params, appended to the seed's 独立接入留言页 link.
const CARD = {
  card_title: '云客服_智齿客服',
  card_url: 'http://www.sobot.com',
  card_desc: '云客服,在线客服系统,云呼叫中心,机器人客服,工单客服,智能客服',
  card_note: '1500元',
  card_picture: 'https://img.sobot.com/console/common/face/admin.png',
}
const link = (path: string, query: Record<string, string>) => `${path}?${new URLSearchParams(query).toString()}`

describe("Sobot's standalone leave-message page in a real browser", () => {
  let env: Env
  /** A real group of the company (the seed's `groupid=xx`), made through the admin API. */
  let afterSales: string
  let adminToken: string
  beforeAll(async () => {
    env = await startEnv()
    await addCompany(env, 'e2e-leave', 'e2e-leave@e2e.example')
    const post = (path: string, body: object, token?: string) =>
      fetch(`${env.kefu}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, string>>)
    adminToken = (await post('/api/v1/auth/login', { email: 'e2e-leave@e2e.example', password: PASSWORD })).token!
    afterSales = (await post('/api/v1/groups', { name: '售后' }, adminToken)).groupId!
  })
  afterAll(async () => {
    await env?.close()
  })

  it('the seed link: shows the params card, checks the form, and the agent receives the message with its template, group, source and params stored', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-leave@e2e.example')
    const page = await env.browser.newPage()
    const { pageErrors, consoleErrors } = watch(page)
    // The card's picture is on the internet: refuse it at once rather than wait for a DNS timeout.
    await page.route((url) => url.hostname === 'img.sobot.com', (route) => route.abort())
    await page.goto(
      env.kefu +
        link('/chat/h5/v2/leavemessage.html', {
          sysnum: 'e2e-leave',
          uid: 'sobot-user-1',
          source: '9',
          uname: '张三',
          templateid: 'tpl-invoice',
          groupid: afterSales,
          locale: 'cn',
          t: String(Date.now()),
          params: JSON.stringify(CARD),
        }),
    )
    await page.waitForSelector('form[aria-labelledby=kf-leave]')
    expect(await page.title()).toBe('留言')
    const card = page.getByRole('region', { name: '咨询的内容' })
    expect(await card.textContent()).toContain('云客服_智齿客服')
    expect(await card.textContent()).toContain('1500元')
    expect(await page.getByLabel('姓名').inputValue()).toBe('张三')

    // Keyboard only: Enter on the submit button with nothing written.
    await page.getByRole('button', { name: '提交留言' }).focus()
    await page.keyboard.press('Enter')
    const content = page.getByLabel('留言内容（必填）')
    expect(await content.getAttribute('aria-invalid')).toBe('true')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kf-content')
    expect(await page.textContent('#kf-content-e')).toBe('请填写留言内容')

    await page.keyboard.type('发票抬头开错了，请帮我重开')
    await page.keyboard.press('Tab') // name, prefilled
    await page.keyboard.press('Tab')
    await page.keyboard.type('13800000000')
    await screenshot(page, 'sobot-leave-message-form')
    await page.getByRole('button', { name: '提交留言' }).click()
    expect(await page.getByRole('status').textContent()).toBe('留言已提交，我们会尽快与您联系。')
    await screenshot(page, 'sobot-leave-message-sent')

    const frame = await desk.waitFor((f) => f.type === 'leaveMessage', 'leaveMessage')
    const record = frame.leaveMessage as Record<string, unknown>
    expect(record).toMatchObject({
      content: '发票抬头开错了，请帮我重开',
      name: '张三',
      tel: '13800000000',
      templateId: 'tpl-invoice',
      groupId: afterSales,
      source: '9',
      fields: CARD,
    })
    const [row] = await env.server.context.db.query<Record<string, unknown>>(
      'SELECT template_id, visitor_id, group_id, source, fields FROM leave_messages WHERE id = $1',
      [record.id],
    )
    expect(row).toEqual({ template_id: 'tpl-invoice', visitor_id: record.visitorId, group_id: afterSales, source: '9', fields: CARD })
    // The workbench's REST list has the same record.
    const listed = await fetch(`${env.kefu}/api/v1/leave-messages`, { headers: { authorization: `Bearer ${adminToken}` } }).then((r) => r.json())
    expect(listed).toContainEqual(record)
    // The card's fields reached the visitor as Sobot `params` custom fields, with uname.
    const visitor = await env.server.context.chat.visitors.find('e2e-leave', record.visitorId as string)
    expect(JSON.stringify(visitor)).toContain('云客服_智齿客服')
    expect(JSON.stringify(visitor)).toContain('张三')
    expect(pageErrors).toEqual([])
    // (The refused card picture is a console error of its own.)
    expect(consoleErrors.filter((e) => e.startsWith('[kefu]'))).toEqual([])
    desk.close()
    await page.close()
  })

  it('the short /leavemessage.html link in English: a malformed params is a console error, and the form still works', async () => {
    const desk = await agentDesk(env.kefu, 'e2e-leave@e2e.example')
    const page = await env.browser.newPage()
    const { pageErrors, consoleErrors } = watch(page)
    await page.goto(env.kefu + link('/leavemessage.html', { sysnum: 'e2e-leave', source: '9', groupid: 'g-no-such-group', locale: 'en', params: '{"card_title":' }))
    await page.waitForSelector('form[aria-labelledby=kf-leave]')
    expect(consoleErrors.filter((e) => e.startsWith('[kefu]'))).toEqual(['[kefu] leave-message link: params: is not valid JSON'])
    expect(await page.getByRole('region').count()).toBe(0)
    await page.getByLabel('Message (required)').fill('Please call me back')
    await page.getByLabel('Email').fill('ann@example.com')
    await page.getByRole('button', { name: 'Send message' }).click()
    await page.getByRole('status').waitFor()
    const frame = await desk.waitFor((f) => f.type === 'leaveMessage' && (f.leaveMessage as { content: string }).content === 'Please call me back', 'leaveMessage')
    expect(frame.leaveMessage).toMatchObject({ email: 'ann@example.com', source: '9' })
    // A group the company does not have is not kept; the malformed params sent no fields.
    expect(frame.leaveMessage).not.toHaveProperty('groupId')
    expect(frame.leaveMessage).not.toHaveProperty('fields')
    expect(pageErrors).toEqual([])
    desk.close()
    await page.close()
  })
})
