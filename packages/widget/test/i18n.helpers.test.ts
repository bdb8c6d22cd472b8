import { describe, expect, it } from 'vitest'
import { END_REASONS, INITIAL_CHAT_SNAPSHOT, type ChatSnapshot, type ChatStatus } from '@kefu/core'
import { ORDER_STATUS_TEXT } from '@kefu/core/cards'
import { chatStatusText, formatAmount, LOCALES, noticeText, orderStatusText } from '../src/i18n'

const snap = (status: ChatStatus, patch: Partial<ChatSnapshot> = {}) => ({ ...INITIAL_CHAT_SNAPSHOT, connection: 'online' as const, status, ...patch })

describe('chatStatusText', () => {
  it('names every chat status, in zh-CN', () => {
    expect(chatStatusText('zh-CN', snap({ name: 'idle' }))).toBe('')
    expect(chatStatusText('zh-CN', snap({ name: 'waiting' }))).toBe('正在为您接入客服，请稍候…')
    expect(chatStatusText('zh-CN', snap({ name: 'waiting' }, { queuePosition: 2 }))).toBe('您当前排在第 2 位，请耐心等待')
    expect(chatStatusText('zh-CN', snap({ name: 'bot' }))).toBe('智能客服为您服务')
    expect(chatStatusText('zh-CN', snap({ name: 'chatting' }, { staff: { staffId: '1', staffNickName: '小洽', recordId: '1_1' } }))).toBe(
      '客服 小洽 正在为您服务',
    )
    expect(chatStatusText('zh-CN', snap({ name: 'chatting' }))).toBe('客服正在为您服务')
    expect(chatStatusText('zh-CN', snap({ name: 'offline', mode: 'leave-message' }))).toBe('客服当前不在线，请留言')
    expect(chatStatusText('zh-CN', snap({ name: 'offline', mode: 'disabled' }))).toBe('客服当前不在线，请稍后再来')
    expect(chatStatusText('zh-CN', snap({ name: 'offline', mode: 'redirect', url: 'https://x.test' }))).toBe('客服当前不在线，正在为您跳转…')
    expect(chatStatusText('zh-CN', snap({ name: 'overloaded' }))).toBe('您打开的对话窗口过多，请关闭其他窗口后重试')
  })

  it('has a distinct text for every end reason, in every locale', () => {
    for (const locale of LOCALES) {
      const texts = END_REASONS.map((reason) => chatStatusText(locale, snap({ name: 'ended', reason, needsEvaluation: false })))
      expect(new Set(texts).size).toBe(END_REASONS.length)
    }
    const zh = END_REASONS.map((reason) => chatStatusText('zh-CN', snap({ name: 'ended', reason, needsEvaluation: true })))
    expect(zh).toEqual(['对话已结束', '您已结束本次对话', '客服已结束本次对话', '客服已下线，对话结束', '系统已关闭本次对话', '由于您长时间未回复，对话已结束'])
  })

  it('shows the connection while it is not up', () => {
    const chatting = snap({ name: 'chatting' })
    expect(chatStatusText('en', { ...chatting, connection: 'connecting' })).toBe('Connecting…')
    expect(chatStatusText('en', { ...chatting, connection: 'reconnecting' })).toBe('Connection lost. Reconnecting…')
    expect(chatStatusText('zh-TW', { ...chatting, connection: 'offline' })).toBe('無法連線到伺服器')
    expect(chatStatusText('en', { ...chatting, connection: 'idle' })).toBe('You are chatting with an agent')
  })
})

describe('noticeText', () => {
  it('localizes the server’s notice codes, with the agent’s name when known', () => {
    expect(noticeText('zh-CN', { type: 'notice', code: 'agent.joined', text: 'Amy is now serving you' }, 'Amy')).toBe('客服 Amy 正在为您服务')
    expect(noticeText('zh-TW', { type: 'notice', code: 'agent.joined', text: 'x' })).toBe('客服正在為您服務')
    expect(noticeText('zh-TW', { type: 'notice', code: 'agent.transferred', text: 'x' }, '小洽')).toBe('已為您轉接至客服 小洽')
    expect(noticeText('en', { type: 'notice', code: 'agent.transferred', text: 'x' })).toBe('You were transferred to another agent')
    expect(noticeText('zh-CN', { type: 'notice', code: 'chat.ended.8', text: 'The chat has ended' })).toBe('由于您长时间未回复，对话已结束')
  })

  it('keeps the server’s text for codes it does not know', () => {
    expect(noticeText('zh-CN', { type: 'notice', text: '欢迎光临' })).toBe('欢迎光临')
    expect(noticeText('zh-CN', { type: 'notice', code: 'chat.ended.3', text: 'The chat has ended' })).toBe('The chat has ended')
    expect(noticeText('zh-CN', { type: 'notice', code: 'promo', text: '限时优惠' })).toBe('限时优惠')
  })
})

describe('order cards', () => {
  it('status text comes from core’s ORDER_STATUS_TEXT; status 0 shows statusCustom', () => {
    for (const locale of LOCALES) {
      for (const status of [1, 2, 3, 4, 5, 6, 7] as const) {
        expect(orderStatusText(locale, { orderStatus: status })).toBe(ORDER_STATUS_TEXT[locale][status])
      }
    }
    expect(orderStatusText('zh-CN', { orderStatus: 1 })).toBe('待付款')
    expect(orderStatusText('en', { orderStatus: 0, statusCustom: '自定义状态' })).toBe('自定义状态')
    expect(orderStatusText('zh-TW', { orderStatus: 0 })).toBe('自訂狀態')
  })

  it('amounts are fen formatted by core’s formatFen (total_fee 1000 = 10.00)', () => {
    expect(formatAmount('zh-CN', 1000)).toBe('¥10.00')
    expect(formatAmount('zh-TW', 1000)).toBe('CN¥10.00')
    expect(formatAmount('en', 5)).toBe('CN¥0.05')
    expect(formatAmount('zh-CN', 123456)).toBe('¥1234.56')
  })
})
