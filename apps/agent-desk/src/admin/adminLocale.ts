import { useSyncExternalStore } from 'react'
import { toDeskLocale } from '../ui/i18n/deskLocale'
import type { DeskLocale } from '../ui/i18n/deskText'

/** The console's languages, the workbench's three: one at a time, the workbench's. */
export type AdminLocale = DeskLocale

/**
 * As the workbench reads a language tag: zh-TW, zh-HK, zh-MO and zh-Hant read traditional Chinese, other
 * `zh*` simplified Chinese (so does no language at all), anything else English.
 */
export function adminLocaleOf(lang: string | null | undefined): AdminLocale {
  if (!lang) return 'zh-CN'
  return toDeskLocale(lang) ?? 'en'
}

function read(): AdminLocale {
  return adminLocaleOf(globalThis.document?.documentElement.getAttribute('lang'))
}

function subscribe(onChange: () => void): () => void {
  const root = globalThis.document?.documentElement
  if (!root || typeof MutationObserver === 'undefined') return () => {}
  const observer = new MutationObserver(onChange)
  observer.observe(root, { attributes: true, attributeFilter: ['lang'] })
  return () => observer.disconnect()
}

/**
 * The workbench's language, as its page declares it (`<html lang>`, which screen readers need right
 * anyway): the console switches when the workbench does, without knowing how the workbench decides.
 */
export function useAdminLocale(): AdminLocale {
  return useSyncExternalStore(subscribe, read, () => 'zh-CN')
}
