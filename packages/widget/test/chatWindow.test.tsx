// @vitest-environment jsdom
import { createChat, memoryStorage, type ChatClient } from '@kefu/core'
import { createTestAgent, createTestVisibility, type TestAgent, type TestAgentOptions } from '@kefu/core/testing'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ChatWindow } from '../src/chatWindow'
import { contrast } from '../src/chatWindow/themeColors'
import { readChatParams } from '../src/params'
import type { ChatUiOptions } from '../src/params/chatParams'
import type { Locale } from '../src/i18n/locale'

interface Setup {
  agent: TestAgent
  client: ChatClient
  post: ReturnType<typeof vi.fn>
  container: Element
  settle(): Promise<void>
}

async function setup(options: { agent?: TestAgentOptions; ui?: ChatUiOptions; locale?: Locale; open?: boolean; embedded?: boolean } = {}): Promise<Setup> {
  const agent = createTestAgent(options.agent)
  const client = createChat({ companyId: 'c1', transport: agent.transport, storage: memoryStorage(), visibility: createTestVisibility() })
  const base = readChatParams('')
  const params = { ...base, locale: options.locale ?? 'en', ui: { ...base.ui, ...options.ui } }
  const post = vi.fn()
  const { container } = render(<ChatWindow client={client} params={params} bridge={{ post }} embedded={options.embedded ?? true} />)
  const settle = () => act(() => agent.settle())
  client.connect()
  if (options.open !== false) client.open()
  await settle()
  return { agent, client, post, container, settle }
}

afterEach(cleanup)

