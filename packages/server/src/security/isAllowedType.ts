/** RFC 6838 restricted-name characters (lower case after normalising). */
const NAME = "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}"
const MIME_TYPE = new RegExp(`^(${NAME})/(${NAME})$`)
const MIME_PATTERN = new RegExp(`^(?:\\*|\\*/\\*|${NAME}/\\*|${NAME}/${NAME})$`)

/** `type/subtype` in lower case without parameters, or `undefined` when `value` is not a media type. */
export function normalizeMimeType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const type = (value.split(';')[0] ?? '').trim().toLowerCase()
  return MIME_TYPE.test(type) ? type : undefined
}

/** Whether `pattern` is `type/subtype`, `type/*`, `*` or `*` + `/*` (any case). */
export function isMimePattern(pattern: unknown): pattern is string {
  return typeof pattern === 'string' && MIME_PATTERN.test(pattern.trim().toLowerCase())
}

/**
 * Whether an upload of `mimeType` may go through under `allowedTypes`. Patterns are exact types
 * (`application/pdf`), whole families (`image/*`) or anything (`*` or `*` + `/*`); comparison ignores case
 * and `mimeType` parameters (`text/plain; charset=utf-8`). An empty list allows anything; otherwise a
 * `mimeType` that is not a media type is refused.
 */
export function isAllowedType(mimeType: string, allowedTypes: readonly string[]): boolean {
  if (allowedTypes.length === 0) return true
  const type = normalizeMimeType(mimeType)
  if (type === undefined) return false
  const family = type.slice(0, type.indexOf('/'))
  return allowedTypes.some((raw) => {
    const pattern = typeof raw === 'string' ? raw.trim().toLowerCase() : ''
    return pattern === '*' || pattern === '*/*' || pattern === type || pattern === `${family}/*`
  })
}
