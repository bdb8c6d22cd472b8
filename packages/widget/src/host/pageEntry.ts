import type { EntryData } from '@kefu/core'

const FIRST_URL_KEY = 'kefu:firstUrl'

/** Where the visitor is: this page, its referrer, and the session's landing page (kept in sessionStorage). */
export function pageEntry(w: Window): EntryData {
  const d = w.document
  let firstUrl: string = w.location.href
  try {
    firstUrl = w.sessionStorage.getItem(FIRST_URL_KEY) || firstUrl
    w.sessionStorage.setItem(FIRST_URL_KEY, firstUrl)
  } catch {
    // no sessionStorage: this page is the landing page
  }
  return {
    enterUrl: w.location.href,
    ...(d.title ? { enterTitle: d.title } : {}),
    firstUrl,
    ...(d.referrer ? { referrer: d.referrer } : {}),
  }
}
