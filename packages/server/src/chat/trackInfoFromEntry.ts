import type { EntryData, TrackInfo } from '@kefu/core'

const SEARCHERS: readonly { readonly name: string; readonly host: RegExp; readonly params: readonly string[] }[] = [
  { name: 'baidu', host: /(^|\.)baidu\.com$/, params: ['wd', 'word', 'kw'] },
  { name: 'google', host: /(^|\.)google\.[a-z.]+$/, params: ['q'] },
  { name: 'bing', host: /(^|\.)bing\.com$/, params: ['q'] },
  { name: 'sogou', host: /(^|\.)sogou\.com$/, params: ['query', 'keyword'] },
  { name: '360', host: /(^|\.)so\.com$/, params: ['q'] },
  { name: 'shenma', host: /(^|\.)sm\.cn$/, params: ['q'] },
]

/**
 * Echat's `visitorTrackInfo`: landing page, referrer, search engine and keyword, from what the page
 * reported. Location needs a GeoIP database, which kefu does not ship, so it is left out.
 */
export function trackInfoFromEntry(entry: EntryData): TrackInfo {
  const info: { -readonly [K in keyof TrackInfo]: TrackInfo[K] } = {}
  if (entry.firstUrl ?? entry.enterUrl) info.firstUrl = entry.firstUrl ?? entry.enterUrl
  if (entry.referrer) {
    info.referrer = entry.referrer
    try {
      const url = new URL(entry.referrer)
      const searcher = SEARCHERS.find((s) => s.host.test(url.hostname))
      if (searcher) {
        info.searcher = searcher.name
        const keyword = searcher.params.map((p) => url.searchParams.get(p)).find(Boolean)
        if (keyword) info.keyword = keyword
        // Paid-search landing URLs carry the engine's click ids.
        info.keywordType = /[?&](bd_vid|gclid|msclkid|e_keywordid)=/.test(entry.firstUrl ?? entry.enterUrl ?? '') ? 2 : 1
      }
    } catch {
      // a referrer that is not a URL is kept as text
    }
  }
  return info
}
