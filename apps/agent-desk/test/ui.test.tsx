import type { ChatMessage } from '@kefu/core'
import type { PluginHost, PluginHostOptions } from '@kefu/agent/host'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDesk } from '../src/desk'
import { App } from '../src/ui/App'
import { FakeSocket, LOGIN_ROUTES, conversation, fakeFetch, memorySession, visitor, welcome, type FakeRequest } from './fakes'

const PLUGINS = [
  {
    pluginId: 'crm',
    name: '订单系统',
    url: 'https://crm.example.com/app',
    allowedOrigin: 'https://crm.example.com',
    visitorParams: true,
    pages: [{ pageId: 263, title: '订单详情', url: 'https://crm.example.com/order' }],
  },
  { pluginId: 'erp', name: 'ERP', url: 'https://erp.example.com/', allowedOrigin: 'https://erp.example.com', visitorParams: false, pages: [] },
]

const PROOF = { companyId: 'demo', agentId: 'a1', visitorId: 'v1', issuedAt: 1, signature: 'ab' }

function fakeHosts() {
  type FakeHost = PluginHost & {
    options: PluginHostOptions
    selectVisitor: ReturnType<typeof vi.fn>
    receiveMessage: ReturnType<typeof vi.fn>
    crmUpdated: ReturnType<typeof vi.fn>
    destroy: ReturnType<typeof vi.fn>
  }
  const hosts: FakeHost[] = []
  const createHost = (options: PluginHostOptions) => {
    const host = {
      options,
      status: 'ready' as const,
      selectVisitor: vi.fn(),
      receiveMessage: vi.fn(),
      crmUpdated: vi.fn(),
      mapMsgClick: vi.fn(),
      destroy: vi.fn(),
    }
    hosts.push(host)
    return host
  }
  const live = (pluginId: string) => [...hosts].reverse().find((h) => h.options.plugin.pluginId === pluginId && h.destroy.mock.calls.length === 0)!
  return { hosts, createHost, live }
}

const MESSAGES: (ChatMessage & { conversationId: string })[] = [
  { id: 'm1', seq: 1, sender: 'visitor', createdAt: 1, state: 'sent', visibility: 'both', conversationId: 'c1', body: { type: 'text', text: '<b>hi</b> see https://shop.example.com/p/1. javascript:alert(1)' } },
  { id: 'm2', seq: 2, sender: 'visitor', createdAt: 2, state: 'sent', visibility: 'both', conversationId: 'c1', body: { type: 'image', url: 'https://cdn.example.com/a.png', name: 'a.png' } },
  { id: 'm3', seq: 3, sender: 'visitor', createdAt: 3, state: 'sent', visibility: 'both', conversationId: 'c1', body: { type: 'file', url: 'https://cdn.example.com/a.pdf', name: 'a.pdf', size: 2048 } },
  { id: 'm4', seq: 4, sender: 'visitor', createdAt: 4, state: 'sent', visibility: 'both', conversationId: 'c1', body: { type: 'voice', url: 'https://cdn.example.com/a.mp3', duration: 3 } },
  { id: 'm5', seq: 5, sender: 'visitor', createdAt: 5, state: 'sent', visibility: 'both', conversationId: 'c1', body: { type: 'video', url: 'https://cdn.example.com/a.mp4' } },
  {
    id: 'm6',
    seq: 6,
    sender: 'visitor',
    createdAt: 6,
    state: 'sent',
    visibility: 'both',
    conversationId: 'c1',
    body: { type: 'product', card: { type: 'product', title: '春季外套', content: '<span style="color:red">¥299</span>', imageUrl: 'https://cdn.example.com/c.png', urlForStaff: "apiUrl(263,'reload')", memo: '库存 12' } },
  },
  {
    id: 'm7',
    seq: 7,
    sender: 'visitor',
    createdAt: 7,
    state: 'sent',
    visibility: 'both',
    conversationId: 'c1',
    body: { type: 'order', card: { type: 'order', orderCode: 'SO-1', orderStatus: 2, totalFee: 29900, goods: [{ name: '外套' }] } },
  },
  { id: 'm8', seq: 8, sender: 'system', createdAt: 8, state: 'sent', visibility: 'both', conversationId: 'c1', body: { type: 'notice', text: 'Amy 接入了会话' } },
  { id: 'm9', seq: 9, sender: 'agent', senderName: 'Amy', createdAt: 9, state: 'sent', visibility: 'agent', conversationId: 'c1', body: { type: 'text', text: '内部：老客户' } },
  { id: 'm10', seq: 10, sender: 'visitor', createdAt: 10, state: 'sent', visibility: 'both', conversationId: 'c1', body: { type: 'form', formId: 1, formName: '售后表单', fields: { 订单号: 'SO-1' } } },
]

