import { parseCardLink } from '@kefu/core/cards'

/** A card's `apiUrl(pageId, openType)` link: which business page to show in the plugin panel, and how. */
export interface ApiUrlLink {
  readonly pageId: number
  /** `reload`: load the page; `hash`: only change the fragment when the page is already shown. */
  readonly openType: 'reload' | 'hash'
}

/** Reads `apiUrl(263,'reload')`; `null` for any other link or a malformed one. */
export function parseApiUrl(link: string): ApiUrlLink | null {
  if (typeof link !== 'string') return null
  try {
    const parsed = parseCardLink(link.trim(), 'staff')
    if (parsed.protocol !== 'apiUrl' || !/^\d+$/.test(parsed.pageId)) return null
    const pageId = Number(parsed.pageId)
    return Number.isSafeInteger(pageId) ? { pageId, openType: parsed.openType } : null
  } catch {
    return null
  }
}
