import { memoryStorage, type KeyValueStorage } from '@kefu/core'
import { readChatWindowFragment } from '../bridge/bridgeMessage'
import { loadLocale } from '../i18n/loadLocale'
import type { Locale } from '../i18n/locale'

// What the visitor pages the server serves (the chat window, Sobot's leave-message page) do alike.

/** Reads the fragment (visitor token, page origin) and removes it: out of the address bar, history and copies. */
export function takeChatWindowFragment(): ReturnType<typeof readChatWindowFragment> {
  const fragment = readChatWindowFragment(location.hash)
  if (location.hash) history.replaceState(null, '', location.pathname + location.search)
  return fragment
}

/** `localStorage` (or `sessionStorage`) where it works (it throws in some private modes), else memory. */
export function localStorageOrMemory(session?: boolean): KeyValueStorage {
  try {
    const storage = session ? sessionStorage : localStorage
    storage.setItem('kefu:probe', '1')
    storage.removeItem('kefu:probe')
    return storage
  } catch {
    return memoryStorage()
  }
}

/** Calls `show` once the visitor's one locale script is in (or failed: the page renders anyway). */
export function whenLocaleLoaded(locale: Locale, assetBase: string | undefined, show: () => void): void {
  if (!assetBase) return show()
  loadLocale(locale, assetBase).then(show, (error: unknown) => {
    console.error(error)
    show()
  })
}
