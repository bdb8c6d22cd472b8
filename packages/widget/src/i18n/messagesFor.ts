import type { Locale } from './locale'
import { MESSAGES, type Messages } from './messages'

/**
 * The strings of a locale, zh-CN for an unknown one. The chat window's browser build replaces this
 * module with `messagesFor.browser.ts`, so a visitor downloads only their own language.
 */
export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale] ?? MESSAGES['zh-CN']
}
