/** Deeper than any frame or body kefu accepts; past it the schema refuses the shape anyway. */
const MAX_DEPTH = 32
/** A high half not followed by a low one, or a low half not preceded by a high one (code units: no `u` flag). */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
// String#toWellFormed would do, but the packages that compile this file target ES2022.
const wellFormed = (text: string) => text.replace(LONE, '\ufffd')

/**
 * Replaces, in place, every lone UTF-16 surrogate in a parsed JSON value's strings and keys with U+FFFD,
 * as a browser's UTF-8 encoder does. JSON can carry one as an escape (`"\ud800"`, which `JSON.stringify`
 * writes for a page title cut mid-emoji); PostgreSQL's jsonb refuses such an escape, so left alone it
 * failed the query as a server error, while text columns already stored U+FFFD. Returns the value.
 */
export function repairLoneSurrogates<T>(value: T): T {
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') return wellFormed(node)
    if (typeof node !== 'object' || node === null || depth > MAX_DEPTH) return node
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = walk(node[i], depth + 1)
      return node
    }
    const proto = Object.getPrototypeOf(node)
    if (proto !== Object.prototype && proto !== null) return node
    const record = node as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const item = walk(record[key], depth + 1)
      const repaired = wellFormed(key)
      if (repaired !== key) delete record[key]
      record[repaired] = item
    }
    return node
  }
  return walk(value, 0) as T
}

/** Whether JSON text may hold a lone surrogate: only a `\uD800`–`\uDFFF` escape can carry one (decoded UTF-8 never does). */
export const mayHoldSurrogateEscape = (jsonText: string): boolean => /\\u[dD][89a-fA-F]/.test(jsonText)
