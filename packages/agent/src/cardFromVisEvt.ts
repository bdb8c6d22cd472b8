import { parseCardLink, type CardLinkAudience, type ProductCard } from '@kefu/core/cards'
import { PluginArgumentError } from './pluginErrors'

const METHOD = 'pushVisitorEvent'
const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i

/**
 * Shape-checks the seed's `visEvt` ({eventId, title, content, imageUrl, url, memo}) and maps it to a
 * kefu product card. The seed's single `url` is read by where it can be opened: `apiUrl(…)` pages exist
 * only in the workbench (→ `urlForStaff`), `xcx(…)` only for visitors (→ `urlForVisitor`), web links for
 * both. Explicit `urlForVisitor` / `urlForStaff` win. The server validates and sanitizes the card fully;
 * this only catches mistakes early with an error that names the field.
 */
export function cardFromVisEvt(visEvt: unknown): ProductCard {
  let source = visEvt
  if (typeof visEvt === 'string') {
    try {
      source = JSON.parse(visEvt)
    } catch {
      throw new PluginArgumentError(METHOD, 'visEvt', 'is a string but not valid JSON')
    }
  }
  if (Object.prototype.toString.call(source) !== '[object Object]') {
    throw new PluginArgumentError(METHOD, 'visEvt', 'must be an object like {title, content, imageUrl, url}')
  }
  const evt = source as Record<string, unknown>
  const title = text(evt, 'title')
  if (title === undefined || title.trim() === '') throw new PluginArgumentError(METHOD, 'visEvt.title', 'is required')

  const urlForVisitor = link(evt, 'urlForVisitor', 'visitor')
  const urlForStaff = link(evt, 'urlForStaff', 'staff')
  const url = text(evt, 'url')
  let fromUrl: { visitor?: string; staff?: string } = {}
  if (url !== undefined && url !== '') {
    const protocol = /^\s*(apiUrl|xcx)\s*\(/.exec(url)?.[1]
    fromUrl =
      protocol === 'apiUrl'
        ? { staff: checkLink('visEvt.url', url, 'staff') }
        : protocol === 'xcx'
          ? { visitor: checkLink('visEvt.url', url, 'visitor') }
          : { visitor: checkLink('visEvt.url', url, 'visitor') }
    fromUrl.staff ??= protocol === undefined ? fromUrl.visitor : undefined
  }
  // The seed's deprecated switch: 0 keeps visitors from opening the link.
  const visitorMayOpen = `${evt.urlEnableForVisitor}` !== '0'

  const card: Record<string, unknown> = {
    eventId: typeof evt.eventId === 'number' ? String(evt.eventId) : text(evt, 'eventId'),
    title,
    content: text(evt, 'content'),
    imageUrl: httpUrl(evt, 'imageUrl'),
    urlForVisitor: urlForVisitor ?? (visitorMayOpen ? fromUrl.visitor : undefined),
    urlForStaff: urlForStaff ?? fromUrl.staff,
    memo: text(evt, 'memo'),
    visibility: oneOrTwo(evt, 'visibility'),
    customizeMsgType: oneOrTwo(evt, 'customizeMsgType'),
  }
  for (const key of Object.keys(card)) if (card[key] === undefined) delete card[key]
  return card as unknown as ProductCard
}

function text(evt: Record<string, unknown>, key: string): string | undefined {
  const value = evt[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new PluginArgumentError(METHOD, `visEvt.${key}`, `must be a string, got ${typeof value}`)
  return value
}

function httpUrl(evt: Record<string, unknown>, key: string): string | undefined {
  const value = text(evt, key)
  if (value === undefined || value === '') return undefined
  if (!HTTP_URL.test(value)) throw new PluginArgumentError(METHOD, `visEvt.${key}`, 'must be an http(s) URL')
  return value
}

function link(evt: Record<string, unknown>, key: string, audience: CardLinkAudience): string | undefined {
  const value = text(evt, key)
  return value === undefined || value === '' ? undefined : checkLink(`visEvt.${key}`, value, audience)
}

function checkLink(argument: string, value: string, audience: CardLinkAudience): string {
  try {
    parseCardLink(value.trim(), audience)
  } catch (error) {
    throw new PluginArgumentError(METHOD, argument, (error as Error).message)
  }
  return value.trim()
}

function oneOrTwo(evt: Record<string, unknown>, key: string): 1 | 2 | undefined {
  const value = evt[key]
  if (value === undefined || value === null || value === '') return undefined
  if (`${value}` === '1' || `${value}` === '2') return Number(value) as 1 | 2
  throw new PluginArgumentError(METHOD, `visEvt.${key}`, 'must be 1 or 2')
}