function setup(extraRoutes: Parameters<typeof fakeFetch>[0] = {}) {
  const http = fakeFetch({
    ...LOGIN_ROUTES,
    'GET /api/v1/visitors/v1/messages': { body: MESSAGES },
    'GET /api/v1/plugins': { body: PLUGINS },
    'POST /api/v1/plugins/crm/context-proof': { body: PROOF },
    'POST /api/v1/plugins/erp/context-proof': { body: { ...PROOF, signature: 'cd' } },
    'GET /api/v1/quick-replies': { body: [{ id: 'q1', title: '问候', text: '您好，请问有什么可以帮您？', position: 1 }] },
    ...extraRoutes,
  })
  const desk = createDesk({ fetch: http.fetch, WebSocket: FakeSocket, storage: memorySession(), pingMs: 0 })
  const plugins = fakeHosts()
  render(<App desk={desk} createHost={plugins.createHost as never} locale="zh-CN" />)
  return { desk, http, plugins }
}

async function signIn() {
  fireEvent.change(screen.getByTestId('login-email'), { target: { value: 'amy@demo.kefu.local' } })
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'right' } })
  fireEvent.click(screen.getByTestId('login-submit'))
  await waitFor(() => expect(FakeSocket.instances).toHaveLength(1))
  const socket = FakeSocket.last
  act(() => {
    socket.open()
    socket.receive(
      welcome({
        visitors: [
          visitor({
            partnerid: 'u-42',
            verifiedBy: 'sign-hmac',
            crm: { uname: '小王', tel: '138' },
            params: { orderCount: 3 },
            customerFields: { level: 'gold' },
            isVip: true,
            vipLevel: '3',
            userLabel: '老客户,高价值',
            entry: { echatTag: 'spring-sale', enterUrl: 'https://shop.example.com/p/1' },
            trackInfo: { country: '中国', province: '浙江', city: '杭州', searcher: 'baidu', keyword: '外套' },
            trace: [{ at: 1, cur_visit_args: { url: 'https://shop.example.com/p/1', title: '商品一' } }],
          }),
        ],
        queue: [{ conversationId: 'c3', visitorId: 'v3', position: 1, vip: true, groupId: null, agentId: null, queuedAt: 1 }],
        conversations: [conversation(), conversation({ conversationId: 'c3', visitorId: 'v3', status: 'waiting', agentId: null })],
      }),
    )
  })
  return socket
}

beforeEach(() => {
  FakeSocket.instances = []
})
afterEach(() => {
  cleanup()
})

