import { act, cleanup, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDesk, INITIAL_DESK_SNAPSHOT, type DeskSnapshot } from '../src/desk'
import { DeskLocaleProvider } from '../src/ui/i18n'
import { DeskContext } from '../src/ui/useDesk'
import { conversationEvents, useNotifications, type Notifications } from '../src/ui/useNotifications'
import { FakeSocket, LOGIN_ROUTES, conversation, fakeFetch, fakeVisibility, memorySession, visitor, welcome } from './fakes'

const beep = vi.hoisted(() => vi.fn())
vi.mock('../src/ui/beep', () => ({ beep, unlockAudio: () => {} }))

/** The browser's Notification, recording what the workbench shows. */
class FakeNotification {
  static permission: NotificationPermission = 'granted'
  static shown: FakeNotification[] = []
  static requestPermission = vi.fn(async () => (FakeNotification.permission = 'granted'))
  onclick: (() => void) | null = null
  close = vi.fn()
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this)
  }
}

let inView = false
async function mount() {
  const page = fakeVisibility(true)
  const desk = createDesk({ fetch: fakeFetch(LOGIN_ROUTES).fetch, WebSocket: FakeSocket, storage: memorySession(), pingMs: 0, visibility: page })
  await desk.login('amy@demo.kefu.local', 'right')
  const socket = FakeSocket.last
  socket.open()
  socket.receive(welcome({ conversations: [conversation()], visitors: [visitor(), visitor({ visitorId: 'v2', crm: {}, shortNo: 1024, userAgent: 'Mozilla/5.0 (iPhone) MicroMessenger/8.0' })] }))
  const state: { notifications?: Notifications } = {}
  function Probe() {
    state.notifications = useNotifications('工作台')
    return null
  }
  render(
    <DeskContext.Provider value={desk}>
      <DeskLocaleProvider initial="zh-CN">
        <Probe />
      </DeskLocaleProvider>
    </DeskContext.Provider>,
  )
  return { desk, socket, state }
}

beforeEach(() => {
  FakeSocket.instances = []
  FakeNotification.shown = []
  FakeNotification.permission = 'granted'
  beep.mockClear()
  inView = false
  localStorage.clear()
  vi.stubGlobal('Notification', FakeNotification)
  vi.spyOn(document, 'hasFocus').mockImplementation(() => inView)
})
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const visitorMessage = (id: string, seq: number, conversationId = 'c1', visitorId = 'v1', text = '在吗？') => ({
  type: 'message' as const,
  conversationId,
  visitorId,
  message: { id, seq, sender: 'visitor' as const, createdAt: seq, state: 'sent' as const, visibility: 'both' as const, body: { type: 'text' as const, text } },
})

describe('useNotifications', () => {
  it('a new chat in the queue: sound and a desktop notification naming the visitor (访客 1024 · not a random id)', async () => {
    const { socket } = await mount()
    act(() => socket.receive({ type: 'conversation', conversation: conversation({ conversationId: 'c2', visitorId: 'v2', status: 'waiting', agentId: null }) }))
    expect(beep).toHaveBeenCalledTimes(1)
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['新会话：访客 1024'])
  })

  it('a message in a chat the agent is not looking at; none for the chat on screen', async () => {
    const { desk, socket } = await mount()
    act(() => socket.receive(visitorMessage('m1', 1)))
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body])).toEqual([['小王 发来新消息', '在吗？']])
    // Looking at it: nothing.
    inView = true
    act(() => desk.select({ conversationId: 'c1' }))
    act(() => socket.receive(visitorMessage('m2', 2)))
    expect(FakeNotification.shown).toHaveLength(1)
    expect(beep).toHaveBeenCalledTimes(1)
  })

  it('a chat transferred from a colleague; clicking the notification opens it', async () => {
    const { desk, socket } = await mount()
    act(() => socket.receive({ type: 'conversation', conversation: conversation({ conversationId: 'c5', visitorId: 'v2', agentId: 'a2' }) }))
    FakeNotification.shown = []
    act(() => socket.receive({ type: 'conversation', conversation: conversation({ conversationId: 'c5', visitorId: 'v2', agentId: 'a1' }) }))
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['访客 1024 的会话已转接给您'])
    act(() => FakeNotification.shown[0]!.onclick?.())
    expect(desk.getSnapshot().selectedConversationId).toBe('c5')
  })

  it('sound and desktop notifications are on by default and each agent can switch them off', async () => {
    const { socket, state } = await mount()
    expect(state.notifications!.settings).toEqual({ desktop: true, sound: true })
    act(() => state.notifications!.setSound(false))
    act(() => state.notifications!.setDesktop(false))
    act(() => socket.receive(visitorMessage('m1', 1)))
    expect(beep).not.toHaveBeenCalled()
    expect(FakeNotification.shown).toHaveLength(0)
    expect(JSON.parse(localStorage.getItem('kefu.desk.notify.a1')!)).toEqual({ desktop: false, sound: false })
  })

  it('asks the browser for permission when the agent turns desktop notifications on', async () => {
    FakeNotification.permission = 'default'
    const { state } = await mount()
    expect(state.notifications!.permission).toBe('default')
    await act(async () => state.notifications!.setDesktop(true))
    expect(FakeNotification.requestPermission).toHaveBeenCalled()
    expect(state.notifications!.permission).toBe('granted')
  })

  it('puts the unread count in the tab title', async () => {
    const { desk, socket } = await mount()
    act(() => socket.receive(visitorMessage('m1', 1)))
    act(() => socket.receive(visitorMessage('m2', 2)))
    expect(document.title).toBe('(2) 条新消息 工作台')
    act(() => desk.select({ conversationId: 'c1' }))
    expect(document.title).toBe('工作台')
  })
})

describe('conversationEvents', () => {
  const online = (conversations: DeskSnapshot['conversations']): DeskSnapshot => ({
    ...INITIAL_DESK_SNAPSHOT,
    connection: 'online',
    agent: { agentId: 'a1', companyId: 'demo', email: 'a@x', name: 'Amy', role: 'agent', capacity: 5, groupIds: [] },
    conversations,
  })

  it('names new chats, transfers to me, and nothing for what the welcome listed or what ended', () => {
    const before = online({ c1: conversation(), c2: conversation({ conversationId: 'c2', agentId: 'a2' }) })
    const after = online({
      c1: conversation({ status: 'ended' }),
      c2: conversation({ conversationId: 'c2', agentId: 'a1' }),
      c3: conversation({ conversationId: 'c3', status: 'waiting', agentId: null }),
    })
    expect(conversationEvents(before, after).map((e) => [e.kind, e.conversationId])).toEqual([
      ['transferred', 'c2'],
      ['newChat', 'c3'],
    ])
    expect(conversationEvents({ ...before, connection: 'connecting' }, after)).toEqual([])
  })
})
