import { ValidationError, type ValidationIssue } from '../errors'
import { formatCardLink, isHttpUrl, linkFromPath, readCardLink, type CardLinkAudience } from './cardLink'

/** Field readers shared by the card validators: each returns the clean value or records an issue. */
export interface CardFields {
  readonly source: Readonly<Record<string, unknown>>
  fail(key: string, message: string): undefined
  /** A string (finite numbers are stringified), trimmed; empty counts as absent. */
  text(key: string, max: number, required?: boolean, map?: (value: string) => string): string | undefined
  /** An absolute http(s) URL. */
  url(key: string): string | undefined
  /** A card link in its canonical form; with `barePath`, `/pages/…` means an xcx navigateTo link. */
  link(key: string, audience: CardLinkAudience, barePath?: boolean): string | undefined
  /** An integer from `min` to `max`; digit strings are accepted, as vendor params are strings. */
  int(key: string, message: string, min?: number, max?: number, required?: boolean): number | undefined
  /** Drops absent fields; at the top level, then throws every issue found, if any. */
  done<T>(fields: Record<string, unknown>): T
}

/**
 * Starts reading a card; a nested object (`prefix` like `goods.0.`) shares its parent's `issues`.
 * A top-level input that is not a plain object throws at once: there is nothing else to check.
 */
export function readCardFields(input: unknown, issues: ValidationIssue[] = [], prefix = ''): CardFields {
  // A toString check rather than a prototype check, so objects from another realm (iframe) pass.
  const isObject = Object.prototype.toString.call(input) === '[object Object]'
  if (!isObject && !prefix) throw new ValidationError('invalid_card', [{ path: '', message: 'card must be an object' }])
  const source = (isObject ? input : {}) as Readonly<Record<string, unknown>>
  if (!isObject) {
    issues.push({ path: prefix.slice(0, -1), message: 'must be an object' })
    issues = [] // its fields are all missing: not worth reporting one by one
  }
  const fail = (key: string, message: string): undefined => {
    issues.push({ path: prefix + key, message })
    return undefined
  }
  const text: CardFields['text'] = (key, max, required, map) => {
    const value = source[key] ?? ''
    const string = typeof value === 'string' ? value : typeof value === 'number' && isFinite(value) ? `${value}` : undefined
    if (string === undefined) return fail(key, 'must be a string')
    const trimmed = string.trim()
    if (!trimmed) return required ? fail(key, 'is required') : undefined
    if (trimmed.length > max) return fail(key, `must be at most ${max} characters`)
    return map ? map(trimmed) || undefined : trimmed
  }
  return {
    source,
    fail,
    text,
    url: (key) => text(key, 2048, false, (url) => (isHttpUrl(url) ? url : fail(key, 'must be an absolute http(s) URL') ?? '')),
    link: (key, audience, barePath) =>
      text(key, 2048, false, (value) => {
        const link = readCardLink(barePath ? linkFromPath(value) : value, audience)
        return typeof link === 'string' ? (fail(key, link) ?? '') : formatCardLink(link)
      }),
    int: (key, message, min = 0, max = Number.MAX_SAFE_INTEGER, required) => {
      const value = source[key]
      if (value === undefined || value === null || value === '') return required ? fail(key, 'is required') : undefined
      const digits = typeof value === 'string' && /^\s*\d+\s*$/.test(value)
      const number = typeof value === 'number' ? value : digits ? Number(value) : NaN
      return Number.isSafeInteger(number) && number >= min && number <= max ? number : fail(key, message)
    },
    done: <T>(fields: Record<string, unknown>) => {
      if (!prefix && issues.length > 0) throw new ValidationError('invalid_card', issues)
      return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T
    },
  }
}