describe('login', () => {
  it('shows the server error for a wrong password', async () => {
    setup()
    fireEvent.change(screen.getByTestId('login-email'), { target: { value: 'amy@demo.kefu.local' } })
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'nope' } })
    fireEvent.click(screen.getByTestId('login-submit'))
    // The server's English reason becomes the agent's language.
    expect(await screen.findByTestId('login-error')).toHaveProperty('textContent', '邮箱或密码不正确')
  })

  it('never shows the server’s English reason, not even for the moment before the refusal is translated', async () => {
    setup()
    // Every text the alert has had, as React committed it.
    const seen: string[] = []
    const observer = new MutationObserver(() => {
      const text = document.querySelector('[data-testid=login-error]')?.textContent
      if (text && seen.at(-1) !== text) seen.push(text)
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    for (let i = 0; i < 5; i++) {
      fireEvent.change(screen.getByTestId('login-email'), { target: { value: 'amy@demo.kefu.local' } })
      fireEvent.change(screen.getByTestId('login-password'), { target: { value: `nope ${i}` } })
      fireEvent.click(screen.getByTestId('login-submit'))
      await waitFor(() => expect(screen.getByTestId('login-submit')).toHaveProperty('disabled', false))
      await screen.findByTestId('login-error')
    }
    observer.disconnect()
    expect(seen).toEqual(['邮箱或密码不正确'])
  })

  it('says so in the agent’s language when the server signs the agent out', async () => {
    setup()
    await signIn()
    act(() => {
      FakeSocket.last.receive({ type: 'error', code: 'unauthorized', message: 'this agent account is not active' })
      FakeSocket.last.drop(4401, 'inactive agent')
    })
    expect((await screen.findByTestId('login-error')).textContent).toBe('您已退出登录，请重新登录')
  })

  it('asks for the company when one e-mail and password sign in to several, and sends it', async () => {
    const { http } = setup({
      'POST /api/v1/auth/login': (r: { body: unknown }) =>
        (r.body as { companyId?: string }).companyId === 'shop-b'
          ? { body: { token: 'tok-b', agent: { agentId: 'a9', companyId: 'shop-b', email: 'amy@demo.kefu.local', name: 'Amy', role: 'agent', capacity: 3, groupIds: [] } } }
          : { status: 409, body: { error: { code: 'conflict', message: 'x', issues: [{ path: 'companyId', message: 'several companies (shop-a, shop-b)' }] } } },
    })
    expect(screen.queryByTestId('login-company')).toBeNull()
    fireEvent.change(screen.getByTestId('login-email'), { target: { value: 'amy@demo.kefu.local' } })
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'right' } })
    fireEvent.click(screen.getByTestId('login-submit'))
    await screen.findByTestId('login-company')
    expect(screen.getByTestId('login-error').textContent).toContain('公司 ID')
    fireEvent.change(screen.getByTestId('login-company'), { target: { value: 'shop-b' } })
    fireEvent.click(screen.getByTestId('login-submit'))
    await waitFor(() => expect(FakeSocket.instances).toHaveLength(1))
    expect(http.requests.filter((r) => r.url.endsWith('/api/v1/auth/login')).map((r) => (r.body as { companyId?: string }).companyId)).toEqual([undefined, 'shop-b'])
  })

  it('signs in to the three-column workbench', async () => {
    setup()
    await signIn()
    expect(screen.getByTestId('connection').textContent).toBe('已连接')
    expect(screen.getByTestId('conv-c1')).toBeTruthy()
  })
})

describe('conversation lists', () => {
  it('lists mine and the queue with positions, and accepts from the queue', async () => {
    setup()
    const socket = await signIn()
    expect(within(screen.getByTestId('list-mine')).getAllByRole('option')).toHaveLength(1)
    fireEvent.click(screen.getByTestId('list-tab-queue'))
    const queue = screen.getByTestId('list-queue')
    expect(within(queue).getByText('第 1 位', { exact: false })).toBeTruthy()
    expect(within(queue).getByText('VIP')).toBeTruthy()
    fireEvent.click(screen.getByTestId('accept-c3'))
    expect(socket.sentOfType('conversation.accept')).toMatchObject([{ conversationId: 'c3' }])
  })

  it('shows an unread badge and clears it when the chat is opened', async () => {
    setup()
    const socket = await signIn()
    act(() => socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: { ...MESSAGES[0]!, id: 'new', seq: 20 } }))
    expect(within(screen.getByTestId('conv-c1')).getByLabelText('1 条未读')).toBeTruthy()
    fireEvent.click(screen.getByTestId('conv-c1'))
    expect(within(screen.getByTestId('conv-c1')).queryByLabelText('1 条未读')).toBeNull()
  })
})

