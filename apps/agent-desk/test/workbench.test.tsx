import type { ChatMessage } from '@kefu/core'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDesk } from '../src/desk'
import { App } from '../src/ui/App'
import type { DeskLocale } from '../src/ui/i18n'
import { userAgentLabel } from '../src/ui/userAgentLabel'
import { FakeSocket, LOGIN_ROUTES, conversation, fakeFetch, fakeVisibility, memorySession, visitor, welcome } from './fakes'

vi.mock('../src/ui/beep', () => ({ beep: () => {}, unlockAudio: () => {} }))

type Message = ChatMessage & { conversationId: string }
const message = (id: string, seq: number, sender: ChatMessage['sender'], body: ChatMessage['body'], extra: Partial<Message> = {}): Message => ({
  id,
  seq,
  sender,
  createdAt: new Date(2026, 3, 15, 14, 33).getTime() + seq * 60_000,
  state: 'sent',
  visibility: 'both',
  conversationId: 'c1',
  body,
  ...extra,
})

const MESSAGES: Message[] = [
  message('m1', 1, 'system', { type: 'notice', code: 'agent.joined', params: { name: 'Amy' }, text: 'Amy is now serving you' }),
  message('m2', 2, 'visitor', { type: 'text', text: '这件风衣有 M 码吗？' }),
  message('m3', 3, 'agent', { type: 'text', text: '有的，M 码有现货。' }, { senderName: 'Amy' }),
  message('m4', 4, 'agent', { type: 'text', text: '需要帮您下单吗？' }, { senderName: 'Amy' }),
  message('m5', 5, 'system', { type: 'notice', code: 'agent.transferred', params: { name: 'Ben' }, text: 'You were transferred to Ben' }),
]

const REPLIES = [
  { id: 'q1', title: '问候', text: '您好，请问有什么可以帮您？', position: 1, scope: 'company', agentId: null },
  { id: 'q2', title: '退货', text: '七天无理由退货，请在订单页申请。', position: 2, scope: 'agent', agentId: 'a1' },
]

function setup(options: { routes?: Parameters<typeof fakeFetch>[0]; locale?: DeskLocale } = {}) {
  const http = fakeFetch({
    ...LOGIN_ROUTES,
    'GET /api/v1/visitors/v1/messages': { body: MESSAGES },
    'GET /api/v1/quick-replies': { body: REPLIES },
    'GET /api/v1/plugins': { body: [] },
    ...options.routes,
  })
  const page = fakeVisibility(true)
  const desk = createDesk({ fetch: http.fetch, WebSocket: FakeSocket, storage: memorySession(), pingMs: 0, visibility: page })
  render(<App desk={desk} locale={options.locale ?? 'zh-CN'} />)
  return { desk, http }
}

async function signIn(extra: Partial<Parameters<typeof welcome>[0]> = {}) {
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
          visitor({ crm: {}, shortNo: 1024, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.47', readSeq: 3 }),
          visitor({ visitorId: 'v2', crm: { realname: '李雷' } }),
        ],
        conversations: [conversation(), conversation({ conversationId: 'c2', visitorId: 'v2', createdAt: 900, startedAt: 900 })],
        ...extra,
      }),
    )
  })
  return socket
}

beforeEach(() => {
  FakeSocket.instances = []
  localStorage.clear()
})
afterEach(() => cleanup())

describe('one language at a time', () => {
  it('switches every label between 简体中文, 繁體中文 and English, and remembers the choice', async () => {
    setup()
    await signIn()
    expect(screen.getByTestId('list-tab-leave').textContent).toMatch(/^留言/)
    expect(screen.getByTestId('view-history').textContent).toBe('历史记录')
    fireEvent.change(screen.getByTestId('language'), { target: { value: 'en' } })
    expect(screen.getByTestId('list-tab-leave').textContent).toMatch(/^Offline messages/)
    expect(screen.getByTestId('connection').textContent).toBe('Connected')
    expect(document.documentElement.lang).toBe('en')
    // Never two languages in one label.
    for (const el of document.querySelectorAll('[role="tab"], .views button, .header > button, .header label, .login-form label')) expect(el.textContent ?? '').not.toMatch(/[\u4e00-\u9fff].*[A-Za-z]{4,}|[A-Za-z]{4,}.*[\u4e00-\u9fff]/)
    fireEvent.change(screen.getByTestId('language'), { target: { value: 'zh-TW' } })
    expect(screen.getByTestId('view-chats').textContent).toBe('對話')
    expect(localStorage.getItem('kefu.desk.locale')).toBe('zh-TW')
  })

  it('says why a sign-in failed in the agent’s language', async () => {
    setup({ locale: 'en' })
    fireEvent.change(screen.getByTestId('login-email'), { target: { value: 'amy@demo.kefu.local' } })
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'nope' } })
    fireEvent.click(screen.getByTestId('login-submit'))
    expect((await screen.findByTestId('login-error')).textContent).toBe('The email or password is incorrect')
  })
})