describe('ChatWindow', () => {
  it('posts ready and shows the agent after accepting', async () => {
    const { agent, post, settle } = await setup()
    expect(post).toHaveBeenCalledWith({ kefu: 1, type: 'ready' })
    agent.accept({ staffNickName: 'Alice', staffInfo: 'Sales' })
    await settle()
    // One line names the agent; the agent's info follows it.
    expect(screen.getByRole('status').textContent).toBe('You are chatting with Alice')
    expect(screen.getByText('Sales')).toBeTruthy()
  })

  it('shows the queue position', async () => {
    const { agent, settle } = await setup()
    agent.queue(3)
    await settle()
    expect(screen.getAllByText('You are number 3 in the queue').length).toBeGreaterThan(0)
  })

  it('escapes text and links URLs safely', async () => {
    const { agent, container, settle } = await setup()
    agent.accept()
    agent.say('<img src=x onerror="alert(1)"> see https://shop.example/p?id=1.')
    await settle()
    expect(container.querySelector('img[onerror]')).toBeNull()
    const list = within(screen.getByRole('region', { name: 'Messages' }))
    expect(list.getByText(/<img src=x onerror="alert\(1\)">/)).toBeTruthy()
    const link = screen.getByRole('link', { name: 'https://shop.example/p?id=1' })
    expect(link.getAttribute('href')).toBe('https://shop.example/p?id=1')
    expect(link.getAttribute('rel')).toBe('noopener noreferrer')
    expect(link.getAttribute('target')).toBe('_blank')
  })

  it('does not link URLs when autoLink is off', async () => {
    const { agent, container, settle } = await setup({ ui: { autoLink: false } })
    agent.say('https://shop.example/p')
    await settle()
    expect(container.querySelector('.kf-l a')).toBeNull()
    expect(container.querySelector('.kf-l .kf-b')?.textContent).toContain('https://shop.example/p')
  })

  it('re-sanitizes product cards and never links javascript:', async () => {
    const { agent, container, settle } = await setup()
    agent.accept()
    // deliver() bypasses the server's validation: the window must still be safe.
    agent.deliver({
      type: 'product',
      card: {
        type: 'product',
        title: 'Evil shoes',
        content: '<div style="color:red">Price</div><script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>',
        urlForVisitor: 'javascript:alert(4)',
        imageUrl: 'javascript:alert(5)',
      },
    })
    await settle()
    const html = container.innerHTML
    expect(screen.getByText('Evil shoes')).toBeTruthy()
    expect(screen.getByText('Price')).toBeTruthy()
    expect(container.querySelector('script, .kf-l img, [onerror]')).toBeNull()
    expect(html).not.toMatch(/javascript:/i)
    expect([...container.querySelectorAll('a')].every((a) => /^https?:/.test(a.getAttribute('href') ?? ''))).toBe(true)
  })

  it('opens card links in a new tab, in the panel, or not at all for mini programs', async () => {
    const { agent, container, settle } = await setup()
    agent.accept()
    agent.pushCard({ title: 'Blank', urlForVisitor: "http('https://shop.example/a','blank')" })
    agent.pushCard({ title: 'Inner', urlForVisitor: "http('https://shop.example/b','inner')" })
    agent.pushCard({ title: 'Mini', urlForVisitor: "xcx('/pages/p','navigateTo')" })
    await settle()
    const blank = screen.getByRole('link', { name: 'Blank' })
    expect(blank.getAttribute('href')).toBe('https://shop.example/a')
    expect(blank.getAttribute('target')).toBe('_blank')
    expect(screen.getByText('Mini').closest('a, button')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Inner' }))
    expect(container.querySelector('iframe')?.getAttribute('src')).toBe('https://shop.example/b')
  })

  it('renders order cards with the localized status and amount', async () => {
    const { agent, settle } = await setup({ locale: 'zh-CN' })
    agent.accept()
    agent.pushCard({ type: 'order', orderCode: 'A100', orderStatus: 3, totalFee: 12345, goods: [{ name: 'Shoes' }], orderUrl: 'https://shop.example/o/A100' })
    await settle()
    expect(screen.getByText('运输中')).toBeTruthy()
    expect(screen.getByText('¥123.45')).toBeTruthy()
    expect(screen.getByText('Shoes')).toBeTruthy()
    expect(document.querySelector('.kf-order')?.textContent).toContain('A100')
    expect(screen.getByRole('link', { name: '查看详情' }).getAttribute('href')).toBe('https://shop.example/o/A100')
  })

  it('renders files, images, voice and video', async () => {
    const { agent, container, settle } = await setup()
    agent.accept()
    agent.deliver({ type: 'image', url: 'https://f.example/a.png', thumbnailUrl: 'https://f.example/a_s.png' })
    agent.deliver({ type: 'file', url: 'https://f.example/r.pdf', name: 'r.pdf', size: 2048 })
    agent.deliver({ type: 'voice', url: 'https://f.example/v.mp3' })
    agent.deliver({ type: 'video', url: 'javascript:alert(1)' })
    await settle()
    expect(container.querySelector('.kf-l img')?.getAttribute('src')).toBe('https://f.example/a_s.png')
    expect(container.querySelector('.kf-l img')?.closest('a')?.getAttribute('href')).toBe('https://f.example/a.png')
    expect(screen.getByText('2.0 KB')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Download' }).getAttribute('href')).toBe('https://f.example/r.pdf')
    expect(container.querySelector('audio[controls]')?.getAttribute('src')).toBe('https://f.example/v.mp3')
    expect(container.querySelector('video')?.hasAttribute('src')).toBe(false)
  })

  it('shows a location by its label, or its coordinates, as plain text', async () => {
    const { agent, container, settle } = await setup()
    agent.accept()
    agent.deliver({ type: 'location', latitude: 31.2304, longitude: 121.4737, label: '<b>上海</b>人民广场', scale: 16 })
    agent.deliver({ type: 'location', latitude: -33.86, longitude: 151.21 })
    await settle()
    const bubbles = [...container.querySelectorAll('.kf-l')].map((el) => el.textContent ?? '')
    expect(bubbles.some((text) => text.includes('<b>上海</b>人民广场'))).toBe(true)
    expect(bubbles.some((text) => text.includes('-33.86, 151.21'))).toBe(true)
    expect(container.querySelector('.kf-l b')).toBeNull()
  })

  it('sends with Enter and keeps Shift+Enter for new lines', async () => {
    const { agent, settle } = await setup()
    agent.accept()
    await settle()
    const box = document.getElementById('kf-input') as HTMLTextAreaElement
    fireEvent.input(box, { target: { value: 'hello' } })
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true })
    expect(agent.messages.some((m) => m.sender === 'visitor')).toBe(false)
    fireEvent.keyDown(box, { key: 'Enter' })
    await settle()
    expect(agent.messages.filter((m) => m.sender === 'visitor').map((m) => m.body)).toEqual([{ type: 'text', text: 'hello' }])
    expect(box.value).toBe('')
    expect(agent.received.some((f) => f.type === 'typing' && f.typing)).toBe(true)
  })

  it('offers a handoff on bot answers', async () => {
    const { agent, client, settle } = await setup({ agent: { onRequest: 'bot' } })
    agent.sayAsBot('I am a bot', { offerHandoff: true })
    agent.sayAsBot('no offer')
    await settle()
    expect(screen.getAllByRole('button', { name: 'Talk to an agent' })).toHaveLength(1)
    fireEvent.click(screen.getByRole('button', { name: 'Talk to an agent' }))
    await settle()
    expect(agent.received.some((f) => f.type === 'chat.handoff')).toBe(true)
    expect(client.getSnapshot().status.name).toBe('waiting')
  })

  it('validates and submits the leave-message form', async () => {
    const { agent, settle } = await setup({ agent: { onRequest: 'offline' } })
    expect(document.getElementById('kf-input')).toHaveProperty('disabled', true)
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }))
    expect(screen.getByText('Please enter a message')).toBeTruthy()
    expect(screen.getByText('Please leave a phone number or an email address')).toBeTruthy()
    fireEvent.input(document.getElementById('kf-content')!, { target: { value: 'Call me' } })
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'nope' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }))
    expect(screen.getByText('Please enter a valid email address')).toBeTruthy()
    expect(agent.leaveMessages).toHaveLength(0)
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'a@b.example' } })
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Ann' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }))
    await settle()
    expect(agent.leaveMessages).toEqual([{ content: 'Call me', name: 'Ann', email: 'a@b.example' }])
    expect(screen.getByText("Thanks! We'll get back to you soon.")).toBeTruthy()
  })

  it('offers a leave-message form after the chat ends unless leaveMessageAfterEnd is off', async () => {
    const on = await setup()
    on.agent.accept()
    await on.settle()
    on.agent.end(2)
    await on.settle()
    expect(document.getElementById('kf-input')).toHaveProperty('disabled', true)
    fireEvent.click(screen.getByRole('button', { name: 'Leave a message' }))
    expect(screen.getByRole('form', { name: 'Leave a message' })).toBeTruthy()
    cleanup()
    const off = await setup({ ui: { leaveMessageAfterEnd: false } })
    off.agent.accept()
    await off.settle()
    off.agent.end(2)
    await off.settle()
    expect(screen.getByRole('button', { name: 'Start a new chat' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Leave a message' })).toBeNull()
  })

  it('marks a refused message failed and retries it', async () => {
    const { agent, settle } = await setup()
    agent.accept()
    await settle()
    agent.failNext('message.send', 'invalid_argument', 'boom')
    const box = document.getElementById('kf-input') as HTMLTextAreaElement
    fireEvent.input(box, { target: { value: 'again' } })
    fireEvent.keyDown(box, { key: 'Enter' })
    await settle()
    expect(screen.getByText('Not sent')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    await settle()
    expect(agent.messages.filter((m) => m.sender === 'visitor').map((m) => m.body)).toEqual([{ type: 'text', text: 'again' }])
    expect(screen.queryByText('Not sent')).toBeNull()
  })

  it('hides uploads when ui.uploads is false', async () => {
    const { agent, settle } = await setup({ ui: { uploads: false } })
    agent.accept()
    await settle()
    expect(screen.queryByRole('button', { name: 'Upload file' })).toBeNull()
    expect(screen.queryByTestId('kf-file')).toBeNull()
  })

  it('shows a notice when offline is disabled and a link for redirect', async () => {
    const { agent, settle } = await setup({ agent: { onRequest: 'offline', offlineMode: 'disabled' } })
    expect(screen.getAllByText('No agents are online. Please try again later.').length).toBeGreaterThan(0)
    agent.reset()
    agent.goOffline('redirect', 'https://help.example/')
    await settle()
    expect(screen.getByRole('link', { name: 'No agents are online. Redirecting you…' }).getAttribute('href')).toBe('https://help.example/')
  })

  it('asks for an evaluation when the chat ends and sends the score', async () => {
    const { agent, settle } = await setup()
    agent.accept()
    await settle()
    agent.end(2, { evaluate: true })
    await settle()
    expect(screen.getByRole('form', { name: 'How was your chat?' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }))
    expect(screen.getByText('Please choose a rating')).toBeTruthy()
    fireEvent.click(screen.getByLabelText('Satisfied'))
    fireEvent.input(screen.getByLabelText('Tell us more (optional)'), { target: { value: 'Great' } })
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }))
    await settle()
    expect(agent.evaluations).toEqual([{ score: 4, comment: 'Great', phase: 'ended' }])
    expect(screen.queryByRole('form', { name: 'How was your chat?' })).toBeNull()
    expect(screen.getByText('Thanks for your feedback!')).toBeTruthy()
  })

  it('skips the evaluation with Escape', async () => {
    const { agent, client, settle } = await setup()
    agent.accept()
    await settle()
    agent.end(2, { evaluate: true })
    await settle()
    fireEvent.keyDown(screen.getByLabelText('Satisfied'), { key: 'Escape' })
    await settle()
    expect(client.getSnapshot().evaluation.status).toBe('dismissed')
    expect(screen.queryByRole('form', { name: 'How was your chat?' })).toBeNull()
  })

  it('× hides the window through the bridge and the chat goes on; 结束对话 ends it after a confirmation', async () => {
    const { agent, client, post, settle } = await setup()
    agent.accept()
    await settle()
    fireEvent.click(screen.getByRole('button', { name: 'Close' }))
    expect(post).toHaveBeenCalledWith({ kefu: 1, type: 'minimize' })
    expect(client.getSnapshot().window).toBe('minimized')
    expect(client.getSnapshot().status.name).toBe('chatting')
    expect(agent.received.some((f) => f.type === 'chat.end')).toBe(false)

    fireEvent.click(screen.getByRole('button', { name: 'End chat' }))
    expect(screen.getByRole('alert').textContent).toContain('End this chat?')
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    await settle()
    expect(client.getSnapshot().status.name).toBe('chatting')
    fireEvent.click(screen.getByRole('button', { name: 'End chat' }))
    fireEvent.click(screen.getByRole('button', { name: 'OK' }))
    await settle()
    expect(client.getSnapshot().status).toMatchObject({ name: 'ended', reason: 1 })
  })

  it('Escape hides the window; opening puts the visitor in the text box', async () => {
    const { client, post } = await setup()
    expect(document.activeElement).toBe(screen.getByLabelText('Message'))
    fireEvent.keyDown(screen.getByLabelText('Message'), { key: 'Escape' })
    expect(post).toHaveBeenCalledWith({ kefu: 1, type: 'minimize' })
    expect(client.getSnapshot().window).toBe('minimized')
  })

  it('skipping the rating (暂不评价) closes it, tells the server, and × still hides the window', async () => {
    const { agent, client, post, settle } = await setup()
    agent.accept()
    await settle()
    agent.end(2, { evaluate: true })
    await settle()
    fireEvent.click(screen.getByRole('button', { name: 'Skip' }))
    await settle()
    expect(screen.queryByRole('form', { name: 'How was your chat?' })).toBeNull()
    expect(client.getSnapshot().evaluation.status).toBe('dismissed')
    expect(agent.received.some((f) => f.type === 'evaluation.dismiss')).toBe(true)
    // The text box is off after the end: focus goes to the conversation, not the frame's body.
    expect(document.activeElement).toBe(screen.getByRole('region', { name: 'Messages' }))
    fireEvent.click(screen.getByRole('button', { name: 'Close' }))
    expect(post).toHaveBeenCalledWith({ kefu: 1, type: 'minimize' })
    expect(client.getSnapshot().window).toBe('minimized')
  })

  it('opening starts no chat where the company starts chats with the first message: the greeting shows until then', async () => {
    const { agent, client, settle } = await setup({ agent: { startChatOn: 'message', onRequest: 'accept' } })
    expect(client.getSnapshot().status.name).toBe('idle')
    expect(screen.getByText('Hi! How can we help?')).toBeTruthy()
    await act(async () => void (await client.send('Hello')))
    await settle()
    expect(client.getSnapshot().status.name).toBe('chatting')
    expect(screen.queryByText('Hi! How can we help?')).toBeNull()
    expect(agent.messages.some((m) => m.body.type === 'text' && m.body.text === 'Hello')).toBe(true)
  })

  it('the embed’s robot_hello_word is the greeting', async () => {
    await setup({ agent: { startChatOn: 'message' }, ui: { robotHelloWord: '您好，我是小助手。' } })
    expect(screen.getByText('您好，我是小助手。')).toBeTruthy()
  })

  it('shows 已读 on the visitor’s latest message the agent has read', async () => {
    const { agent, client, settle } = await setup({ locale: 'zh-CN' })
    agent.accept()
    await settle()
    let first: { seq: number | null } | undefined
    await act(async () => {
      first = await client.send('第一条')
      await client.send('第二条')
    })
    await settle()
    expect(screen.queryByText('已读')).toBeNull()
    agent.agentRead(first!.seq!)
    await settle()
    const read = screen.getByText('已读')
    expect(read.closest('li')?.textContent).toContain('第一条')
  })

  it('an earlier “客服 … 正在为您服务” keeps the name of the agent serving then, after a transfer', async () => {
    const { agent, settle } = await setup({ locale: 'zh-CN' })
    agent.deliver({ type: 'notice', code: 'agent.joined', params: { name: 'Amy' }, text: 'x' }, { sender: 'system' })
    agent.deliver({ type: 'notice', code: 'agent.transferred', params: { name: 'Ben' }, text: 'x' }, { sender: 'system' })
    await settle()
    expect(screen.getByText('客服 Amy 正在为您服务')).toBeTruthy()
    expect(screen.getByText('已为您转接至客服 Ben')).toBeTruthy()
  })

  it('the emoji picker comes after the text box, takes focus when opened and moves with the arrow keys', async () => {
    const { agent, settle } = await setup()
    agent.accept()
    await settle()
    const toggle = screen.getByRole('button', { name: 'Emoji' })
    fireEvent.click(toggle)
    const picker = screen.getByRole('group', { name: 'Emoji' })
    const input = screen.getByLabelText('Message')
    expect(input.compareDocumentPosition(picker) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    const buttons = within(picker).getAllByRole('button')
    expect(document.activeElement).toBe(buttons[0])
    fireEvent.keyDown(buttons[0]!, { key: 'ArrowRight' })
    expect(document.activeElement).toBe(buttons[1])
    fireEvent.keyDown(buttons[1]!, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(buttons[9])
    fireEvent.keyDown(buttons[9]!, { key: 'Escape' })
    expect(screen.queryByRole('group', { name: 'Emoji' })).toBeNull()
    expect(document.activeElement).toBe(toggle)
  })

  it.each([
    ['zh-CN', '在线客服', '发送', '转人工'],
    ['zh-TW', '線上客服', '傳送', '轉人工'],
    ['en', 'Customer service', 'Send', 'Talk to an agent'],
  ] as const)('renders %s strings', async (locale, title, send, handoff) => {
    const { agent, container, settle } = await setup({ locale, agent: { onRequest: 'bot' } })
    agent.sayAsBot('hi', { offerHandoff: true })
    await settle()
    expect(container.querySelector('.kf')?.getAttribute('lang')).toBe(locale)
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(title)
    expect(screen.getByRole('button', { name: send })).toBeTruthy()
    expect(screen.getByRole('button', { name: handoff })).toBeTruthy()
  })

  it('shows the emoji picker unless ui.emoji is false', async () => {
    const on = await setup()
    on.agent.accept()
    await on.settle()
    fireEvent.click(screen.getByRole('button', { name: 'Emoji' }))
    fireEvent.click(screen.getByRole('button', { name: '👍' }))
    expect((document.getElementById('kf-input') as HTMLTextAreaElement).value).toBe('👍')
    cleanup()
    const off = await setup({ ui: { emoji: false } })
    off.agent.accept()
    await off.settle()
    expect(screen.queryByRole('button', { name: 'Emoji' })).toBeNull()
  })

  it('rejects too large uploads and sends files', async () => {
    const { agent, settle } = await setup()
    agent.accept()
    await settle()
    const input = screen.getByTestId('kf-file') as HTMLInputElement
    const big = new File(['x'], 'big.zip')
    Object.defineProperty(big, 'size', { value: 30 * 1024 * 1024 })
    fireEvent.change(input, { target: { files: [big] } })
    expect(screen.getByRole('alert').textContent).toBe('Files must be 20 MB or smaller')
    fireEvent.change(input, { target: { files: [new File(['%PDF'], 'r.pdf', { type: 'application/pdf' })] } })
    await settle()
    await settle()
    expect(agent.messages.some((m) => m.sender === 'visitor' && m.body.type === 'file' && m.body.name === 'r.pdf')).toBe(true)
  })

  it('announces incoming messages in an aria-live region', async () => {
    const { agent, settle } = await setup()
    agent.accept({ staffNickName: 'Alice' })
    agent.say('Hello there')
    await settle()
    const live = screen.getByTestId('kf-live')
    expect(live.getAttribute('aria-live')).toBe('polite')
    expect(live.textContent).toBe('New message from Alice: Hello there')
  })

  it.each([
    // White on #ff0000 reads at 4.0:1: darkened until it reads at 4.5:1.
    ['#ff0000', '#ea0000', '#fff'],
    ['#0a7d5c', '#0a7d5c', '#fff'],
    // A light colour keeps its surface and gets dark text; as text on white it is darkened.
    ['#ffd666', '#ffd666', '#1f1f1f'],
  ])('theme colour %s: surface %s with text %s, readable (WCAG 4.5:1)', async (color, surface, text) => {
    const { container } = await setup({ ui: { themeColor: color } })
    const style = (container.querySelector('.kf') as HTMLElement).style
    expect(style.getPropertyValue('--kf-c')).toBe(surface)
    expect(style.getPropertyValue('--kf-t')).toBe(text)
    expect(contrast(style.getPropertyValue('--kf-c'), text === '#fff' ? '#ffffff' : text)).toBeGreaterThanOrEqual(4.5)
    expect(contrast(style.getPropertyValue('--kf-a'), '#ffffff')).toBeGreaterThanOrEqual(4.5)
  })

  it('the company’s brand colour from the server is used when the page gives none', async () => {
    const { container } = await setup({ agent: {} })
    // The fake server sends no colour: kefu's own stays (the CSS default, contrast-checked below).
    expect((container.querySelector('.kf') as HTMLElement).style.getPropertyValue('--kf-c')).toBe('')
    expect(contrast('#146dea', '#ffffff')).toBeGreaterThanOrEqual(4.5)
  })
})

describe('inside the page’s in-page window', () => {
  it('has its own × in a store page’s frame; a popup or tab closes as any other window', () => {
    const agent = createTestAgent()
    const client = createChat({ companyId: 'c1', transport: agent.transport, storage: memoryStorage(), visibility: createTestVisibility() })
    const params = { ...readChatParams(''), locale: 'en' as const }
    const standalone = render(<ChatWindow client={client} params={params} />)
    expect(standalone.container.querySelectorAll('header button[aria-label="Close"]')).toHaveLength(0)
    cleanup()
    // × on a desktop, a back arrow on a phone: one button, drawn by CSS.
    const embedded = render(<ChatWindow client={client} params={params} embedded />)
    expect(embedded.container.querySelectorAll('header button[aria-label="Close"]')).toHaveLength(1)
    cleanup()
    const noClose = render(<ChatWindow client={client} params={{ ...params, miniWindow: { close: false } }} embedded />)
    expect(noClose.container.querySelectorAll('header button[aria-label="Close"]')).toHaveLength(0)
  })
})