describe('leave messages', () => {
  const LEFT = {
    id: 'lm1',
    visitorId: 'v1',
    content: '发票抬头开错了',
    name: '张三',
    tel: '13800000000',
    templateId: 'tpl-invoice',
    groupId: 'g1',
    source: '9',
    fields: {
      card_title: '云客服_<b>智齿</b>客服',
      card_url: 'http://www.sobot.com',
      card_desc: '云客服,在线客服系统',
      card_note: '1500元',
      card_picture: 'https://img.sobot.com/console/common/face/admin.png',
      order_no: '<img src=x onerror=alert(1)>',
    },
    createdAt: 1,
  }

  it("shows a message's template, group and source in the list, and its card and fields when opened (text escaped)", async () => {
    setup({ 'GET /api/v1/leave-messages': { body: [LEFT] } })
    await signIn()
    fireEvent.click(screen.getByTestId('list-tab-leave'))
    const entry = await screen.findByTestId('leave-lm1')
    expect(entry.textContent).toContain('模板 tpl-invoice · 技能组 售后 · 来源 企业微信 (9)')
    expect(screen.queryByTestId('leave-details-lm1')).toBeNull()

    fireEvent.click(entry)
    const details = screen.getByTestId('leave-details-lm1')
    expect(within(details).getByText('tpl-invoice')).toBeTruthy()
    expect(within(details).getByText('售后')).toBeTruthy()
    const card = within(details).getByTestId('leave-card')
    // Text, not HTML: the title's tags are shown as written.
    expect(within(card).getByRole('heading').textContent).toBe('云客服_<b>智齿</b>客服')
    expect(card.querySelector('b')).toBeNull()
    expect(within(card).getByText('云客服,在线客服系统')).toBeTruthy()
    expect(within(card).getByText('1500元')).toBeTruthy()
    expect(card.querySelector('img')?.getAttribute('src')).toBe('https://img.sobot.com/console/common/face/admin.png')
    const link = within(card).getByRole('link')
    expect(link.getAttribute('href')).toBe('http://www.sobot.com')
    expect(link.getAttribute('rel')).toBe('noopener noreferrer')
    expect(within(details).getByText('order_no')).toBeTruthy()
    expect(within(details).getByText('<img src=x onerror=alert(1)>')).toBeTruthy()
    expect(details.querySelectorAll('img')).toHaveLength(1)
  })

  it('a leave message pushed by the server with a javascript: link or picture shows neither; one without fields shows no card', async () => {
    setup()
    const socket = await signIn()
    act(() =>
      socket.receive({
        type: 'leaveMessage',
        leaveMessage: { id: 'lm2', visitorId: 'v1', content: '坏链接', groupId: 'g-gone', fields: { card_title: '标题', card_url: 'javascript:alert(1)', card_picture: '/api/v1/agents' }, createdAt: 2 },
      }),
    )
    act(() => socket.receive({ type: 'leaveMessage', leaveMessage: { id: 'lm3', visitorId: 'v1', content: '只有内容', createdAt: 3 } }))
    fireEvent.click(screen.getByTestId('list-tab-leave'))
    // A group the workbench does not know is shown by its id.
    expect(screen.getByTestId('leave-lm2').textContent).toContain('技能组 g-gone')
    fireEvent.click(screen.getByTestId('leave-lm2'))
    const card = within(screen.getByTestId('leave-details-lm2')).getByTestId('leave-card')
    expect(within(card).getByText('标题')).toBeTruthy()
    expect(within(card).queryByRole('link')).toBeNull()
    expect(card.querySelector('img')).toBeNull()

    fireEvent.click(screen.getByTestId('leave-lm3'))
    expect(screen.queryByTestId('leave-details-lm2')).toBeNull()
    const plain = screen.getByTestId('leave-details-lm3')
    expect(within(plain).queryByTestId('leave-card')).toBeNull()
    expect(plain.querySelector('dl')).toBeNull()
  })
})

