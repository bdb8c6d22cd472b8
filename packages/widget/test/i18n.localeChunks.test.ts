// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { en, zhCN } from '../src'
import { loadLocale } from '../src/i18n/loadLocale'
import { LOCALE_GLOBAL, messagesFor } from '../src/i18n/messagesFor.browser'

const registry = () => globalThis as unknown as Record<string, Record<string, unknown> | undefined>

describe('locale chunks in the chat window', () => {
  afterEach(() => {
    delete registry()[LOCALE_GLOBAL]
    document.head.innerHTML = ''
  })

  it('reads the strings a locale script registered, falling back to zh-CN, then to any', () => {
    expect(messagesFor('en')).toEqual({})
    registry()[LOCALE_GLOBAL] = { en }
    expect(messagesFor('en')).toBe(en)
    expect(messagesFor('zh-TW')).toBe(en) // the only one loaded
    registry()[LOCALE_GLOBAL] = { en, 'zh-CN': zhCN }
    expect(messagesFor('zh-TW')).toBe(zhCN)
  })

  it('loads chat-<locale>.js next to chat.js once, and reports a failed load', async () => {
    const loading = loadLocale('zh-TW', 'https://kefu.example/assets/')
    const script = document.head.querySelector('script')!
    expect(script.src).toBe('https://kefu.example/assets/chat-zh-TW.js')
    registry()[LOCALE_GLOBAL] = { 'zh-TW': zhCN }
    script.dispatchEvent(new Event('load'))
    await loading
    await loadLocale('zh-TW', 'https://kefu.example/assets/') // already there: no second script
    expect(document.head.querySelectorAll('script')).toHaveLength(1)

    const failing = loadLocale('en', 'https://kefu.example/assets/')
    document.head.querySelectorAll('script')[1]!.dispatchEvent(new Event('error'))
    await expect(failing).rejects.toThrow('the en strings could not be loaded')
  })
})
