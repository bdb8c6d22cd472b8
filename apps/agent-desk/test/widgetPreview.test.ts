import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ADMIN_TEXT } from '../src/admin/i18n'
import { previewWelcome, type PreviewInput } from '../src/admin/sections/previewWelcome'
import { previewWindowUrl } from '../src/admin/sections/WidgetPreview'

const SETTINGS: PreviewInput['settings'] = {
  brandColor: '#0A7B5F',
  receptionMode: 3,
  robotName: '小助手',
  robotHelloWord: '欢迎光临示例商店！',
  agentHelloWord: '您好，我是客服。',
  agentOfflineTitle: '客服已下班，请留言。',
  offline: { mode: 'leave-message' },
}
const zh = ADMIN_TEXT['zh-CN'].widget.visitorTexts

const welcome = (patch: Partial<PreviewInput['settings']>, agentsOnline = true, texts = zh) =>
  previewWelcome({ settings: { ...SETTINGS, ...patch }, companyName: '示例商店', agentsOnline, agentName: 'Amy', texts })
const said = (frame: ReturnType<typeof welcome>) => frame.messages.map((m) => [m.sender, m.body.type === 'text' || m.body.type === 'notice' ? m.body.text : m.body.type, m.senderName])

describe('the welcome the preview window is fed', () => {
  it('bot only and bot first: the bot greets with its name and the welcome being typed, in the brand colour', () => {
    for (const mode of [1, 3] as const) {
      const frame = welcome({ receptionMode: mode })
      expect(frame.status).toEqual({ name: 'bot' })
      expect(said(frame)).toEqual([['bot', '欢迎光临示例商店！', '小助手']])
      expect(frame).toMatchObject({ type: 'welcome', themeColor: '#0a7b5f', agentsOnline: true, companyName: '示例商店', unread: 0, readSeq: 1, staff: null })
    }
    // Bot only does not care whether agents are online.
    expect(said(welcome({ receptionMode: 1 }, false))).toEqual([['bot', '欢迎光临示例商店！', '小助手']])
    expect(welcome({ receptionMode: 1 }, false).status).toEqual({ name: 'bot' })
  })

  it('agents only and agents first: an agent joins (the notice the server words) and sends the agent welcome', () => {
    for (const mode of [2, 4] as const) {
      const frame = welcome({ receptionMode: mode })
      expect(frame.status).toEqual({ name: 'chatting' })
      expect(frame.staff).toMatchObject({ staffNickName: 'Amy' })
      expect(said(frame)).toEqual([
        ['system', '客服 Amy 正在为您服务', undefined],
        ['agent', '您好，我是客服。', 'Amy'],
      ])
    }
    // No agent welcome: the notice alone.
    expect(said(welcome({ receptionMode: 2, agentHelloWord: '  ' }))).toEqual([['system', '客服 Amy 正在为您服务', undefined]])
  })

  it('nobody online: bot first ends in the offline text and status; agents only in the status; agents first in the bot', () => {
    const botFirst = welcome({ receptionMode: 3 }, false)
    expect(said(botFirst)).toEqual([
      ['bot', '欢迎光临示例商店！', '小助手'],
      ['bot', '客服已下班，请留言。', '小助手'],
    ])
    expect(botFirst.status).toEqual({ name: 'offline', mode: 'leave-message' })
    expect(botFirst.agentsOnline).toBe(false)
    const agentsOnly = welcome({ receptionMode: 2, offline: { mode: 'redirect', url: 'https://shop.example.com/help' } }, false)
    expect(agentsOnly.messages).toEqual([])
    expect(agentsOnly.status).toEqual({ name: 'offline', mode: 'redirect', url: 'https://shop.example.com/help' })
    expect(welcome({ receptionMode: 4 }, false).status).toEqual({ name: 'bot' })
  })

  it("blank texts are kefu's own in the preview's language; a colour still being typed leaves kefu's", () => {
    const en = ADMIN_TEXT.en.widget.visitorTexts
    const frame = welcome({ receptionMode: 3, robotHelloWord: '', agentOfflineTitle: ' ', brandColor: '#0a7b' }, false, en)
    expect(said(frame).map(([, text]) => text)).toEqual([en.robotHello, en.agentOffline])
    expect(frame.themeColor).toBeUndefined()
    expect(welcome({ brandColor: null }).themeColor).toBeUndefined()
  })

  it("kefu's own words are the server's, in each language", () => {
    const server = readFileSync(join(import.meta.dirname, '../../../packages/server/src/chat/visitorTexts.ts'), 'utf8')
    for (const locale of ['zh-CN', 'zh-TW', 'en'] as const) {
      const texts = ADMIN_TEXT[locale].widget.visitorTexts
      expect(server).toContain(`robotHello: ${JSON.stringify(texts.robotHello)}`.replace(/"/g, "'"))
      expect(server).toContain(`agentOffline: ${JSON.stringify(texts.agentOffline)}`.replace(/"/g, "'"))
      expect(server).toContain(texts.joined('${name}'))
    }
  })

  it('the window page in preview mode, on the console’s origin, in the chosen language', () => {
    expect(previewWindowUrl('https://kefu.example.com', 'shop 1', 'zh-TW')).toBe('https://kefu.example.com/chat?companyId=shop+1&locale=zh-TW#preview')
  })
})
