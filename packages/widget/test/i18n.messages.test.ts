import { describe, expect, it } from 'vitest'
import { ORDER_STATUS_TEXT } from '@kefu/core/cards'
import { LOCALES, MESSAGES, en, t, zhCN, zhTW, type Locale, type MessageKey } from '../src/i18n'

const KEYS = Object.keys(zhCN).sort() as MessageKey[]
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('dictionaries', () => {
  it('there are three locales, the same three as core’s ORDER_STATUS_TEXT', () => {
    expect([...LOCALES]).toEqual(['zh-CN', 'zh-TW', 'en'])
    expect(Object.keys(MESSAGES).sort()).toEqual([...LOCALES].sort())
    expect(Object.keys(ORDER_STATUS_TEXT).sort()).toEqual([...LOCALES].sort())
    expect(MESSAGES).toEqual({ 'zh-CN': zhCN, 'zh-TW': zhTW, en })
  })

  it.each(LOCALES)('%s has every key and no other', (locale) => {
    expect(Object.keys(MESSAGES[locale]).sort()).toEqual(KEYS)
    expect(KEYS.length).toBeGreaterThan(100)
  })

  it.each(LOCALES)('%s: every string is non-empty and trimmed', (locale) => {
    for (const key of KEYS) {
      const text = MESSAGES[locale][key]
      expect(text, key).toMatch(/\S/)
      expect(text.trim(), key).toBe(text)
    }
  })

  it('every key takes the same {placeholders} in every locale', () => {
    for (const key of KEYS) {
      const expected = placeholders(zhCN[key])
      expect(placeholders(zhTW[key]), key).toEqual(expected)
      expect(placeholders(en[key]), key).toEqual(expected)
    }
    expect(placeholders(zhCN['status.queue'])).toEqual(['position'])
    expect(placeholders(zhCN['status.chatting'])).toEqual(['name'])
    expect(placeholders(zhCN['a11y.newMessage'])).toEqual(['name', 'text'])
  })

  it('keys are grouped by area, one dot deep', () => {
    const areas = new Set(KEYS.map((key) => key.split('.')[0]))
    expect([...areas].sort()).toEqual(
      ['a11y', 'bot', 'card', 'common', 'composer', 'error', 'evaluation', 'header', 'invite', 'launcher', 'leave', 'message', 'notice', 'status', 'title', 'window'].sort(),
    )
    for (const key of KEYS) expect(key).toMatch(/^[a-z0-9]+\.[a-zA-Z0-9]+$/)
  })

  it('order statuses are not duplicated here: they come from core’s ORDER_STATUS_TEXT', () => {
    for (const locale of LOCALES) {
      const values = new Set(Object.values(MESSAGES[locale]))
      for (const text of Object.values(ORDER_STATUS_TEXT[locale])) expect(values.has(text), text).toBe(false)
    }
  })
})

describe('the strings the brief names', () => {
  const all = (key: MessageKey) => LOCALES.map((locale) => t(locale, key as 'bot.handoff'))

  it('the bot handoff button, the title flash, the window buttons', () => {
    expect(all('bot.handoff')).toEqual(['转人工', '轉人工', 'Talk to an agent'])
    expect(all('title.newMessage')).toEqual(['您有新消息', '您有新訊息', 'New message'])
    expect(all('window.close')).toEqual(['关闭', '關閉', 'Close'])
    expect(all('window.minimize')).toEqual(['最小化', '最小化', 'Minimize'])
    expect(all('window.maximize')).toEqual(['最大化', '最大化', 'Maximize'])
  })

  it('evaluation scores 1–5', () => {
    const scores = (locale: Locale) =>
      (['evaluation.score1', 'evaluation.score2', 'evaluation.score3', 'evaluation.score4', 'evaluation.score5'] as const).map((key) =>
        t(locale, key),
      )
    expect(scores('zh-CN')).toEqual(['非常不满意', '不满意', '一般', '满意', '非常满意'])
    expect(scores('zh-TW')).toEqual(['非常不滿意', '不滿意', '普通', '滿意', '非常滿意'])
    expect(scores('en')).toEqual(['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'])
  })

  it('every status, composer, leave-message and message-state string exists in each locale', () => {
    const needed: MessageKey[] = [
      'header.typing',
      'composer.placeholder', 'composer.send', 'composer.emoji', 'composer.uploadImage', 'composer.uploadFile',
      'composer.fileTooLarge', 'composer.fileTypeNotAllowed',
      'status.connecting', 'status.reconnecting', 'status.waiting', 'status.queue', 'status.bot', 'status.chatting',
      'status.offlineLeaveMessage', 'status.offlineDisabled', 'status.offlineRedirect', 'status.overloaded',
      'status.endedByVisitor', 'status.endedByAgent', 'status.endedByLogout', 'status.endedBySystem', 'status.endedByInactivity',
      'leave.name', 'leave.phone', 'leave.email', 'leave.content', 'leave.submit', 'leave.thanks', 'leave.contentRequired', 'leave.failed',
      'evaluation.comment', 'evaluation.submit', 'evaluation.skip', 'evaluation.thanks',
      'card.amount', 'message.sending', 'message.failed', 'message.retry',
      'a11y.newMessage', 'invite.title', 'invite.accept',
    ]
    for (const locale of LOCALES) for (const key of needed) expect(MESSAGES[locale][key], `${locale} ${key}`).toBeTruthy()
  })
})

