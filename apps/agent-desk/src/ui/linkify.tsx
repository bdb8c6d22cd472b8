import type { ReactNode } from 'react'

const URL = /https?:\/\/[^\s<>"'`]+/g
// Trailing punctuation is the sentence's, not the link's.
const TRAILING = /[.,;:!?)\]}。，；：！？）】]+$/

/** Text with its http(s) URLs as links; everything else stays text (React escapes it). */
export function linkify(text: string): ReactNode[] {
  const parts: ReactNode[] = []
  let last = 0
  for (const match of text.matchAll(URL)) {
    let url = match[0]
    const trail = TRAILING.exec(url)?.[0] ?? ''
    if (trail) url = url.slice(0, -trail.length)
    const start = match.index
    if (start > last) parts.push(text.slice(last, start))
    parts.push(
      <a key={start} href={url} target="_blank" rel="noopener noreferrer">
        {url}
      </a>,
    )
    last = start + url.length
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}

/** Only http(s) and same-origin paths may be used as a link or media source. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined
  return /^https?:\/\//i.test(url) || /^\/(?!\/)/.test(url) ? url : undefined
}
