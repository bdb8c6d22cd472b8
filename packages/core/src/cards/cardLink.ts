import { ValidationError } from '../errors'

/** A card link in one of the seed's protocols; `formatCardLink` gives its canonical string form. */
export type CardLink =
  | { readonly protocol: 'http'; readonly url: string; readonly openType: 'blank' | 'inner' }
  | { readonly protocol: 'xcx'; readonly path: string; readonly openType: 'navigateTo' | 'redirectTo' | 'switchTab' }
  | { readonly protocol: 'apiUrl'; readonly pageId: string; readonly openType: 'reload' | 'hash' }

/** Who opens the link: only visitors can open mini-program pages, only agents business-system pages. */
export type CardLinkAudience = 'visitor' | 'staff'

const MAX_LENGTH = 2048
// A host is required; quotes, backslashes, angle brackets and whitespace are refused anywhere because
// they would break out of the quoted link forms (encode them as %27 etc.).
const HTTP_URL = /^https?:\/\/[^\s/?#'"`\\<>]+[^\s'"`\\<>]*$/i
const XCX_PATH = /^\/(?!\/)[^\s'"`\\<>]*$/
// name(arg, 'openType'): arg quoted, or a bare page id for apiUrl.
const CALL = /^(http|xcx|apiUrl) *\( *(?:(['"])([^'"]*)\2|([\w-]+)) *, *(['"])(\w+)\5 *\)$/

const FORMS = {
  http: ['url', HTTP_URL, ['blank', 'inner']],
  xcx: ['path', XCX_PATH, ['navigateTo', 'redirectTo', 'switchTab']],
  apiUrl: ['pageId', /^[\w-]+$/, ['reload', 'hash']],
} as const

export const isHttpUrl = (value: string): boolean => HTTP_URL.test(value)

/** Sobot's `card_url` / `order_url` may be a bare mini-program path, opened with navigateTo. */
export const linkFromPath = (value: string): string => (XCX_PATH.test(value) ? `xcx('${value}','navigateTo')` : value)

/** Parses a card link, or throws a ValidationError (`invalid_card`) saying what is wrong. */
export function parseCardLink(value: string, audience: CardLinkAudience): CardLink {
  const link = readCardLink(value, audience)
  if (typeof link === 'string') throw new ValidationError('invalid_card', [{ path: '', message: link }])
  return link
}

/** `parseCardLink` for the validators: the link, or what is wrong with it. */
export function readCardLink(value: string, audience: CardLinkAudience): CardLink | string {
  if (typeof value !== 'string') return 'must be a string'
  if (value.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`
  // Control characters (C0 and C1) are how `java\tscript:` gets past naive checks.
  if (/[^ -~\u00a0-\uffff]/.test(value)) return 'must not contain control characters'
  if (HTTP_URL.test(value)) return { protocol: 'http', url: value, openType: 'blank' }
  const match = CALL.exec(value)
  if (!match) return "must be an http(s) URL, http(url,openType), xcx(path,openType) or apiUrl(pageId,openType)"
  const protocol = match[1] as CardLink['protocol']
  const arg = match[3] ?? match[4] ?? ''
  const openType = match[6] ?? ''
  const [key, pattern, openTypes] = FORMS[protocol]
  if (protocol === (audience === 'visitor' ? 'apiUrl' : 'xcx')) {
    return `${protocol}() links are for ${audience === 'visitor' ? 'staff' : 'visitors'} only`
  }
  if (!pattern.test(arg)) return `${protocol}() has an invalid ${key}`
  if (!(openTypes as readonly string[]).includes(openType)) return `openType must be one of ${openTypes.join(', ')}`
  return { protocol, [key]: arg, openType } as unknown as CardLink
}

/** The canonical string: `http('url','blank')`, `xcx('path','navigateTo')`, `apiUrl(263,'reload')`. */
export function formatCardLink(link: CardLink): string {
  const arg = link.protocol === 'http' ? link.url : link.protocol === 'xcx' ? link.path : link.pageId
  const text = `${link.protocol}(${/^\d+$/.test(arg) ? arg : `'${arg}'`},'${link.openType}')`
  // Re-parsing guarantees a hand-built link cannot smuggle quotes or schemes into the string.
  parseCardLink(text, link.protocol === 'xcx' ? 'visitor' : 'staff')
  return text
}
