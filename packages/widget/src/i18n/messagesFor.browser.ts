import type { Locale } from './locale'
import type { Messages } from './messages'

/** Where the locale scripts (`chat-<locale>.js`, see `loadLocale`) put their strings. */
export const LOCALE_GLOBAL = '__kefuLocales'

/** The locales loaded so far; read at call time, never at import. */
export function loadedLocales(): Partial<Record<Locale, Messages>> {
  return (globalThis as unknown as Record<string, Partial<Record<Locale, Messages>> | undefined>)[LOCALE_GLOBAL] ?? {}
}

/** In the chat window bundle: the strings its locale script registered. */
export function messagesFor(locale: Locale): Messages {
  const loaded = loadedLocales()
  return loaded[locale] ?? loaded['zh-CN'] ?? Object.values(loaded)[0] ?? ({} as Messages)
}
