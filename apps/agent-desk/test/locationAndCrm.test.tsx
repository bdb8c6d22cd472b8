import type { ChatMessage } from '@kefu/core'
import type { PluginHost, PluginHostOptions } from '@kefu/agent/host'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDesk } from '../src/desk'
import { crmUpdateOf } from '../src/plugins/crmUpdateOf'
import { App } from '../src/ui/App'
import { FakeSocket, LOGIN_ROUTES, conversation, fakeFetch, memorySession, visitor, welcome } from './fakes'

const PLUGINS = [
  { pluginId: 'crm', name: '订单系统', url: 'https://crm.example.com/app', allowedOrigin: 'https://crm.example.com', visitorParams: true, pages: [] },
  { pluginId: 'erp', name: 'ERP', url: 'https://erp.example.com/', allowedOrigin: 'https://erp.example.com', visitorParams: false, pages: [] },
]
const PROOF = { companyId: 'demo', agentId: 'a1', visitorId: 'v1', issuedAt: 1, signature: 'ab' }

const message = (id: string, seq: number, body: ChatMessage['body']): ChatMessage & { conversationId: string } => ({
  id,
  seq,
  sender: 'visitor',
  createdAt: seq,
  state: 'sent',
  visibility: 'both',
  conversationId: 'c1',
  body,
})
/** The WeChat plugin seed's OnMapMsgClick fields: latitude, longitude, location, scale. */
const PLACE = { type: 'location', latitude: 23.1291, longitude: 113.2644, label: '广州市天河区体育西路', scale: 16 } as const
const MESSAGES = [message('m1', 1, PLACE), message('m2', 2, { type: 'location', latitude: -33.86, longitude: 151.21 })]

function fakeHosts() {
  const hosts: (PluginHost & { options: PluginHostOptions; mapMsgClick: ReturnType<typeof vi.fn>; crmUpdated: ReturnType<typeof vi.fn>; destroy: ReturnType<typeof vi.fn> })[] = []
  const createHost = (options: PluginHostOptions) => {
    const host = { options, status: 'ready' as const, selectVisitor: vi.fn(), receiveMessage: vi.fn(), crmUpdated: vi.fn(), mapMsgClick: vi.fn(), destroy: vi.fn() }
    hosts.push(host)
    return host
  }
  const live = (pluginId: string) => [...hosts].reverse().find((h) => h.options.plugin.pluginId === pluginId && h.destroy.mock.calls.length === 0)!
  return { hosts, createHost, live }
}

function setup() {
  const http = fakeFetch({
    ...LOGIN_ROUTES,
    'GET /api/v1/visitors/v1/messages': { body: MESSAGES },
    'GET /api/v1/plugins': { body: PLUGINS },
    'POST /api/v1/plugins/crm/context-proof': { body: PROOF },
    'POST /api/v1/plugins/erp/context-proof': { body: { ...PROOF, signature: 'cd' } },
    'GET /api/v1/quick-replies': { body: [] },
  })
  const desk = createDesk({ fetch: http.fetch, WebSocket: FakeSocket, storage: memorySession(), pingMs: 0 })
  const plugins = fakeHosts()
  render(<App desk={desk} createHost={plugins.createHost as never} locale="zh-CN" />)
  return { desk, plugins }
}

async function signIn(crm: Record<string, string | number> = { uname: '小王' }) {
  fireEvent.change(screen.getByTestId('login-email'), { target: { value: 'amy@demo.kefu.local' } })
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'right' } })
  fireEvent.click(screen.getByTestId('login-submit'))
  await waitFor(() => expect(FakeSocket.instances).toHaveLength(1))
  const socket = FakeSocket.last
  act(() => {
    socket.open()
    socket.receive(welcome({ visitors: [visitor({ crm })], conversations: [conversation()] }))
  })
  return socket
}

beforeEach(() => {
  FakeSocket.instances = []
})
afterEach(cleanup)

describe('crmUpdateOf', () => {
  it('names gender, age and wechat as Echat’s onCrmUpdate does, and leaves out what did not change', () => {
    expect(crmUpdateOf('v1', { gender: 0, age: 0, wechat: 'wxid_a', realname: '王莉', remark: 'r' })).toEqual({
      visitorId: 'v1',
      name: '王莉',
      gender: 0,
      age: 0,
      wechat: 'wxid_a',
      memo: 'r',
    })
    expect(crmUpdateOf('v1', { tel: '139' })).toEqual({ visitorId: 'v1', phone: '139' })
  })
})

