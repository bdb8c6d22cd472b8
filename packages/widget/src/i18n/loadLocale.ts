import type { Locale } from './locale'
import { loadedLocales } from './messagesFor.browser'

/** The browser build's content-hashed locale scripts (`chat-<locale>-<hash>.js`), set by the build. */
declare const __KEFU_LOCALE_FILES__: Readonly<Record<Locale, string>> | undefined

/** The file of `locale`'s strings next to the scripts that load it. */
export const localeFile = (locale: Locale): string =>
  typeof __KEFU_LOCALE_FILES__ === 'object' ? __KEFU_LOCALE_FILES__[locale] : `chat-${locale}.js`

/**
 * Loads `<base>chat-<locale>-<hash>.js`, which registers that locale's strings, unless it is already there.
 * The chat window awaits it before its first render; `t()` falls back to the key if it failed.
 */
export function loadLocale(locale: Locale, base: string): Promise<void> {
  if (loadedLocales()[locale]) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const script = document.createElement('script')
    script.src = new URL(localeFile(locale), base).href
    script.onload = () => resolve()
    script.onerror = () => reject(new Error(`[kefu] the ${locale} strings could not be loaded`))
    document.head.appendChild(script)
  })
}