describe('the chat', () => {
  it('renders every message type; only card content is HTML', async () => {
    setup()
    await signIn()
    fireEvent.click(screen.getByTestId('conv-c1'))
    const log = await screen.findByTestId('message-log')
    await waitFor(() => expect(within(log).getAllByRole('listitem').length).toBeGreaterThanOrEqual(10))
    expect(log.getAttribute('aria-live')).toBe('polite')
    const text = screen.getByTestId('message-m1')
    expect(text.querySelector('b')).toBeNull()
    expect(text.textContent).toContain('<b>hi</b>')
    const links = [...text.querySelectorAll('a')].map((a) => a.getAttribute('href'))
    expect(links).toEqual(['https://shop.example.com/p/1'])
    expect(screen.getByTestId('message-m2').querySelector('img')?.getAttribute('src')).toBe('https://cdn.example.com/a.png')
    expect(screen.getByTestId('message-m3').textContent).toContain('a.pdf')
    expect(screen.getByTestId('message-m4').querySelector('audio')?.getAttribute('src')).toBe('https://cdn.example.com/a.mp3')
    expect(screen.getByTestId('message-m5').querySelector('video')).toBeTruthy()
    const card = screen.getByTestId('message-m6')
    expect(card.querySelector('.card-content span')?.getAttribute('style')).toBe('color:red')
    expect(card.textContent).toContain('库存 12')
    expect(screen.getByTestId('message-m7').textContent).toContain('待发货')
    expect(screen.getByTestId('message-m7').textContent).toContain('¥299.00')
    expect(screen.getByTestId('message-m8').classList.contains('system')).toBe(true)
    expect(screen.getByTestId('message-m9').textContent).toContain('内部备注')
    expect(screen.getByTestId('message-m10').textContent).toContain('售后表单')
  })

  it('sends text from the composer, toggles the chat sign, ends the chat and shows the evaluation', async () => {
    setup()
    const socket = await signIn()
    fireEvent.click(screen.getByTestId('conv-c1'))
    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: '您好' } })
    fireEvent.keyDown(screen.getByTestId('composer-input'), { key: 'Enter' })
    expect(socket.sentOfType('message.send')).toMatchObject([{ conversationId: 'c1', body: { type: 'text', text: '您好' } }])
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe('')
    fireEvent.click(screen.getByTestId('chat-sign'))
    expect(socket.sentOfType('conversation.sign')).toMatchObject([{ chatSign: 1 }])
    // Ending asks first, in the page: Escape says no, the button says yes.
    fireEvent.click(screen.getByTestId('chat-end'))
    fireEvent.keyDown(screen.getByTestId('confirm-bar'), { key: 'Escape' })
    expect(screen.queryByTestId('confirm-bar')).toBeNull()
    expect(socket.sentOfType('conversation.end')).toEqual([])
    fireEvent.click(screen.getByTestId('chat-end'))
    expect(screen.getByRole('alertdialog', { name: '确定结束这个会话吗？' })).toBeTruthy()
    fireEvent.click(screen.getByTestId('confirm-yes'))
    expect(socket.sentOfType('conversation.end')).toMatchObject([{ conversationId: 'c1' }])
    act(() =>
      socket.receive({
        type: 'conversation',
        conversation: conversation({ status: 'ended', endedAt: 9, chatSign: 1, evaluation: { score: 4, comment: '很好', phase: 'ended' } }),
      }),
    )
    expect(screen.getByTestId('evaluation').textContent).toContain('很好')
    expect(screen.getByTestId('chat-sign').getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByTestId('chat-sign').textContent).toBe(' 已标记')
  })

  it('scrolling to the top of the log loads the page of older messages, once at a time', async () => {
    const page = (from: number) =>
      Array.from({ length: 50 }, (_, i) => ({ ...MESSAGES[0]!, id: `p${from + i}`, seq: from + i, createdAt: from + i, body: { type: 'text', text: `line ${from + i}` } }))
    const { http } = setup({
      'GET /api/v1/visitors/v1/messages': (r: { url: string }) => ({ body: new URL(r.url, 'http://x').searchParams.get('beforeSeq') === '51' ? page(1) : page(51) }),
    })
    await signIn()
    fireEvent.click(screen.getByTestId('conv-c1'))
    await screen.findByTestId('message-p100')
    const log = screen.getByTestId('message-log')
    Object.defineProperty(log, 'scrollHeight', { configurable: true, value: 2000 })
    Object.defineProperty(log, 'clientHeight', { configurable: true, value: 400 })
    const asked = () => http.requests.filter((r) => r.url.includes('beforeSeq=')).length
    log.scrollTop = 900
    fireEvent.scroll(log)
    expect(asked()).toBe(0)
    log.scrollTop = 0
    fireEvent.scroll(log)
    fireEvent.scroll(log)
    expect(asked()).toBe(1)
    await screen.findByTestId('message-p1')
  })

  it('puts a quick reply into the composer', async () => {
    setup()
    await signIn()
    fireEvent.click(screen.getByTestId('conv-c1'))
    fireEvent.click(screen.getByTestId('quick-replies-toggle'))
    fireEvent.click(await screen.findByText('问候'))
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe('您好，请问有什么可以帮您？')
  })
})