describe('each locale is written in its own script and usage', () => {
  const SIMPLIFIED_ONLY = '们这个为务发线连网络请输说话对时间图传载评价满选择确认关闭开启显订单编号计详语视频统机转级与从么没问题联邮电码错误异试还让实现经过长门见书产专业态离处帮于无断户访应该写内录记条则读'
  const TRADITIONAL_ONLY = '們這個為務發線連網絡請輸說話對時間圖傳載評價滿選擇確認關閉開啟顯訂單編號計詳語視頻統機轉級與從麼沒問題聯郵電碼錯誤異試還讓實現經過長門見書產專業態離處幫於無斷戶訪應該寫內錄記條則讀'
  const text = (locale: Locale) => Object.values(MESSAGES[locale]).join('\n')

  it('zh-TW has no simplified characters and zh-CN no traditional ones', () => {
    expect([...text('zh-TW')].filter((c) => SIMPLIFIED_ONLY.includes(c))).toEqual([])
    expect([...text('zh-CN')].filter((c) => TRADITIONAL_ONLY.includes(c))).toEqual([])
  })

  it('zh-TW uses Taiwan vocabulary, not converted mainland terms', () => {
    const mainlandTerms = ['文件', '網絡', '窗口', '發送', '智能', '消息', '支持', '連接', '服務器', '信息', '默認', '視頻', '提交', '加載']
    const zhTWText = text('zh-TW')
    expect(mainlandTerms.filter((term) => zhTWText.includes(term))).toEqual([])
    for (const term of ['訊息', '客服', '轉人工', '評價', '上傳', '檔案', '網路', '連線', '視窗', '傳送', '智慧', '支援']) {
      expect(zhTWText, term).toContain(term)
    }
  })

  it('en has no Chinese characters', () => {
    expect(text('en')).not.toMatch(/[\u4e00-\u9fff]/)
  })
})

describe('t', () => {
  it('fills placeholders, numbers included', () => {
    expect(t('zh-CN', 'status.queue', { position: 3 })).toBe('您当前排在第 3 位，请耐心等待')
    expect(t('zh-TW', 'status.chatting', { name: '小洽' })).toBe('客服 小洽 正在為您服務')
    expect(t('en', 'a11y.newMessage', { name: 'Amy', text: 'Hello' })).toBe('New message from Amy: Hello')
    expect(t('en', 'launcher.unread', { count: 0 })).toBe('Unread messages: 0')
  })

  it('returns strings without placeholders as they are, and leaves a placeholder without a value as written', () => {
    expect(t('en', 'composer.send')).toBe('Send')
    expect(t('en', 'status.chatting', {} as { name: string })).toBe('You are chatting with {name}')
    expect(t('en', 'composer.fileTooLarge', { max: '$&{max}' })).toBe('Files must be $&{max} or smaller')
  })

  it('falls back to zh-CN for a locale it does not know', () => {
    expect(t('ja' as Locale, 'bot.handoff')).toBe('转人工')
  })

  it('checks keys and placeholders at compile time', () => {
    // @ts-expect-error an unknown key
    expect(t('en', 'nope.nope')).toBe('nope.nope')
    // @ts-expect-error status.queue needs {position}
    expect(t('en', 'status.queue')).toBe('You are number {position} in the queue')
    // @ts-expect-error status.chatting takes {name}, not {agent}
    expect(t('en', 'status.chatting', { agent: 'Amy' })).toBe('You are chatting with {name}')
  })
})
