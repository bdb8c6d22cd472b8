import type { MessageBody } from '@kefu/core'

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * A received message as one line of HTML, for Echat's `newMsg` label and Sobot's `msg`: text
 * HTML-escaped (Echat's label is HTML — its emoji are `<img>` tags — so a host may insert it as such),
 * `[image]`, `[file]` for files, voice and video, a product card's title, `[order]`, `[form]`,
 * and a system notice's text.
 */
export function messageLabel(body: MessageBody): string {
  switch (body.type) {
    case 'text':
    case 'notice':
      return escapeHtml(body.text)
    case 'image':
      return '[image]'
    case 'file':
    case 'voice':
    case 'video':
      return '[file]'
    case 'product':
      return escapeHtml(body.card.title)
    case 'order':
      return '[order]'
    case 'form':
      return '[form]'
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}