describe('the visitor panel', () => {
  it('shows identity, fields, VIP, labels, entry, location and trace, and saves CRM edits', async () => {
    setup()
    const socket = await signIn()
    fireEvent.click(screen.getByTestId('conv-c1'))
    expect(screen.getByTestId('visitor-identity').textContent).toContain('u-42')
    expect(screen.getByTestId('visitor-identity').textContent).toContain('sign-hmac')
    expect(screen.getByTestId('visitor-params').textContent).toContain('orderCount3')
    expect(screen.getByTestId('visitor-customer-fields').textContent).toContain('gold')
    expect(screen.getByTestId('visitor-vip').textContent).toContain('3')
    expect(screen.getByTestId('visitor-labels').textContent).toContain('高价值')
    expect(screen.getByTestId('visitor-entry').textContent).toContain('spring-sale')
    expect(screen.getByTestId('visitor-track').textContent).toContain('中国 浙江 杭州')
    expect(screen.getByTestId('visitor-trace').textContent).toContain('商品一')
    fireEvent.change(screen.getByTestId('crm-realname'), { target: { value: '王小明' } })
    fireEvent.click(screen.getByTestId('crm-save'))
    const frame = socket.sentOfType('visitor.update')[0]!
    expect(frame).toMatchObject({ visitorId: 'v1', crm: { realname: '王小明' } })
    act(() => socket.receive({ type: 'ack', cid: frame.cid as string }))
    expect(await screen.findByTestId('crm-saved')).toBeTruthy()
  })

  it('follows CRM fields that change while the form is open, but keeps unsaved edits', async () => {
    setup()
    const socket = await signIn()
    fireEvent.click(screen.getByTestId('conv-c1'))
    expect((screen.getByTestId('crm-uname') as HTMLInputElement).value).toBe('小王')
    const signedIn = (crm: Record<string, string>) =>
      act(() => socket.receive({ type: 'visitor', visitor: visitor({ partnerid: 'u-42', verifiedBy: 'sign-hmac', crm }) }))
    signedIn({ uname: '小王', realname: '王莉', tel: '139' })
    expect((screen.getByTestId('crm-realname') as HTMLInputElement).value).toBe('王莉')
    expect((screen.getByTestId('crm-tel') as HTMLInputElement).value).toBe('139')
    fireEvent.change(screen.getByTestId('crm-email'), { target: { value: 'li@shop.test' } })
    signedIn({ uname: '小王', realname: '王莉', tel: '137' })
    expect((screen.getByTestId('crm-email') as HTMLInputElement).value).toBe('li@shop.test')
    expect((screen.getByTestId('crm-tel') as HTMLInputElement).value).toBe('139')
  })
})

