import type { CompanySettings, Opening } from '../adminApi'
import type { AdminText } from '../i18n'

const HTTP_URL = /^https?:\/\/[^\s/?#'"`\\<>]+[^\s'"`\\<>]*$/i
const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/
const DATE = /^\d{4}-\d{2}-\d{2}$/
const MIME = /^[\w.+-]+\/(\*|[\w.+-]+)$/

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/** A real calendar date (`2026-02-30` is not). */
export function isDate(value: string): boolean {
  if (!DATE.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

export function isHttpUrl(value: string): boolean {
  return HTTP_URL.test(value) && value.length <= 2048
}

/** Whether one day's openings are times, each starting before it ends, in order and apart. */
export function validDay(day: readonly Opening[]): boolean {
  return day.every(
    (o, i) => CLOCK.test(o.start) && CLOCK.test(o.end) && minutes(o.start) < minutes(o.end) && (i === 0 || minutes(day[i - 1]!.end) <= minutes(o.start)),
  )
}

/** The most site origins a company may list (the server's limit). */
export const MAX_SITE_ORIGINS = 50

/**
 * Whether a value is a web origin exactly, as the server requires: http(s), a host, an optional port and
 * nothing after (no path, no trailing slash, lower case, no default port).
 */
export function isSiteOrigin(value: string): boolean {
  return siteOriginOf(value) === value
}

/** The origin a value names when it is an http(s) URL (`https://Shop.example.com/a` → `https://shop.example.com`), else null. */
export function siteOriginOf(value: string): string | null {
  if (value.length > 300) return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null
  } catch {
    return null
  }
}

export function isMimePattern(value: string): boolean {
  return MIME.test(value)
}

let zones: ReadonlySet<string> | undefined
export function timeZones(): readonly string[] {
  const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return list.includes('UTC') ? list : [...list, 'UTC']
}
function isTimeZone(value: string): boolean {
  zones ??= new Set(timeZones())
  return zones.has(value)
}

/**
 * The settings form's own checks, the same rules the server applies, worded for the reader. Keys are the
 * server's issue paths, so the server's answer (should a rule differ) lands on the same fields.
 */
export function validateSettings(name: string, s: CompanySettings, t: AdminText): Record<string, string> {
  const errors: Record<string, string> = {}
  const c = t.common
  const text = (path: string, value: string, max: number, required = false) => {
    if (required && !value.trim()) errors[path] = c.required
    else if (value.length > max) errors[path] = c.maxLength(max)
  }
  const int = (path: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) errors[path] = c.range(min, max)
  }
  text('name', name, 100, true)
  if (s.logoUrl !== null && !isHttpUrl(s.logoUrl)) errors.logoUrl = c.badUrl
  if (s.brandColor !== null && !/^#[0-9a-f]{6}$/i.test(s.brandColor)) errors.brandColor = t.company.brandColorBad
  text('robotName', s.robotName, 50)
  text('robotHelloWord', s.robotHelloWord, 500)
  text('agentHelloWord', s.agentHelloWord, 500)
  text('agentOfflineTitle', s.agentOfflineTitle, 500)
  if (s.offline.mode === 'redirect' && !isHttpUrl(s.offline.url ?? '')) errors['offline.url'] = c.badUrl
  if (s.leaveMessageWebhook && !isHttpUrl(s.leaveMessageWebhook)) errors.leaveMessageWebhook = c.badUrl
  int('queueTimeoutSeconds', s.queueTimeoutSeconds, 30, 86_400)
  int('inactivityTimeoutSeconds', s.inactivityTimeoutSeconds, 30, 86_400)
  int('maxChatWindows', s.maxChatWindows, 1, 100)
  const hours = s.workingHours
  if (!isTimeZone(hours.timeZone)) errors['workingHours.timeZone'] = c.required
  hours.week.forEach((day, index) => {
    if (!validDay(day)) errors[`workingHours.week.${index}`] = t.company.openingBad
  })
  const badDate = hours.closedDates.find((d) => !isDate(d))
  if (badDate !== undefined) errors['workingHours.closedDates'] = t.company.closedDateBad(badDate)
  if (hours.outside.mode === 'redirect' && !isHttpUrl(hours.outside.url ?? '')) errors['workingHours.outside.url'] = c.badUrl
  s.transferActions.forEach((rule, index) => {
    if (!rule.deciId) errors[`transferActions.${index}.deciId`] = t.company.pickTarget
  })
  // The form asks for megabytes.
  if (!(s.uploads.maxBytes >= 1 && s.uploads.maxBytes <= 100 * 1024 * 1024)) errors['uploads.maxBytes'] = c.range(1, 100)
  const badType = s.uploads.allowedTypes.find((type) => !isMimePattern(type))
  if (badType !== undefined) errors['uploads.allowedTypes'] = t.company.badType(badType)
  const origins = s.siteOrigins ?? []
  const badOrigin = origins.find((origin) => !isSiteOrigin(origin))
  if (badOrigin !== undefined) errors.siteOrigins = t.company.siteOriginBad(badOrigin, siteOriginOf(badOrigin) ?? undefined)
  else if (origins.length > MAX_SITE_ORIGINS) errors.siteOrigins = c.maxItems(MAX_SITE_ORIGINS)
  return errors
}
