// @vitest-environment jsdom
import { createChat, memoryStorage, type ChatClient } from '@kefu/core'
import { createTestAgent, type TestAgent } from '@kefu/core/testing'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Ctx } from '../src/chatWindow/context'
import { LeaveMessageForm } from '../src/chatWindow/Forms'
import { LeaveMessagePage, readLeavePageParams } from '../src/leaveMessage'
import { startLeaveMessagePage } from '../src/leaveMessage/startLeaveMessagePage'

// The seed's 独立接入留言页 link, with the 工单插件 paragraph's params appended.
const CARD_PARAMS = JSON.stringify({
  card_title: '云客服_智齿客服',
  card_url: 'http://www.sobot.com',
  card_desc: '云客服,在线客服系统,云呼叫中心,机器人客服,工单客服,智能客服',
  card_note: '1500元',
  card_picture: 'https://img.sobot.com/console/common/face/admin.png',
})
const LINK = `?sysnum=ed22902866fb4f6e9bc7f0fa259aaa74&uid=u-1&source=9&uname=${encodeURIComponent('张三')}&templateid=tpl-7&groupid=g-2&locale=cn&t=1700000000000`
const WITH_CARD = `${LINK}&params=${encodeURIComponent(CARD_PARAMS)}`

afterEach(() => {
  cleanup()
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

describe('readLeavePageParams', () => {
  it("reads the seed's link: sysnum, source 9, uname, templateid, groupid, locale, and the params card", () => {
    const params = readLeavePageParams(WITH_CARD)
    expect(params).toMatchObject({
      companyId: 'ed22902866fb4f6e9bc7f0fa259aaa74',
      locale: 'zh-CN',
      source: 9,
      name: '张三',
      templateId: 'tpl-7',
      groupId: 'g-2',
      problems: [],
    })
    expect(params.card).toMatchObject({ title: '云客服_智齿客服', memo: '1500元', imageUrl: 'https://img.sobot.com/console/common/face/admin.png', urlForVisitor: "http('http://www.sobot.com','blank')" })
    expect(params.identity).toMatchObject({ uname: '张三', params: JSON.parse(CARD_PARAMS) })
    expect(params.fields).toEqual(JSON.parse(CARD_PARAMS))
  })

  it('params fields: custom ones kept as strings, empty ones dropped, and those the server refuses reported and left out', () => {
    const raw = {
      card_title: '云客服',
      card_url: 'javascript:alert(1)',
      card_picture: '',
      order_no: 'SO-12617',
      amount: 1500,
      card_desc: 'd'.repeat(2001),
      ['k'.repeat(65)]: 'v',
    }
    const params = readLeavePageParams(`?sysnum=c1&params=${encodeURIComponent(JSON.stringify(raw))}`)
    expect(params.fields).toEqual({ card_title: '云客服', order_no: 'SO-12617', amount: '1500' })
    expect(params.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'params.card_url: must be an http(s) URL of at most 2048 characters; not sent with the message',
        'params.card_desc: must be at most 2000 characters; not sent with the message',
        `params.${'k'.repeat(64)}: a field name must be at most 64 characters; not sent with the message`,
      ]),
    )
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`f${i}`, 'x']))
    const capped = readLeavePageParams(`?sysnum=c1&params=${encodeURIComponent(JSON.stringify(many))}`)
    expect(Object.keys(capped.fields ?? {})).toHaveLength(30)
    expect(capped.problems.map((p) => p.message)).toContain('params.f30: only the first 30 fields are sent; not sent with the message')
  })

  it('maps locale cn / tw / en to zh-CN / zh-TW / en', () => {
    expect(['cn', 'tw', 'en', ''].map((locale) => readLeavePageParams(`?sysnum=c1&locale=${locale}`).locale)).toEqual(['zh-CN', 'zh-TW', 'en', 'zh-CN'])
  })

  it('malformed params JSON: a problem named after params, no card, the rest intact', () => {
    const params = readLeavePageParams(`${LINK}&params=${encodeURIComponent('{"card_title":"云客服"')}`)
    expect(params.card).toBeUndefined()
    expect(params.problems).toEqual([{ param: 'params', message: 'params: is not valid JSON' }])
    expect(params).toMatchObject({ companyId: 'ed22902866fb4f6e9bc7f0fa259aaa74', templateId: 'tpl-7', name: '张三' })
  })

  it('a card that fails validation (javascript: link) and a too-long templateid are reported and left out', () => {
    const bad = encodeURIComponent(JSON.stringify({ card_title: 'x', card_url: 'javascript:alert(1)' }))
    const params = readLeavePageParams(`?sysnum=c1&templateid=${'t'.repeat(65)}&params=${bad}`)
    expect(params.card).toBeUndefined()
    expect(params.templateId).toBeUndefined()
    expect(params.problems.map((p) => p.param).sort()).toEqual(['params', 'params', 'templateid'])
    expect(params.fields).toEqual({ card_title: 'x' })
  })
})

