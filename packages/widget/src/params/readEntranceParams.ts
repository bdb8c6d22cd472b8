import type { ChatWindowParam, EntranceOptions, InvitationOptions } from './chatParams'
import { compact, compactOrUndefined } from './compact'
import type { ParamReader } from './paramReader'
import { ENTRANCE_SWITCHES, readSwitch } from './paramSwitches'

// The readers of what the store page's entrance (button, invitation, the window a click opens) takes.

const PX = 10000
const CSS_COLOR = /^(?:#(?:[\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})|[a-z]{3,20}|rgba?\([\d\s.,%]+\))$/i

/** Echat `companyId` or Sobot `sysnum`. */
export const readCompanyId = (r: ParamReader): string | undefined => r.text('companyId', 64) ?? r.text('sysnum', 64)

/** Sobot `color` (six hex digits, `#` optional) as `#rrggbb`. */
export function readThemeColor(r: ParamReader): string | undefined {
  // Sobot `color`; `theme`, the same for Echat-style pages.
  const color = r.text('color', 20) ?? r.text('theme', 20)
  const hex = color && /^#?([\da-f]{6})$/i.exec(color)?.[1]
  if (color && !hex) r.fail('color', `must be six hex digits like 04babc (or #04babc), got ${JSON.stringify(color)}`)
  return hex ? `#${hex.toLowerCase()}` : undefined
}

/** Sobot's entrance: `custom`, `manual`, `auto_expand`, `anchor`, `location`, `expand_size`, the invitation. */
export function readEntrance(r: ParamReader): EntranceOptions {
  const entrance: Record<string, boolean | undefined> = {}
  for (const [option, param, kind] of ENTRANCE_SWITCHES) entrance[option] = readSwitch(r, param, kind)
  const location = r.oneOf('location', [1, 2] as const)
  const invitation = compactOrUndefined<Partial<InvitationOptions>>({
    enabled: r.flag('invite'),
    tipTitle: r.text('tip_title', 200),
    submitTitle: r.text('submit_title', 50),
    firstTimeoutSeconds: r.int('first_timeout', 0, 86400),
    overTimeoutSeconds: r.int('over_timeout', 0, 86400),
    perDay: r.int('invite_count', 0, 1000),
    imageUrl: r.url('invite_imgsrc'),
  })
  return compact<EntranceOptions>({
    ...entrance,
    position: location && (location === 2 ? 'left' : 'right'),
    expandSize: r.oneOf('expand_size', ['half', 'full'] as const),
    invitation: invitation && { enabled: false, ...invitation },
  })
}

/** Echat `chatWindowParam`: the popup or tab a chat opens in, and how the chat area sits in it. */
export function readChatWindowParam(r: ParamReader): ChatWindowParam | undefined {
  const w = r.object('chatWindowParam')
  return (
    w &&
    compactOrUndefined<ChatWindowParam>({
      name: w.text('name', 100),
      width: w.int('width', 0, PX),
      height: w.int('height', 0, PX),
      features: match(w, 'features', /^[\w\s=,.-]{0,500}$/, 'must be window.open features like width=800,height=600'),
      maxWidth: w.int('maxWidth', 0, PX),
      maxHeight: w.int('maxHeight', 0, PX),
      bgColor: match(w, 'bgColor', CSS_COLOR, 'must be a CSS colour like #ffffff'),
      bgImage: w.url('bgImage'),
      bgRepeat: w.oneOf('bgRepeat', [0, 1, 2] as const),
    })
  )
}

function match(r: ParamReader, key: string, pattern: RegExp, message: string): string | undefined {
  const value = r.text(key, 500)
  return value === undefined || pattern.test(value) ? value : r.fail(key, `${message}, got ${JSON.stringify(value.slice(0, 40))}`)
}

