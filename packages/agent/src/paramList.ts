/**
 * The query-string format plugin pages are opened with: `visitorData`, `routeData`, `chatData` and
 * `crmData` each hold a URL-encoded `k=v&k2=v2` list (so values are encoded twice in the page URL).
 */

/** Names of the GET parameters that carry a visitor's context (the seed's 业务系统传参). */
export const CONTEXT_PARAMS = ['visitorData', 'routeData', 'chatData', 'crmData'] as const
export type ContextParam = (typeof CONTEXT_PARAMS)[number]

/**
 * The GET parameter the workbench adds so a plugin knows whom to post to; a claim only, checked against
 * `location.ancestorOrigins` or the referrer (see AgentPluginOptions.hostOrigin).
 */
export const HOST_ORIGIN_PARAM = 'kefuOrigin'

/**
 * `decodeURIComponent` that never throws: `+` is a space (form encoding), and a malformed escape such as
 * `%E4%B8` or `100%` is kept as written rather than losing the whole value.
 */
export function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}

/**
 * Parses `k=v&k2=v2` (a leading `?` is ignored). The first occurrence of a key wins, a value may contain
 * `=`, a key without `=` has the value `''`.
 */
export function parseParamList(text: string): ReadonlyMap<string, string> {
  const params = new Map<string, string>()
  const body = text.startsWith('?') ? text.slice(1) : text
  for (const part of body.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = decodeComponent(eq === -1 ? part : part.slice(0, eq))
    if (key === '' || params.has(key)) continue
    params.set(key, eq === -1 ? '' : decodeComponent(part.slice(eq + 1)))
  }
  return params
}

/** The inverse of `parseParamList` for one level: `k=v&…`, keys and values percent-encoded. */
export function formatParamList(entries: Readonly<Record<string, string>>): string {
  return Object.entries(entries)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&')
}

/** Echat `getParamData(paramName, subParamName)`; `''` when absent. */
export type ParamDataReader = (paramName: string, subParamName?: string) => string

/**
 * A `getParamData` over one query string, parsed once: the decoded value of `paramName`, or, with
 * `subParamName`, that key of the `k=v&…` list the value holds.
 */
export function paramDataReader(search: string): ParamDataReader {
  const top = parseParamList(search)
  const lists = new Map<string, ReadonlyMap<string, string>>()
  return (paramName, subParamName) => {
    const value = top.get(paramName)
    if (value === undefined) return ''
    if (subParamName === undefined) return value
    let list = lists.get(paramName)
    if (!list) lists.set(paramName, (list = parseParamList(value)))
    return list.get(subParamName) ?? ''
  }
}