interface Setup {
  agent: TestAgent
  client: ChatClient
  settle(): Promise<void>
}

async function setup(search = WITH_CARD): Promise<Setup> {
  const agent = createTestAgent()
  const client = createChat({ companyId: 'c1', transport: agent.transport, storage: memoryStorage() })
  render(<LeaveMessagePage client={client} params={readLeavePageParams(search)} />)
  client.connect()
  const settle = () => act(() => agent.settle())
  await settle()
  return { agent, client, settle }
}

const submit = () => fireEvent.click(screen.getByRole('button', { name: '提交留言' }))

describe('LeaveMessagePage', () => {
  it('shows the params card, prefills uname as the name, and marks content as required', async () => {
    await setup()
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('留言')
    const card = screen.getByRole('region', { name: '咨询的内容' })
    expect(within(card).getByText('云客服_智齿客服')).toBeTruthy()
    expect(within(card).getByText('1500元')).toBeTruthy()
    expect(card.querySelector('img')?.getAttribute('src')).toBe('https://img.sobot.com/console/common/face/admin.png')
    expect((screen.getByLabelText('姓名') as HTMLInputElement).value).toBe('张三')
    expect(screen.getByLabelText('留言内容（必填）').tagName).toBe('TEXTAREA')
    expect(document.title).toBe('留言')
  })

  it('refuses an empty content and a bad email, ties each error to its field and focuses the first', async () => {
    const { agent, settle } = await setup()
    fireEvent.input(screen.getByLabelText('邮箱'), { target: { value: 'not-an-email' } })
    submit()
    await settle()
    const content = screen.getByLabelText('留言内容（必填）')
    expect(content.getAttribute('aria-invalid')).toBe('true')
    expect(document.getElementById(content.getAttribute('aria-describedby')!)?.textContent).toBe('请填写留言内容')
    expect(document.getElementById(screen.getByLabelText('邮箱').getAttribute('aria-describedby')!)?.textContent).toBe('邮箱格式不正确')
    expect(document.activeElement).toBe(content)
    expect(agent.leaveMessages).toEqual([])
  })

  it('sends content, contact fields, the template, group and source, and the params fields; then announces and focuses the thanks', async () => {
    const { agent, settle } = await setup()
    fireEvent.input(screen.getByLabelText('留言内容（必填）'), { target: { value: '  发票开错了，请联系我  ' } })
    fireEvent.input(screen.getByLabelText('电话'), { target: { value: '+86 138 0000 0000' } })
    submit()
    expect(screen.getByRole('button', { name: '正在提交…' })).toHaveProperty('disabled', true)
    await settle()
    expect(agent.leaveMessages).toEqual([
      { content: '发票开错了，请联系我', name: '张三', tel: '+86 138 0000 0000', templateId: 'tpl-7', groupId: 'g-2', source: 9, fields: JSON.parse(CARD_PARAMS) },
    ])
    const thanks = screen.getByRole('status')
    expect(thanks.textContent).toBe('留言已提交，我们会尽快与您联系。')
    expect(document.activeElement).toBe(thanks)
  })

  it('says so when the server refuses, and the visitor can send again', async () => {
    const { agent, settle } = await setup(LINK)
    agent.failNext('leaveMessage', 'invalid_argument', 'refused')
    vi.spyOn(console, 'error').mockImplementation(() => {})
    fireEvent.input(screen.getByLabelText('留言内容（必填）'), { target: { value: '你好' } })
    submit()
    await settle()
    expect(screen.getByRole('alert').textContent).toBe('提交失败，请稍后重试')
    submit()
    await settle()
    expect(agent.leaveMessages).toEqual([{ content: '你好', name: '张三', templateId: 'tpl-7', groupId: 'g-2', source: 9 }])
    expect(screen.getByRole('status')).toBeTruthy()
  })

  it('speaks English and Traditional Chinese by locale', async () => {
    await setup('?sysnum=c1&locale=en')
    expect(screen.getByRole('button', { name: 'Send message' })).toBeTruthy()
    expect(screen.getByLabelText('Message (required)')).toBeTruthy()
    cleanup()
    await setup('?sysnum=c1&locale=tw')
    expect(screen.getByLabelText('留言內容（必填）')).toBeTruthy()
  })

  it('without a company explains the broken link and shows no form', () => {
    render(<LeaveMessagePage client={undefined} params={readLeavePageParams('?locale=en')} />)
    expect(screen.getByRole('alert').textContent).toBe('This leave-message link has no sysnum, so no message can be sent.')
    expect(screen.queryByRole('form')).toBeNull()
    expect(screen.queryByRole('button')).toBeNull()
  })
})

