import type { Locale } from './locale'
import { loadedLocales } from './messagesFor.browser'

/**
 * Loads `<base>chat-<locale>.js`, which registers that locale's strings, unless it is already there.
 * The chat window awaits it before its first render; `t()` falls back to the key if it failed.
 */
export function loadLocale(locale: Locale, base: string): Promise<void> {
  if (loadedLocales()[locale]) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const script = document.createElement('script')
    script.src = new URL(`chat-${locale}.js`, base).href
    script.onload = () => resolve()
    script.onerror = () => reject(new Error(`[kefu] the ${locale} strings could not be loaded`))
    document.head.appendChild(script)
  })
}