describe('location messages', () => {
  it('shows the label and coordinates; 查看位置 tells every plugin OnMapMsgClick with the seed’s fields', async () => {
    const { plugins } = setup()
    await signIn()
    await screen.findByTestId('plugin-tab-erp')
    fireEvent.click(screen.getByTestId('conv-c1'))
    const shown = await screen.findByTestId('message-m1')
    expect(shown.getAttribute('data-type')).toBe('location')
    expect(shown.textContent).toContain('广州市天河区体育西路')
    expect(shown.textContent).toContain('23.1291, 113.2644')
    await waitFor(() => expect(plugins.live('erp').selectVisitor).toHaveBeenCalled())

    fireEvent.click(within(shown).getByRole('button', { name: '查看位置' }))
    const click = { latitude: 23.1291, longitude: 113.2644, location: '广州市天河区体育西路', scale: 16 }
    expect(plugins.live('erp').mapMsgClick).toHaveBeenCalledTimes(1)
    expect(plugins.live('erp').mapMsgClick).toHaveBeenCalledWith(click)
    expect(plugins.live('crm').mapMsgClick).toHaveBeenCalledWith(click)

    // Without a label or scale: the coordinates are the text; the location is empty and the zoom street level.
    const bare = screen.getByTestId('message-m2')
    expect(bare.textContent).toContain('-33.86, 151.21')
    fireEvent.click(screen.getByTestId('location-m2'))
    expect(plugins.live('erp').mapMsgClick).toHaveBeenLastCalledWith({ latitude: -33.86, longitude: 151.21, location: '', scale: 15 })
  })

  it('previews a location message in the conversation list by its label', async () => {
    setup()
    const socket = await signIn()
    act(() => socket.receive({ type: 'message', conversationId: 'c1', visitorId: 'v1', message: { ...MESSAGES[0]!, id: 'n1', seq: 3 } }))
    expect(screen.getByTestId('conv-c1').textContent).toContain('[位置] 广州市天河区体育西路')
  })
})

describe('the CRM form: gender, age, wechat', () => {
  it('shows the stored values and saves them as numbers; the plugins hear onCrmUpdate with them', async () => {
    const { plugins } = setup()
    const socket = await signIn({ uname: '小王', gender: 1, age: 30, wechat: 'wxid_old' })
    await screen.findByTestId('plugin-tab-erp')
    fireEvent.click(screen.getByTestId('conv-c1'))
    const gender = screen.getByTestId('crm-gender') as HTMLSelectElement
    expect(gender.value).toBe('1')
    expect([...gender.options].map((o) => o.textContent)).toEqual(['未知', '男', '女'])
    expect((screen.getByTestId('crm-age') as HTMLInputElement).value).toBe('30')
    expect((screen.getByTestId('crm-wechat') as HTMLInputElement).value).toBe('wxid_old')

    fireEvent.change(gender, { target: { value: '2' } })
    fireEvent.change(screen.getByTestId('crm-age'), { target: { value: '31' } })
    fireEvent.change(screen.getByTestId('crm-wechat'), { target: { value: 'wxid_new' } })
    fireEvent.click(screen.getByTestId('crm-save'))
    const frame = socket.sentOfType('visitor.update')[0]!
    expect(frame).toMatchObject({ visitorId: 'v1', crm: { gender: 2, age: 31, wechat: 'wxid_new' } })
    expect(Object.keys(frame.crm as object).sort()).toEqual(['age', 'gender', 'wechat'])
    act(() => socket.receive({ type: 'ack', cid: frame.cid as string }))
    expect(await screen.findByTestId('crm-saved')).toBeTruthy()
    expect(plugins.live('erp').crmUpdated).toHaveBeenCalledWith({ visitorId: 'v1', gender: 2, age: 31, wechat: 'wxid_new' })
  })

  it('an unset gender shows 未知 and is not written unless picked; a bad age is refused before sending', async () => {
    setup()
    const socket = await signIn({ uname: '小王' })
    fireEvent.click(screen.getByTestId('conv-c1'))
    expect((screen.getByTestId('crm-gender') as HTMLSelectElement).value).toBe('0')
    for (const age of ['151', '-1', '2.5']) {
      fireEvent.change(screen.getByTestId('crm-age'), { target: { value: age } })
      // The browser's own check (min/max/step) stops the button; a submit past it meets ours.
      fireEvent.click(screen.getByTestId('crm-save'))
      expect(socket.sentOfType('visitor.update')).toEqual([])
      fireEvent.submit(screen.getByTestId('crm-form'))
      expect(screen.getByRole('alert').textContent).toContain('0–150')
    }
    expect(socket.sentOfType('visitor.update')).toEqual([])

    fireEvent.change(screen.getByTestId('crm-age'), { target: { value: '0' } })
    fireEvent.change(screen.getByTestId('crm-tel'), { target: { value: '139' } })
    fireEvent.click(screen.getByTestId('crm-save'))
    expect(socket.sentOfType('visitor.update')[0]).toMatchObject({ crm: { age: 0, tel: '139' } })
    expect(socket.sentOfType('visitor.update')[0]!.crm).not.toHaveProperty('gender')
  })
})
