import { DESK_LOCALES, type DeskLocale } from './deskText'

const LOCALE_KEY = 'kefu.desk.locale'

/** A browser language tag as one of ours: zh-TW/zh-HK/zh-Hant → zh-TW, other zh → zh-CN, en* → en. */
export function toDeskLocale(tag: string | undefined | null): DeskLocale | undefined {
  if (!tag) return undefined
  const lower = tag.toLowerCase()
  if (/^zh[-_](tw|hk|mo|hant)/.test(lower)) return 'zh-TW'
  if (lower.startsWith('zh')) return 'zh-CN'
  if (lower.startsWith('en')) return 'en'
  return undefined
}

/** The agent's choice from an earlier visit, else the browser's first language we have, else zh-CN. */
export function initialDeskLocale(): DeskLocale {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_KEY)
    if (stored && (DESK_LOCALES as readonly string[]).includes(stored)) return stored as DeskLocale
  } catch {
    // storage blocked: fall through to the browser's languages
  }
  const languages = globalThis.navigator?.languages ?? [globalThis.navigator?.language]
  for (const tag of languages) {
    const locale = toDeskLocale(tag)
    if (locale) return locale
  }
  return 'zh-CN'
}

export function storeDeskLocale(locale: DeskLocale): void {
  try {
    globalThis.localStorage?.setItem(LOCALE_KEY, locale)
  } catch {
    // not remembered, still switched
  }
}