describe('after signing in', () => {
  it('focus goes to the conversation list', async () => {
    setup()
    await signIn()
    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('option'))
    expect(document.activeElement?.closest('[data-testid="list-mine"]')).toBeTruthy()
  })

  it('names anonymous visitors by number, device and browser', async () => {
    setup()
    await signIn()
    const item = screen.getByTestId('conv-c1')
    expect(item.textContent).toContain('访客 1024')
    expect(item.textContent).toContain('iPhone · 微信')
    expect(item.textContent).not.toContain('v1')
  })
})

describe('the thread', () => {
  it('shows notices in the agent’s language with the name written then, Intl times, and which replies the visitor read', async () => {
    setup()
    const socket = await signIn()
    fireEvent.click(screen.getByTestId('conv-c1'))
    await screen.findByTestId('message-m4')
    expect(screen.getByTestId('message-m1').textContent).toBe('Amy 接入了会话')
    expect(screen.getByTestId('message-m5').textContent).toBe('会话已转接给 Ben')
    expect(screen.getByTestId('message-m2').querySelector('time')?.textContent).not.toMatch(/AM|PM|\//)
    expect(within(screen.getByTestId('message-m3')).getByTestId('read-state').textContent).toBe('已读')
    expect(within(screen.getByTestId('message-m4')).getByTestId('read-state').textContent).toBe('未读')
    act(() => socket.receive({ type: 'visitorRead', visitorId: 'v1', seq: 4 }))
    expect(within(screen.getByTestId('message-m4')).getByTestId('read-state').textContent).toBe('已读')
  })

  it('Alt+↓ and Alt+↑ move between chats, even from the composer', async () => {
    setup()
    await signIn()
    fireEvent.click(screen.getByTestId('conv-c1'))
    const box = screen.getByTestId('composer-input')
    box.focus()
    fireEvent.keyDown(box, { key: 'ArrowDown', altKey: true })
    expect(screen.getByTestId('conv-c2').getAttribute('aria-selected')).toBe('true')
    expect(document.activeElement).toBe(screen.getByTestId('composer-input'))
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp', altKey: true })
    expect(screen.getByTestId('conv-c1').getAttribute('aria-selected')).toBe('true')
  })

  it('transfers with a note for the next agent; Escape closes the form', async () => {
    setup()
    const socket = await signIn({ colleagues: [{ agentId: 'a2', name: 'Ben', presence: 'online' }] })
    fireEvent.click(screen.getByTestId('conv-c1'))
    fireEvent.click(screen.getByTestId('chat-transfer'))
    fireEvent.keyDown(screen.getByTestId('transfer-target'), { key: 'Escape' })
    expect(screen.queryByTestId('transfer-form')).toBeNull()
    fireEvent.click(screen.getByTestId('chat-transfer'))
    fireEvent.change(screen.getByTestId('transfer-target'), { target: { value: 'agent:a2' } })
    fireEvent.change(screen.getByTestId('transfer-note'), { target: { value: '老客户，要 M 码，已确认库存' } })
    fireEvent.click(screen.getByTestId('transfer-submit'))
    expect(socket.sentOfType('conversation.transfer')).toMatchObject([{ conversationId: 'c1', to: { agentId: 'a2' }, note: '老客户，要 M 码，已确认库存' }])
  })
})

describe('quick replies', () => {
  it('/ in the composer searches them; ↓ and Enter put one in', async () => {
    const { http } = setup()
    const socket = await signIn()
    fireEvent.click(screen.getByTestId('conv-c1'))
    const box = screen.getByTestId('composer-input') as HTMLTextAreaElement
    await waitFor(() => expect(http.requests.some((r) => r.url.endsWith('/api/v1/quick-replies'))).toBe(true))
    fireEvent.change(box, { target: { value: '/退' } })
    const suggestions = screen.getByTestId('reply-suggestions')
    expect(within(suggestions).getAllByRole('option').map((o) => o.textContent)).toEqual(['退货 七天无理由退货，请在订单页申请。'])
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(box.value).toBe('七天无理由退货，请在订单页申请。')
    // Searching is not typing to the visitor, and Enter did not send.
    expect(socket.sentOfType('message.send')).toEqual([])
    fireEvent.change(box, { target: { value: '/' } })
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(box.value).toBe('七天无理由退货，请在订单页申请。')
    fireEvent.change(box, { target: { value: '/xyz' } })
    expect(screen.getByTestId('reply-suggestions').textContent).toBe('没有匹配的快捷回复')
    fireEvent.keyDown(box, { key: 'Escape' })
    expect(box.value).toBe('')
  })

  it('an agent adds, edits and deletes their own replies; shared ones are read-only', async () => {
    const created: unknown[] = []
    setup({
      routes: {
        'POST /api/v1/quick-replies': (request) => (created.push(request.body), { status: 201, body: { id: 'q3' } }),
        'PATCH /api/v1/quick-replies/q2': (request) => (created.push(request.body), { body: {} }),
        'DELETE /api/v1/quick-replies/q2': () => (created.push('deleted q2'), { status: 204 }),
      },
    })
    await signIn({ agent: { agentId: 'a1', companyId: 'demo', email: 'amy@demo.kefu.local', name: 'Amy', role: 'agent', capacity: 5, groupIds: [] } })
    fireEvent.click(screen.getByTestId('conv-c1'))
    fireEvent.click(screen.getByTestId('quick-replies-toggle'))
    const panel = await screen.findByTestId('quick-replies')
    expect(document.activeElement).toBe(within(panel).getByTestId('quick-replies-search'))
    expect(within(panel).queryByTestId('quick-reply-edit-q1')).toBeNull()
    fireEvent.click(within(panel).getByTestId('quick-reply-add'))
    fireEvent.change(screen.getByTestId('quick-reply-title'), { target: { value: '尺码' } })
    fireEvent.change(screen.getByTestId('quick-reply-text'), { target: { value: '请告诉我您的身高和体重。' } })
    fireEvent.click(screen.getByTestId('quick-reply-save'))
    await waitFor(() => expect(created).toEqual([{ title: '尺码', text: '请告诉我您的身高和体重。', scope: 'agent' }]))
    fireEvent.click(await screen.findByTestId('quick-reply-edit-q2'))
    fireEvent.change(screen.getByTestId('quick-reply-text'), { target: { value: '七天无理由退货。' } })
    fireEvent.click(screen.getByTestId('quick-reply-save'))
    await waitFor(() => expect(created[1]).toEqual({ title: '退货', text: '七天无理由退货。' }))
    fireEvent.click(await screen.findByTestId('quick-reply-delete-q2'))
    await waitFor(() => expect(created[2]).toBe('deleted q2'))
    fireEvent.keyDown(screen.getByTestId('quick-replies-search'), { key: 'Escape' })
    expect(screen.queryByTestId('quick-replies')).toBeNull()
  })

  it('opening another reply while one is being edited shows that reply, and a save that ends later leaves it open', async () => {
    let answerPost: (() => void) | undefined
    const { http } = setup({
      routes: {
        'POST /api/v1/quick-replies': () => new Promise((resolve) => (answerPost = () => resolve({ status: 201, body: { id: 'q3' } }))),
      },
    })
    await signIn({ agent: { agentId: 'a1', companyId: 'demo', email: 'amy@demo.kefu.local', name: 'Amy', role: 'agent', capacity: 5, groupIds: [] } })
    fireEvent.click(screen.getByTestId('conv-c1'))
    fireEvent.click(screen.getByTestId('quick-replies-toggle'))
    const panel = await screen.findByTestId('quick-replies')
    fireEvent.click(within(panel).getByTestId('quick-reply-add'))
    fireEvent.change(screen.getByTestId('quick-reply-title'), { target: { value: '尺码' } })
    fireEvent.change(screen.getByTestId('quick-reply-text'), { target: { value: '请告诉我您的身高和体重。' } })
    fireEvent.click(screen.getByTestId('quick-reply-save'))
    await waitFor(() => expect(answerPost).toBeDefined())
    fireEvent.click(within(panel).getByTestId('quick-reply-edit-q2'))
    expect((screen.getByTestId('quick-reply-title') as HTMLInputElement).value).toBe('退货')
    const reloads = () => http.requests.filter((r) => r.method === 'GET' && r.url.endsWith('/api/v1/quick-replies')).length
    const before = reloads()
    answerPost!()
    // The add's save has ended (the list reloaded), and the editor of q2 is still the one open.
    await waitFor(() => expect(reloads()).toBe(before + 1))
    await act(async () => {})
    expect((screen.getByTestId('quick-reply-title') as HTMLInputElement).value).toBe('退货')
  })
})

describe('offline messages as a workflow', () => {
  const LEFT = { id: 'lm1', visitorId: 'v1', content: '风衣什么时候补货？', name: '张三', tel: '13800000000', createdAt: 1, status: 'new' as const, assigneeId: null }

  it('filters by status, assigns, changes status and replies', async () => {
    const calls: { method: string; url: string; body: unknown }[] = []
    let record: Record<string, unknown> = LEFT
    setup({
      routes: {
        'GET /api/v1/leave-messages': () => ({ body: [record] }),
        'PATCH /api/v1/leave-messages/lm1': (request) => {
          calls.push(request)
          record = { ...record, ...(request.body as object) }
          return { body: record }
        },
        'POST /api/v1/leave-messages/lm1/replies': (request) => {
          calls.push(request)
          record = { ...record, status: 'done', replies: [{ text: (request.body as { text: string }).text, agentId: 'a1', agentName: 'Amy', at: 2 }] }
          return { status: 201, body: record }
        },
      },
    })
    await signIn()
    fireEvent.click(screen.getByTestId('list-tab-leave'))
    expect((await screen.findByTestId('leave-status-lm1')).textContent).toBe('新留言')
    fireEvent.click(screen.getByTestId('leave-filter-done'))
    expect(screen.queryByTestId('leave-lm1')).toBeNull()
    fireEvent.click(screen.getByTestId('leave-filter-all'))
    fireEvent.click(screen.getByTestId('leave-lm1'))
    fireEvent.click(screen.getByText('由我处理'))
    await waitFor(() => expect(screen.getByTestId('leave-status-lm1').textContent).toBe('处理中'))
    expect(calls[0]).toMatchObject({ method: 'PATCH', body: { assigneeId: 'a1', status: 'open' } })
    fireEvent.change(screen.getByTestId('leave-reply'), { target: { value: '下周三补货，到货后短信通知您。' } })
    fireEvent.click(screen.getByTestId('leave-reply-send'))
    await waitFor(() => expect(screen.getByTestId('leave-status-lm1').textContent).toBe('已处理'))
    expect(calls[1]).toMatchObject({ method: 'POST', body: { text: '下周三补货，到货后短信通知您。' } })
    expect(screen.getByTestId('leave-details-lm1').textContent).toContain('Amy 已回复')
  })
})

describe('history search', () => {
  it('finds ended conversations and opens the thread with the match marked', async () => {
    const hit = {
      conversation: conversation({ conversationId: 'c9', status: 'ended', endedAt: 5 }),
      visitor: visitor({ crm: { realname: '王芳', tel: '13912345678' } }),
      matches: [{ id: 'm2', seq: 2, sender: 'visitor', text: '这件风衣有 M 码吗？', createdAt: 2 }],
    }
    const { http } = setup({
      routes: {
        'GET /api/v1/search/conversations': { body: { hits: [hit], next: null } },
        'GET /api/v1/conversations/c9/messages': { body: MESSAGES.map((m) => ({ ...m, conversationId: 'c9' })) },
      },
    })
    await signIn()
    fireEvent.click(screen.getByTestId('view-history'))
    fireEvent.change(screen.getByTestId('history-query'), { target: { value: '风衣' } })
    fireEvent.click(screen.getByTestId('history-search'))
    const result = await screen.findByTestId('hit-c9')
    expect(http.requests.some((r) => r.url.includes('/api/v1/search/conversations?q=%E9%A3%8E%E8%A1%A3'))).toBe(true)
    expect(result.textContent).toContain('王芳')
    expect(result.querySelector('mark')?.textContent).toBe('风衣')
    fireEvent.click(result)
    const thread = await screen.findByTestId('history-thread')
    await within(thread).findByTestId('message-m2')
    expect(within(thread).getByTestId('message-m2').classList.contains('matched')).toBe(true)
  })
})

describe('userAgentLabel', () => {
  it('names device and browser as Chinese agents know them', () => {
    const wechat = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47'
    const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'
    const safari = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'
    const huawei = 'Mozilla/5.0 (Linux; Android 12; NOH-AN00) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0 HuaweiBrowser/14.0 Mobile Safari/537.36'
    expect(userAgentLabel(wechat, 'zh-CN')).toBe('iPhone · 微信')
    expect(userAgentLabel(wechat, 'en')).toBe('iPhone · WeChat')
    expect(userAgentLabel(chrome, 'zh-CN')).toBe('Windows · Chrome')
    expect(userAgentLabel(safari, 'zh-CN')).toBe('Mac · Safari')
    expect(userAgentLabel(huawei, 'zh-CN')).toBe('Android · 华为浏览器')
    expect(userAgentLabel(undefined, 'zh-CN')).toBe('')
  })
})
