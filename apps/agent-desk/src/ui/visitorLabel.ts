import type { VisitorProfile } from '@kefu/core'
import type { DeskText } from './i18n'

/**
 * How the workbench names a visitor: their name or nickname from the CRM, their member id, or — for
 * an anonymous visitor — 访客 and their short number (访客 1024), never a random internal id when the
 * server gave a number. Device and browser go beside it (see `userAgentLabel`).
 */
export function visitorLabel(text: DeskText, visitor: VisitorProfile | undefined, visitorId: string): string {
  return (
    visitor?.crm.realname ||
    visitor?.crm.uname ||
    visitor?.partnerid ||
    text.visitor.anonymousName(visitor?.shortNo ?? visitorId.slice(-4).toUpperCase())
  )
}
