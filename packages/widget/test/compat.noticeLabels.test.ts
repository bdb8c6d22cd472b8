import type { MessageBody } from '@kefu/core'
import { describe, expect, it } from 'vitest'
import { messageLabel, t } from '../src'

const joined: MessageBody = { type: 'notice', code: 'agent.joined', text: 'Amy is now serving you' }
const ended: MessageBody = { type: 'notice', code: 'chat.ended.2', text: 'The chat has ended' }

describe('system notices in newMsg and receive_message', () => {
  it('speak the visitor’s language when it is known', () => {
    expect(messageLabel(joined, 'zh-CN', 'Amy')).toBe(t('zh-CN', 'status.chatting', { name: 'Amy' }))
    expect(messageLabel(joined, 'zh-TW', 'Amy')).toBe(t('zh-TW', 'status.chatting', { name: 'Amy' }))
    expect(messageLabel(ended, 'zh-CN')).not.toBe('The chat has ended')
    expect(messageLabel(ended, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/)
  })

  it('keep the server’s text without a locale or for an unknown code, HTML-escaped', () => {
    expect(messageLabel(joined)).toBe('Amy is now serving you')
    expect(messageLabel({ type: 'notice', code: 'custom', text: '<b>hi</b>' }, 'en')).toBe('&lt;b&gt;hi&lt;/b&gt;')
  })
})

describe('location messages in newMsg and receive_message', () => {
  const place: MessageBody = { type: 'location', latitude: 31.2304, longitude: 121.4737, label: '上海 <人民广场>', scale: 16 }
  it('are [位置] in Chinese and [location] otherwise, with the label HTML-escaped', () => {
    expect(messageLabel(place, 'zh-CN')).toBe('[位置] 上海 &lt;人民广场&gt;')
    expect(messageLabel(place, 'zh-TW')).toBe('[位置] 上海 &lt;人民广场&gt;')
    expect(messageLabel(place, 'en')).toBe('[location] 上海 &lt;人民广场&gt;')
    expect(messageLabel(place)).toBe('[location] 上海 &lt;人民广场&gt;')
  })

  it('without a label name the coordinates', () => {
    expect(messageLabel({ type: 'location', latitude: -33.86, longitude: 151.21 }, 'zh-CN')).toBe('[位置] -33.86, 151.21')
  })
})
