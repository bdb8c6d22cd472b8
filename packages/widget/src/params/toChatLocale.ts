import type { ChatLocale } from './chatParams'

/**
 * The chat window's language for an Echat `lan` or a Sobot `locale`: zh, zh-cn, cn → zh-CN; tw, zh-tw,
 * zh-hk, zh-hant → zh-TW; en and en-* → en; anything else (ja, de, nothing) → zh-CN.
 */
export function toChatLocale(lan: string | undefined): ChatLocale {
  const tag = (lan ?? '').trim().toLowerCase().replace(/_/g, '-')
  if (/^(?:tw|zh-(?:tw|hk|mo|hant)\b)/.test(tag)) return 'zh-TW'
  return /^en(?:-|$)/.test(tag) ? 'en' : 'zh-CN'
}
