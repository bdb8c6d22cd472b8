// @vitest-environment jsdom
import { createTestAgent, type TestAgent } from '@kefu/core/testing'
import { act, cleanup, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { startChatWindow } from '../src/chatWindow/startChatWindow'

// The chat window page as a link or a popup opens it: its own URL carries the page's parameters.

let agent: TestAgent
afterEach(() => {
  cleanup()
  document.head.innerHTML = ''
  document.body.innerHTML = ''
  localStorage.clear()
  sessionStorage.clear()
})

async function open(query: string, prepare?: (agent: TestAgent) => void) {
  history.replaceState(null, '', `/chat?${query}`)
  agent = createTestAgent({ onRequest: 'bot' })
  prepare?.(agent)
  // A fresh root each time: Preact keeps its tree on the element it rendered into.
  const root = document.body.appendChild(document.createElement('div'))
  const client = startChatWindow({ transport: agent.transport, root })
  await act(() => agent.settle())
  return client
}

const requests = () => agent.received.filter((frame) => frame.type === 'chat.request')

describe('the chat window page: routing from the page or the link', () => {
  it("Sobot 接待模式 (the seed's example): the first requestChat carries type, robotid, agentid and groupid", async () => {
    // zc("config",{ type:3, robotid:2, agentid:'1q2w3e4r', groupid:'4r3e2w1q' }) as the host puts it in the link.
    await open('sysnum=c1&type=3&robotid=2&agentid=1q2w3e4r&groupid=4r3e2w1q')
    expect(requests()).toEqual([
      { type: 'chat.request', cid: expect.any(String), trigger: 'open', routing: { mode: 3, groupId: '4r3e2w1q', agentId: '1q2w3e4r', robotId: '2' } },
    ])
  })

  it("a chat link's type=1, agent_mode_flag, queueFirst and the seed's transfer_action", async () => {
    const action = [
      { actionType: 'to_group', optionId: '3', deciId: '162bb6bb038d4a9ea018241a30694064', spillId: '4' },
      { actionType: 'to_group', optionId: '4', deciId: 'cae6834444ac43e39d95b1725d2ae454' },
    ]
    await open(`sysnum=c1&type=1&agentid=a1&agent_mode_flag=1&queueFirst=1&transfer_action=${encodeURIComponent(JSON.stringify(action))}`)
    expect(requests()).toHaveLength(1)
    expect(requests()[0]).toMatchObject({
      routing: {
        mode: 1,
        agentId: 'a1',
        agentModeFlag: 1,
        queueFirst: true,
        transferActions: [
          { actionType: 'to_group', deciId: '162bb6bb038d4a9ea018241a30694064', optionId: 3, spillId: 4 },
          { actionType: 'to_group', deciId: 'cae6834444ac43e39d95b1725d2ae454', optionId: 4 },
        ],
      },
    })
  })

  it('no routing in the link: one request with empty routing, as before', async () => {
    await open('companyId=12191&echatTag=商品测试')
    expect(requests()).toEqual([{ type: 'chat.request', cid: expect.any(String), trigger: 'open', routing: {} }])
  })
})

describe('the chat window page: Sobot 安全密钥', () => {
  it("a visitor the server refuses sees the seed's prompt at once, before typing anything, and cannot chat", async () => {
    await open('sysnum=c1&partnerid=u1&sign=0123456789abcdef0123456789abcdef&locale=cn', (agent) =>
      agent.failNext('chat.request', 'forbidden', 'this company only serves verified members'),
    )
    const alert = screen.getByRole('alert')
    // The seed: 弹出提示框"经验证当前用户为非法用户,不予接入客户服务中心" (its comma, in Chinese text, is ，).
    expect(alert.textContent!.replace('，', ',')).toBe('经验证当前用户为非法用户,不予接入客户服务中心')
    expect((document.querySelector('#kf-input') as HTMLTextAreaElement).disabled).toBe(true)
    expect(agent.received.filter((frame) => frame.type === 'message.send')).toEqual([])
  })

  it.each([
    ['tw', '經驗證當前用戶為非法用戶，不予接入客戶服務中心'],
    ['en', 'We could not verify your account, so customer service is not available to you.'],
  ])('locale=%s: the prompt in that language', async (locale, text) => {
    await open(`sysnum=c1&locale=${locale}`, (agent) => agent.failNext('chat.request', 'forbidden', 'verified members only'))
    expect(screen.getByRole('alert').textContent).toBe(text)
  })

  it('any other refusal is not the prompt', async () => {
    await open('sysnum=c1', (agent) => agent.failNext('chat.request', 'invalid_argument', 'refused'))
    expect(screen.queryByRole('alert')).toBeNull()
  })
})

describe('the chat window page: Echat chatWindowParam', () => {
  const style = () => [...document.head.querySelectorAll('style')].map((s) => s.textContent).join('\n')

  it("the seed's chatWindowParam: the chat area at most 900 × 600, centred; bgImage stretched (bgRepeat 1) replaces bgColor", async () => {
    const param = { maxWidth: 900, maxHeight: 600, bgColor: '#000000', bgImage: 'http://qnfile.echatsoft.com/a2abc059-1cce-4358-b091-b3292d769aca', bgRepeat: 1, name: 'echatChatWindow', width: 1000, height: 700 }
    await open(`companyId=12191&chatWindowParam=${encodeURIComponent(JSON.stringify(param))}`)
    expect(style()).toContain('.kf{width:100%;max-width:900px;max-height:600px;')
    expect(style()).toContain('body{display:flex;align-items:center;justify-content:center;background:#fff url("http://qnfile.echatsoft.com/a2abc059-1cce-4358-b091-b3292d769aca") center/100% 100% no-repeat}')
  })

  it.each([
    [{ maxWidth: 900, bgColor: '#000000' }, 'background:#000000}', '.kf{width:100%;max-width:900px;box-shadow'],
    [{ maxHeight: 600 }, 'background:#fff}', '.kf{width:100%;max-height:600px;box-shadow'],
    [{ maxWidth: 500, bgImage: 'https://img.example/bg.png' }, 'url("https://img.example/bg.png") center/auto no-repeat}', 'max-width:500px'],
    [{ maxWidth: 500, bgImage: 'https://img.example/bg.png', bgRepeat: 2 }, 'url("https://img.example/bg.png") center/auto repeat}', 'max-width:500px'],
  ])('%j', async (param, background, area) => {
    await open(`companyId=12191&chatWindowParam=${encodeURIComponent(JSON.stringify(param))}`)
    expect(style()).toContain(background)
    expect(style()).toContain(area)
  })

  it('without a size limit nothing changes (the area fills the window; a background would never show)', async () => {
    await open(`companyId=12191&chatWindowParam=${encodeURIComponent(JSON.stringify({ bgColor: '#000000', width: 1000 }))}`)
    expect(style()).not.toContain('body{')
    expect(style()).not.toContain('#000000')
  })
})

describe('the chat window page: the card it opens with', () => {
  it("Echat's default: a visEvt carried when the window first opens is a system message (customizeMsgType 2), unless the page set one", async () => {
    const visEvt = { eventId: 'prod-12617', title: '这是一条来自api文档的测试图文消息', content: '原价:¥100.00' }
    await open(`companyId=12191&visEvt=${encodeURIComponent(JSON.stringify(visEvt))}`)
    const sent = agent.received.filter((frame) => frame.type === 'message.send')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ body: { type: 'product', card: { eventId: 'prod-12617', customizeMsgType: 2 } } })
    sessionStorage.clear()
    await open(`companyId=12191&visEvt=${encodeURIComponent(JSON.stringify({ ...visEvt, customizeMsgType: 1 }))}`)
    expect(agent.received.find((frame) => frame.type === 'message.send')).toMatchObject({ body: { card: { customizeMsgType: 1 } } })
  })
})