describe('startLeaveMessagePage', () => {
  const visit = (url: string) => history.replaceState(null, '', url)
  // A fresh element per test: preact keeps its last tree on the element it rendered into.
  const newRoot = () => document.body.appendChild(document.createElement('div'))

  it('connects as the visitor of #vt=, removes it from the address, identifies with uname and params', async () => {
    const agent = createTestAgent()
    visit(`/chat/h5/v2/leavemessage.html${WITH_CARD}#vt=${encodeURIComponent(`test-token:${agent.visitorId}`)}`)
    const client = startLeaveMessagePage({ transport: agent.transport, storage: memoryStorage(), root: newRoot() })
    await act(() => agent.settle())
    expect(location.hash).toBe('')
    expect(location.search).toBe(WITH_CARD)
    expect(agent.received[0]).toMatchObject({ type: 'hello', companyId: 'ed22902866fb4f6e9bc7f0fa259aaa74', visitorToken: `test-token:${agent.visitorId}` })
    expect(agent.identity).toMatchObject({ uname: '张三', params: JSON.parse(CARD_PARAMS) })
    expect(client?.getSnapshot().visitorId).toBe(agent.visitorId)
    // It is a leave-message page, not a chat: it never opens the window (which would mark messages read).
    expect(client?.getSnapshot().window).not.toBe('open')
    expect(screen.getByRole('region', { name: '咨询的内容' })).toBeTruthy()
    client?.destroy()
  })

  it('uses the token the chat window stored for this company', async () => {
    const agent = createTestAgent()
    const storage = memoryStorage()
    storage.setItem('kefu:c1:visitorToken', `test-token:${agent.visitorId}`)
    visit('/leavemessage.html?sysnum=c1')
    const client = startLeaveMessagePage({ transport: agent.transport, storage, root: newRoot() })
    await act(() => agent.settle())
    expect(agent.received[0]).toMatchObject({ type: 'hello', visitorToken: `test-token:${agent.visitorId}` })
    client?.destroy()
  })

  it('malformed params: a clear console error naming params, and the form still sends', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const agent = createTestAgent()
    visit(`/leavemessage.html?sysnum=c1&templateid=tpl-1&params=${encodeURIComponent('{card_title:')}`)
    const client = startLeaveMessagePage({ transport: agent.transport, storage: memoryStorage(), root: newRoot() })
    await act(() => agent.settle())
    expect(errors).toHaveBeenCalledWith('[kefu] leave-message link: params: is not valid JSON')
    expect(screen.queryByRole('region')).toBeNull()
    fireEvent.input(screen.getByLabelText('留言内容（必填）'), { target: { value: '还能留言吗' } })
    submit()
    await act(() => agent.settle())
    expect(agent.leaveMessages).toEqual([{ content: '还能留言吗', templateId: 'tpl-1' }])
    client?.destroy()
  })

  it('without sysnum: a console error, no connection, and the page says the link is broken', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    visit('/leavemessage.html?locale=cn')
    expect(startLeaveMessagePage({ storage: memoryStorage(), root: newRoot() })).toBeUndefined()
    expect(errors).toHaveBeenCalledWith('[kefu] the leave-message page needs sysnum (or companyId) in its link')
    expect(screen.getByRole('alert').textContent).toBe('这个留言链接缺少 sysnum 参数，无法提交留言。')
  })
})

describe("the chat window's leave-message form", () => {
  async function leave(groupId?: string) {
    const agent = createTestAgent()
    const client = createChat({ companyId: 'c1', transport: agent.transport, storage: memoryStorage() })
    render(
      <Ctx.Provider value={{ client, locale: 'zh-CN', ui: {}, openPanel: () => {} }}>
        <LeaveMessageForm groupId={groupId} />
      </Ctx.Provider>,
    )
    client.connect()
    await act(() => agent.settle())
    fireEvent.input(screen.getByLabelText('留言内容'), { target: { value: '没人在线' } })
    fireEvent.input(screen.getByLabelText('邮箱'), { target: { value: 'ann@example.com' } })
    submit()
    await act(() => agent.settle())
    expect(screen.getByRole('status')).toBeTruthy()
    return agent.leaveMessages
  }

  it('sends the routing group it has (the link’s groupid)', async () => {
    expect(await leave('g-billing')).toEqual([{ content: '没人在线', email: 'ann@example.com', groupId: 'g-billing' }])
  })

  it('sends no group when it has none', async () => {
    const [sent] = await leave()
    expect(sent).toEqual({ content: '没人在线', email: 'ann@example.com' })
    expect(JSON.parse(JSON.stringify(sent))).not.toHaveProperty('groupId')
  })
})
