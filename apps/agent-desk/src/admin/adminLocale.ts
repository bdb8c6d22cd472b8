import { useSyncExternalStore } from 'react'

/** The console's languages: one at a time, the workbench's. */
export type AdminLocale = 'zh-CN' | 'en'

/** `zh*` reads Chinese (the console has simplified Chinese only), anything else English. */
export function adminLocaleOf(lang: string | null | undefined): AdminLocale {
  return !lang || /^zh/i.test(lang) ? 'zh-CN' : 'en'
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