describe('the plugin panel', () => {
  it('shows each plugin as a tab with its iframe, verifies through the server and hands events to the host', async () => {
    const { http, plugins, desk } = setup({ 'POST /api/v1/plugins/crm/verify': (r: FakeRequest) => ({ status: (r.body as { signature: string }).signature === 'good' ? 200 : 401, body: (r.body as { signature: string }).signature === 'good' ? {} : { error: 'signature_invalid', message: 'bad signature' } }) })
    const socket = await signIn()
    expect(await screen.findByTestId('plugin-tab-crm')).toBeTruthy()
    expect(screen.getByTestId('plugin-tab-erp')).toBeTruthy()
    const frame = screen.getByTestId('plugin-frame-crm')
    expect(frame.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-forms allow-popups')
    expect(frame.getAttribute('src')?.startsWith('https://crm.example.com/app')).toBe(true)

    const crm = plugins.live('crm')
    await expect(crm.options.verify({ timestamp: 1, nonce: 'n', signature: 'bad', pageUrl: 'https://crm.example.com/app' })).rejects.toMatchObject({ reason: 'signature_invalid' })
    await expect(crm.options.verify({ timestamp: 1, nonce: 'n', signature: 'good', pageUrl: 'https://crm.example.com/app' })).resolves.toBeUndefined()
    expect(http.requests.some((r) => r.url === '/api/v1/plugins/crm/verify' && r.headers.authorization === 'Bearer tok-1')).toBe(true)

    // No visitor selected: calls that need a chat are refused with a clear error.
    await expect(crm.options.handle({ method: 'sendMessage', args: { body: { type: 'text', text: 'x' } } })).rejects.toThrow('no conversation is selected')

    // Selecting a visitor: the visitorParams plugin reloads with the visitor in its URL, the other hears selectVisitor.
    fireEvent.click(screen.getByTestId('conv-c1'))
    await waitFor(() => expect(screen.getByTestId('plugin-frame-crm').getAttribute('src')).toContain('v1'))
    const erp = plugins.live('erp')
    await waitFor(() => expect(erp.selectVisitor).toHaveBeenCalled())
    expect(erp.selectVisitor.mock.calls.at(-1)?.[0]).toMatchObject({ chatStatus: 1, proof: { signature: 'cd' } })
    expect(screen.getByTestId('plugin-frame-erp').getAttribute('src')).not.toContain('v1')
    expect(crm.options.getSelected !== undefined && plugins.live('crm').options.getSelected()?.proof).toMatchObject({ signature: 'ab' })

    // A visitor message goes to the hosts as onReceiveMsg.
    act(() => socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: { ...MESSAGES[0]!, id: 'n1', seq: 30 } }))
    expect(erp.receiveMessage).toHaveBeenCalledWith(expect.objectContaining({ visitorId: 'v1', msgType: 1 }))

    // A CRM edit, once acknowledged, goes out as onCrmUpdate with Echat's field names.
    const saving = desk.updateCrm('v1', { tel: '139' })
    const update = socket.sentOfType('visitor.update')[0]!
    act(() => socket.receive({ type: 'ack', cid: update.cid as string }))
    await saving
    expect(erp.crmUpdated).toHaveBeenCalledWith({ visitorId: 'v1', phone: '139' })
  })

  it('handles plugin calls: send a card, sign, PutMsg into the composer, Notice highlights the tab', async () => {
    const { plugins } = setup()
    const socket = await signIn()
    await screen.findByTestId('plugin-tab-erp')
    fireEvent.click(screen.getByTestId('conv-c1'))
    const erp = plugins.live('erp')
    const pushing = erp.options.handle({ method: 'pushVisitorEvent', args: { card: { title: '推荐', content: '<div>好物</div>', urlForStaff: "apiUrl(263,'hash')" } } })
    const push = socket.sentOfType('message.send')[0]!
    expect(push).toMatchObject({ conversationId: 'c1', body: { type: 'product', card: { type: 'product', title: '推荐' } } })
    act(() => socket.receive({ type: 'ack', cid: push.cid as string }))
    await pushing
    const signing = erp.options.handle({ method: 'setVisitorChatSign', args: { chatSign: 1 } })
    act(() => socket.receive({ type: 'ack', cid: socket.sentOfType('conversation.sign')[0]!.cid as string }))
    await signing
    await act(() => erp.options.handle({ method: 'putMsg', args: { random: 'r1', items: [{ type: 'text', text: '订单已发货' }, { type: 'image', url: 'https://cdn.example.com/p.png' }] } }))
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe('订单已发货')
    expect(screen.getByTestId('composer-attachments').querySelector('img')?.getAttribute('src')).toBe('https://cdn.example.com/p.png')
    fireEvent.click(screen.getByTestId('composer-send'))
    expect(socket.sentOfType('message.send').slice(1).map((f) => f.body)).toEqual([
      { type: 'image', url: 'https://cdn.example.com/p.png' },
      { type: 'text', text: '订单已发货' },
    ])
    await act(() => erp.options.handle({ method: 'notice', args: { text: '新订单' } }))
    expect(screen.getByTestId('plugin-tab-erp').getAttribute('data-notice')).toBe('true')
    fireEvent.click(screen.getByTestId('plugin-tab-erp'))
    expect(screen.getByTestId('plugin-tab-erp').getAttribute('data-notice')).toBeNull()
    // An ended chat refuses.
    act(() => socket.receive({ type: 'conversation', conversation: conversation({ status: 'ended', endedAt: 5 }) }))
    await expect(erp.options.handle({ method: 'sendMessage', args: { body: { type: 'text', text: 'x' } } })).rejects.toThrow('has ended')
  })

  it("opens a card's apiUrl page in its plugin's tab", async () => {
    setup()
    await signIn()
    await screen.findByTestId('plugin-tab-crm')
    fireEvent.click(screen.getByTestId('conv-c1'))
    const card = await screen.findByTestId('message-m6')
    fireEvent.click(within(card).getByTestId('card-link'))
    expect(screen.getByTestId('plugin-tab-crm').getAttribute('aria-selected')).toBe('true')
    await waitFor(() => expect(screen.getByTestId('plugin-frame-crm').getAttribute('src')?.startsWith('https://crm.example.com/order?')).toBe(true))
  })

  it("opens a card's http(url, 'inner') in the panel only for a registered plugin origin; any other link opens in a new tab without opener", async () => {
    const card = (id: string, seq: number, urlForStaff: string): (typeof MESSAGES)[number] => ({
      id,
      seq,
      sender: 'visitor',
      createdAt: seq,
      state: 'sent',
      visibility: 'both',
      conversationId: 'c1',
      body: { type: 'product', card: { type: 'product', title: `card ${id}`, urlForStaff } },
    })
    setup({
      'GET /api/v1/visitors/v1/messages': {
        body: [card('k1', 1, "http('https://evil.example.net/login','inner')"), card('k2', 2, "http('https://crm.example.com/orders/7','inner')")],
      },
    })
    const opened = vi.spyOn(globalThis, 'open').mockImplementation(() => null)
    try {
      await signIn()
      await screen.findByTestId('plugin-tab-crm')
      fireEvent.click(screen.getByTestId('conv-c1'))
      fireEvent.click(within(await screen.findByTestId('message-k1')).getByTestId('card-link'))
      expect(screen.queryByTestId('plugin-tab-inner')).toBeNull()
      expect(opened).toHaveBeenCalledWith('https://evil.example.net/login', '_blank', 'noopener,noreferrer')
      fireEvent.click(within(screen.getByTestId('message-k2')).getByTestId('card-link'))
      expect(screen.getByTestId('plugin-tab-inner').getAttribute('aria-selected')).toBe('true')
      expect(opened).toHaveBeenCalledTimes(1)
    } finally {
      opened.mockRestore()
    }
  })

  it("draws a visitor's card with customizeMsgType 2 as the visitor's message, not as a system line", async () => {
    setup({
      'GET /api/v1/visitors/v1/messages': {
        body: [
          {
            id: 'fake',
            seq: 1,
            sender: 'visitor',
            createdAt: 1,
            state: 'sent',
            visibility: 'both',
            conversationId: 'c1',
            customizeMsgType: 2,
            body: { type: 'product', card: { type: 'product', title: '系统通知：您的账户已冻结', customizeMsgType: 2 } },
          },
        ],
      },
    })
    await signIn()
    fireEvent.click(screen.getByTestId('conv-c1'))
    const message = await screen.findByTestId('message-fake')
    expect(message.classList.contains('system')).toBe(false)
    expect(message.classList.contains('left')).toBe(true)
    expect(within(message).getByText('访客')).toBeTruthy()
  })

  it('toggles the debug log with Ctrl+Alt+0 and lists host log entries; Esc closes it', async () => {
    const { plugins } = setup()
    await signIn()
    await screen.findByTestId('plugin-tab-erp')
    act(() => plugins.live('erp').options.onLog?.({ at: 0, pluginId: 'erp', direction: 'fromPlugin', name: 'sendMessage', data: { body: { type: 'text', text: 'hello' } } }))
    expect(screen.queryByTestId('debug-log')).toBeNull()
    fireEvent.keyDown(document, { key: '0', code: 'Digit0', ctrlKey: true, altKey: true })
    const log = screen.getByTestId('debug-log')
    expect(within(log).getByTestId('debug-log-entry').textContent).toContain('sendMessage')
    expect(within(log).getByTestId('debug-log-entry').textContent).toContain('"text":"hello"')
    fireEvent.keyDown(document, { key: 'Escape' })
    expect(screen.queryByTestId('debug-log')).toBeNull()
  })

  it('toggles the same debug log when Ctrl+Alt+0 is pressed inside a plugin page (its host calls onDebugToggle)', async () => {
    const { plugins } = setup()
    await signIn()
    await screen.findByTestId('plugin-tab-erp')
    const erp = plugins.live('erp')
    act(() => erp.options.onLog?.({ at: 0, pluginId: 'erp', direction: 'toPlugin', name: 'error', data: { reason: 'signature_invalid' }, note: 'refused' }))
    expect(typeof erp.options.onDebugToggle).toBe('function')
    act(() => erp.options.onDebugToggle!())
    const log = screen.getByTestId('debug-log')
    expect(within(log).getByTestId('debug-log-entry').textContent).toContain('signature_invalid')
    // Focus comes out of the plugin frame, so Esc and the shortcut now work in the workbench too.
    expect(document.activeElement).toBe(screen.getByTestId('debug-log-close'))
    act(() => plugins.live('crm').options.onDebugToggle!())
    expect(screen.queryByTestId('debug-log')).toBeNull()
    act(() => erp.options.onDebugToggle!())
    fireEvent.keyDown(document, { key: '0', code: 'Digit0', ctrlKey: true, altKey: true })
    expect(screen.queryByTestId('debug-log')).toBeNull()
  })
})
