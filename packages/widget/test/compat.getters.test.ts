import { describe, expect, it } from 'vitest'
import { INITIAL_CHAT_SNAPSHOT, type ChatMessage, type ChatSnapshot, type StaffInfo } from '@kefu/core'
import {
  echatGetters,
  sobotCollapseMessage,
  sobotFrameStatus,
  sobotOfflineMessageCount,
  sobotReceiveMessage,
} from '../src/compat'

const snap = (patch: Partial<ChatSnapshot> = {}): ChatSnapshot => ({ ...INITIAL_CHAT_SNAPSHOT, ...patch })
const staff: StaffInfo = {
  staffId: '1001',
  staffNickName: '小洽',
  staffPhone: '400-000-0000',
  staffHead: 'https://cdn.example.com/head.png',
  staffInfo: '金牌客服',
  recordId: '1_12312',
}

describe('echatGetters (seed 8, 15–18)', () => {
  it('before the server answers: status 0, no agent, no unread, window closed, no visitor id', () => {
    const echat = echatGetters(INITIAL_CHAT_SNAPSHOT)
    expect(echat.getChatStatus()).toBe(0)
    expect(echat.getChatStaffInfo()).toBe('')
    expect(echat.getUnReadMsgCount()).toBe(0)
    expect(echat.getMiniStatus()).toBe('close')
    expect(echat.getEchatVisitorId()).toBe('')
  })

  it('getChatStatus: 0 none or leave-message, 1 requesting, 2 chatting, 3 too many windows, 4 ended', () => {
    const codes = [
      { name: 'idle' },
      { name: 'offline', mode: 'leave-message' },
      { name: 'waiting' },
      { name: 'bot' },
      { name: 'chatting' },
      { name: 'overloaded' },
      { name: 'ended', reason: 1, needsEvaluation: false },
    ].map((status) => echatGetters(snap({ status: status as ChatSnapshot['status'] })).getChatStatus())
    expect(codes).toEqual([0, 0, 1, 2, 2, 3, 4])
  })

  it('while chatting with an agent: the staff object with the seed’s fields, the unread count and the visitor id', () => {
    const echat = echatGetters(snap({ status: { name: 'chatting' }, staff, unread: 3, visitorId: 'v-24092361', window: 'open' }))
    expect(echat.getChatStaffInfo()).toEqual({
      staffId: '1001',
      staffNickName: '小洽',
      staffPhone: '400-000-0000',
      staffHead: 'https://cdn.example.com/head.png',
      staffInfo: '金牌客服',
      recordId: '1_12312',
    })
    expect(echat.getUnReadMsgCount()).toBe(3)
    expect(echat.getEchatVisitorId()).toBe('v-24092361')
    expect(echat.getMiniStatus()).toBe('open')
  })

  it('getMiniStatus: open only while the window shows; minimized and closed are close', () => {
    expect(echatGetters(snap({ window: 'open' })).getMiniStatus()).toBe('open')
    expect(echatGetters(snap({ window: 'minimized' })).getMiniStatus()).toBe('close')
    expect(echatGetters(snap({ window: 'closed' })).getMiniStatus()).toBe('close')
  })

  it('answers from the snapshot it was given', () => {
    const before = echatGetters(snap({ unread: 1 }))
    echatGetters(snap({ unread: 5 }))
    expect(before.getUnReadMsgCount()).toBe(1)
  })
})

describe('Sobot payloads', () => {
  const message = (patch: Partial<ChatMessage> = {}): ChatMessage => ({
    id: 'm5',
    seq: 5,
    sender: 'agent',
    senderName: 'Amy',
    senderAvatar: 'https://img.sobot.com/console/common/face/admin.png',
    createdAt: 1586414406391,
    state: 'sent',
    visibility: 'both',
    body: { type: 'text', text: '您好' },
    ...patch,
  })
  const collapsed = snap({ status: { name: 'chatting' }, staff, window: 'minimized', readSeq: 4, unread: 1 })

  it('receive_message is { img, name, msg, t } with t the milliseconds as a string', () => {
    expect(sobotReceiveMessage(message(), collapsed)).toEqual({
      img: 'https://img.sobot.com/console/common/face/admin.png',
      name: 'Amy',
      msg: '您好',
      t: '1586414406391',
    })
  })

  it('falls back to the serving agent for img and name; msg labels like Echat newMsg', () => {
    const bare = message({ senderName: undefined, senderAvatar: undefined, body: { type: 'image', url: 'https://x.test/a.png' } })
    expect(sobotReceiveMessage(bare, collapsed)).toEqual({
      img: 'https://cdn.example.com/head.png',
      name: '小洽',
      msg: '[image]',
      t: '1586414406391',
    })
    expect(sobotReceiveMessage(message({ senderName: undefined, senderAvatar: undefined }), snap({ window: 'closed' }))).toMatchObject({
      img: '',
      name: '',
    })
    expect(sobotReceiveMessage(message({ body: { type: 'text', text: '<b>hi</b>' } }), collapsed)!.msg).toBe('&lt;b&gt;hi&lt;/b&gt;')
  })

  it('only while the window is collapsed, for unread messages from the agent side', () => {
    expect(sobotReceiveMessage(message(), { ...collapsed, window: 'open' })).toBeUndefined()
    expect(sobotReceiveMessage(message({ sender: 'visitor' }), collapsed)).toBeUndefined()
    expect(sobotReceiveMessage(message({ visibility: 'agent' }), collapsed)).toBeUndefined()
    expect(sobotReceiveMessage(message({ seq: 4 }), collapsed)).toBeUndefined()
    expect(sobotReceiveMessage(message({ sender: 'bot' }), collapsed)).toBeDefined()
  })

  it('frame_status is expand while open, collapse when minimized or closed', () => {
    expect(sobotFrameStatus('open')).toBe('expand')
    expect(sobotFrameStatus('minimized')).toBe('collapse')
    expect(sobotFrameStatus('closed')).toBe('collapse')
  })

  it('the collapse postMessage is the JSON string the seed’s listener parses', () => {
    const data = sobotCollapseMessage()
    expect(data).toBe('{"name":"zc_post_message","data":{"action":"chat_collapse_window"}}')
    // The seed's listener, verbatim in substance.
    const { name, data: payload } = JSON.parse(data)
    expect(name).toBe('zc_post_message')
    expect(payload.action).toBe('chat_collapse_window')
  })

  it('offline_message_count is the unread count when no conversation is under way', () => {
    expect(sobotOfflineMessageCount(snap({ status: { name: 'ended', reason: 2, needsEvaluation: false }, unread: 2 }))).toBe(2)
    expect(sobotOfflineMessageCount(snap({ status: { name: 'idle' }, unread: 1 }))).toBe(1)
    expect(sobotOfflineMessageCount(snap({ status: { name: 'chatting' }, unread: 3 }))).toBe(0)
  })
})
