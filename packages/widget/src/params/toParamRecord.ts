import type { ChatParamsSource, ParamProblem } from './chatParams'
import { isRecord } from './paramReader'

/**
 * The parameters of a source as one object. A string may be a query (with or without `?`) or a link
 * (then its fragment is dropped); a repeated query parameter keeps its first value. Objects are copied.
 */
export function toParamRecord(source: ChatParamsSource, problems: ParamProblem[]): Record<string, unknown> {
  if (typeof source === 'string') {
    // Text before the first '?' is a link's address unless it has '=' or '&' (a query with a raw URL value).
    const link = /^[^=&]*\?/.exec(source)?.[0]
    source = new URLSearchParams(link ? source.slice(link.length).replace(/#.*$/s, '') : source)
  }
  const search = (source ?? {}) as Partial<URLSearchParams>
  if (typeof search.forEach === 'function' && typeof search.getAll === 'function') {
    const entries = new Map<string, string>()
    search.forEach((value: string, key: string) => entries.has(key) || entries.set(key, value))
    return Object.fromEntries(entries)
  }
  if (isRecord(source)) return { ...source }
  problems.push({ param: '', message: 'the parameters must be a query string, URLSearchParams or an object' })
  return {}
}
