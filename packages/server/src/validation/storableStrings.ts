import type { ValidationIssue } from '@kefu/core'

const NUL_MESSAGE = 'must not contain NUL characters (U+0000)'
const NUL_KEY_MESSAGE = 'field names must not contain NUL characters (U+0000)'
/** Deeper than any frame or body kefu accepts; past it the schema refuses the shape anyway. */
const MAX_DEPTH = 32
/** A high half not followed by a low one, or a low half not preceded by a high one (code units: no `u` flag). */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
// String#toWellFormed would do, but the packages that compile this file target ES2022.
const wellFormed = (text: string) => text.replace(LONE, '\ufffd')

/**
 * Makes the strings and keys of a parsed JSON value storable in PostgreSQL, in one walk:
 * - every lone UTF-16 surrogate becomes U+FFFD, in place, as a browser's UTF-8 encoder does. JSON can
 *   escape one (`JSON.stringify` writes `"\ud800"` for a page title cut mid-emoji); jsonb refuses such an
 *   escape, so left alone it failed the query as a server error, while text columns stored U+FFFD;
 * - U+0000, which neither text nor jsonb can hold and which has no harmless stand-in, is returned as
 *   validation issues naming the field, to be refused up front rather than as a server error.
 * Only plain objects and arrays are walked (not streams or class instances).
 */
export function storableStrings(value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const check = (text: string, path: string, message: string): string => {
    if (text.includes('\u0000')) issues.push({ path, message })
    return wellFormed(text)
  }
  const walk = (node: unknown, path: string, depth: number): unknown => {
    if (typeof node === 'string') return check(node, path, NUL_MESSAGE)
    if (typeof node !== 'object' || node === null || depth > MAX_DEPTH) return node
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = walk(node[i], path ? `${path}.${i}` : String(i), depth + 1)
      return node
    }
    const proto = Object.getPrototypeOf(node)
    if (proto !== Object.prototype && proto !== null) return node
    const record = node as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const storableKey = check(key, path, NUL_KEY_MESSAGE)
      const item = walk(record[key], path ? `${path}.${storableKey}` : storableKey, depth + 1)
      if (storableKey !== key) delete record[key]
      record[storableKey] = item
    }
    return node
  }
  walk(value, '', 0)
  return issues
}

/**
 * Whether parsed JSON text may need `storableStrings`: only an escape puts U+0000 or a lone surrogate in
 * a parsed string (JSON forbids a raw control character in a string, and decoded UTF-8 never holds a lone
 * surrogate). A false alarm (an escaped backslash before `u0000`) only costs the walk.
 */
export const mayNeedStorableStrings = (jsonText: string): boolean => /\\u(?:0000|[dD][89a-fA-F])/.test(jsonText)
