import type { ParamProblem } from './chatParams'

type Raw = Readonly<Record<string, unknown>>

/** Readers for one object of vendor parameters: each returns the clean value, or records a problem and returns undefined. */
export interface ParamReader {
  readonly raw: Raw
  /** Set to something other than undefined, null or blank. */
  has(key: string): boolean
  fail(key: string, message: string): undefined
  /** A string (finite numbers are stringified), trimmed. */
  text(key: string, max?: number): string | undefined
  /** true, false, 1, 0 or those as strings. */
  flag(key: string): boolean | undefined
  /** An integer, or its digits (a `px` suffix is allowed). */
  int(key: string, min: number, max: number): number | undefined
  /** One of `values`, compared as lower-case strings. */
  oneOf<T extends string | number>(key: string, values: readonly T[]): T | undefined
  /** An absolute http(s) URL, decoded once if it arrives encodeURIComponent'd. */
  url(key: string): string | undefined
  /** A JSON string parsed (also when encodeURIComponent'd once more), or a value that is not a string. */
  json(key: string): unknown
  /** A nested object (or its JSON), read with its path as prefix. */
  object(key: string): ParamReader | undefined
}

const HTTP_URL = /^https?:\/\/[^\s/?#'"`\\<>]+[^\s'"`\\<>]*$/i

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  Object.prototype.toString.call(value) === '[object Object]'

export const isHttpUrl = (value: string): boolean => HTTP_URL.test(value)

export function tryDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** A short, quoted rendering of a bad value for a problem message. */
export const showValue = (value: unknown): string =>
  typeof value === 'string'
    ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    : typeof value === 'object'
      ? Array.isArray(value) ? 'an array' : 'an object'
      : String(value)

export function createParamReader(raw: Raw, problems: ParamProblem[], prefix = ''): ParamReader {
  const has = (key: string) => {
    const value = raw[key]
    return value !== undefined && value !== null && !(typeof value === 'string' && !value.trim())
  }
  const fail = (key: string, message: string): undefined => {
    const param = prefix + key
    problems.push({ param, message: `${param}: ${message}` })
    return undefined
  }
  const got = (key: string) => `, got ${showValue(raw[key])}`
  const text = (key: string, max = 500) => {
    const value = raw[key]
    if (!has(key)) return undefined
    if (typeof value !== 'string' && !(typeof value === 'number' && isFinite(value))) return fail(key, `must be text${got(key)}`)
    const string = String(value).trim()
    return string.length > max ? fail(key, `must be at most ${max} characters`) : string
  }
  const json = (key: string) => {
    const value = raw[key]
    if (!has(key) || typeof value !== 'string') return has(key) ? value : undefined
    for (const string of [value, tryDecode(value)]) {
      try {
        return JSON.parse(string) as unknown
      } catch {
        // not JSON as it is; try it decoded
      }
    }
    return fail(key, 'is not valid JSON')
  }
  return {
    raw,
    has,
    fail,
    text,
    json,
    flag: (key) => {
      if (!has(key)) return undefined
      const value = typeof raw[key] === 'object' ? '' : String(raw[key]).trim().toLowerCase()
      if (value === '1' || value === 'true') return true
      return value === '0' || value === 'false' ? false : fail(key, `must be 1 or 0 (true or false)${got(key)}`)
    },
    int: (key, min, max) => {
      const value = raw[key]
      if (!has(key)) return undefined
      const number =
        typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(?:px)?\s*$/i.test(value) ? parseInt(value, 10) : NaN
      return Number.isSafeInteger(number) && number >= min && number <= max
        ? number
        : fail(key, `must be a whole number from ${min} to ${max}${got(key)}`)
    },
    oneOf: (key, values) => {
      const value = text(key, 20)?.toLowerCase()
      if (value === undefined) return undefined
      return values.find((option) => `${option}`.toLowerCase() === value) ?? fail(key, `must be one of ${values.join(', ')}${got(key)}`)
    },
    url: (key) => {
      let value = text(key, 2048)
      if (value && /^https?%3a/i.test(value)) value = tryDecode(value)
      return value === undefined || isHttpUrl(value) ? value : fail(key, `must be an http(s) URL${got(key)}`)
    },
    object: (key) => {
      const value = json(key)
      if (value === undefined) return undefined
      if (!isRecord(value)) return fail(key, `must be a JSON object, got ${showValue(value)}`)
      return createParamReader(value, problems, `${prefix}${key}.`)
    },
  }
}
