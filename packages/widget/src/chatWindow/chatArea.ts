import type { ChatWindowParam } from '../params/chatParams'

/**
 * Echat `chatWindowParam` inside the chat window page, wherever it is shown (popup, tab, link, frame):
 * the chat area is at most `maxWidth` × `maxHeight`, centred, on `bgColor` (default #ffffff) or on
 * `bgImage` (which then replaces the colour) drawn at its size and centred (`bgRepeat` 0), stretched (1)
 * or tiled (2). Without a size limit the area fills the window and the background is never seen.
 */
export function applyChatArea(d: Document, area: ChatWindowParam | undefined): void {
  const { maxWidth, maxHeight, bgColor, bgImage, bgRepeat } = area ?? {}
  if (!maxWidth && !maxHeight) return
  // bgImage is an http(s) URL without quotes, spaces or backslashes (readChatParams checked it).
  const image = bgImage ? ` url("${bgImage}") center/${bgRepeat === 1 ? '100% 100%' : 'auto'} ${bgRepeat === 2 ? 'repeat' : 'no-repeat'}` : ''
  const style = d.createElement('style')
  style.textContent =
    `body{display:flex;align-items:center;justify-content:center;background:${bgImage ? '#fff' : (bgColor ?? '#fff')}${image}}` +
    `.kf{width:100%;${maxWidth ? `max-width:${maxWidth}px;` : ''}${maxHeight ? `max-height:${maxHeight}px;` : ''}box-shadow:0 2px 16px rgba(0,0,0,.2)}`
  d.head.appendChild(style)
}
