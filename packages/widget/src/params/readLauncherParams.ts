import type { Locale } from '../i18n/locale'
import { toChatLocale } from './toChatLocale'

/** What the store page's small host acts on before the rest of kefu loads. */
export interface LauncherParams {
  readonly companyId?: string
  readonly locale: Locale
  /** Sobot `color` as `#rrggbb`. */
  readonly themeColor?: string
  /** Sobot `location` 2. */
  readonly left: boolean
  /** Sobot `custom`, `manual`, `auto_expand`, `anchor`, `invite`. */
  readonly custom?: boolean
  readonly manual?: boolean
  readonly autoExpand?: boolean
  readonly anchor?: boolean
  readonly invite?: boolean
  /** Echat `chatWindowParam`'s `window.open` name and features (`features`, else `width` × `height`). */
  readonly popupName?: string
  readonly popupFeatures: string
}

type Raw = Readonly<Record<string, unknown>>

const text = (value: unknown, max: number): string | undefined => {
  const string = typeof value === 'string' || (typeof value === 'number' && isFinite(value)) ? String(value).trim() : ''
  return string && string.length <= max ? string : undefined
}
const flag = (value: unknown): boolean | undefined => {
  const string = typeof value === 'object' ? '' : String(value).trim().toLowerCase()
  return string === '1' || string === 'true' ? true : string === '0' || string === 'false' ? false : undefined
}
const size = (value: unknown): number | undefined => {
  const string = text(value, 10)
  return string && /^\d+(?:px)?$/i.test(string) && parseInt(string, 10) <= 10000 ? parseInt(string, 10) : undefined
}
const object = (value: unknown): Raw => {
  try {
    const parsed = typeof value === 'string' ? JSON.parse(value) : value
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}
  } catch {
    return {}
  }
}

/**
 * The few parameters the small host needs, read as `readChatParams` reads them (a test holds the two
 * to the same answers) but without its validators and messages, which load with the rest of kefu and
 * report any value they cannot use then.
 */
export function readLauncherParams(raw: Raw): LauncherParams {
  const color = /^#?([\da-f]{6})$/i.exec(text(raw.color, 20) ?? '')?.[1]
  const popup = object(raw.chatWindowParam)
  const features = text(popup.features, 500)
  return {
    companyId: text(raw.companyId, 64) ?? text(raw.sysnum, 64),
    locale: toChatLocale(text(raw.locale, 35) ?? text(raw.lan, 35)),
    themeColor: color && `#${color.toLowerCase()}`,
    left: text(raw.location, 20) === '2',
    custom: flag(raw.custom),
    manual: flag(raw.manual),
    autoExpand: flag(raw.auto_expand),
    anchor: flag(raw.anchor),
    invite: flag(raw.invite),
    popupName: text(popup.name, 100),
    popupFeatures: features && /^[\w\s=,.-]*$/.test(features) ? features : `width=${size(popup.width) ?? 800},height=${size(popup.height) ?? 640}`,
  }
}
