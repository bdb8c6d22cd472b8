import type { MessageBody } from '@kefu/core'
import type { Locale } from '../i18n/locale'
import { locationText } from '../i18n/locationText'
import { noticeText } from '../i18n/noticeText'

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * A received message as one line of HTML, for Echat's `newMsg` label and Sobot's `msg`: text
 * HTML-escaped (Echat's label is HTML — its emoji are `<img>` tags — so a host may insert it as such),
 * `[image]`, `[file]` for files, voice and video, a product card's title, `[order]`, `[form]`,
 * `[位置]`/`[location]` (Chinese only with a Chinese `locale`) and a place's label or coordinates, and
 * a system notice's text — in the visitor's language when `locale` is given (`agentName` fills
 * "… is serving you").
 */
export function messageLabel(body: MessageBody, locale?: Locale, agentName?: string): string {
  switch (body.type) {
    case 'text':
      return escapeHtml(body.text)
    case 'notice':
      return escapeHtml(locale ? noticeText(locale, body, agentName) : body.text)
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
    case 'location':
      return escapeHtml(`${locale?.startsWith('zh') ? '[位置]' : '[location]'} ${locationText(body)}`)
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}
