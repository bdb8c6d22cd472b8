import { useSyncExternalStore } from 'react'

export const ADMIN_SECTIONS = ['company', 'team', 'bot', 'quick-replies', 'plugins', 'widget', 'reports'] as const
export type AdminSection = (typeof ADMIN_SECTIONS)[number]

const PREFIX = '#/admin'

/** The section a location hash opens (`#/admin/bot`), `company` for `#/admin`, or null outside the console. */
export function adminSectionOf(hash: string): AdminSection | null {
  if (hash !== PREFIX && !hash.startsWith(`${PREFIX}/`)) return null
  const name = hash.slice(PREFIX.length + 1).split(/[/?]/)[0]
  return (ADMIN_SECTIONS as readonly string[]).includes(name ?? '') ? (name as AdminSection) : 'company'
}

export const adminHref = (section: AdminSection) => `${PREFIX}/${section}`

function subscribe(onChange: () => void): () => void {
  globalThis.addEventListener?.('hashchange', onChange)
  return () => globalThis.removeEventListener?.('hashchange', onChange)
}

/** The console's place lives in the URL hash: a reload or a shared link opens the same section. */
export function useAdminSection(): AdminSection | null {
  return useSyncExternalStore(
    subscribe,
    () => adminSectionOf(globalThis.location?.hash ?? ''),
    () => null,
  )
}

export function openAdmin(section: AdminSection = 'company'): void {
  globalThis.location.hash = adminHref(section)
}

/** Back to the chats. */
export function closeAdmin(): void {
  // Without the hash, so the workbench's URL is as it was before the console opened.
  globalThis.history.pushState(null, '', `${globalThis.location.pathname}${globalThis.location.search}`)
  globalThis.dispatchEvent(new HashChangeEvent('hashchange'))
}
