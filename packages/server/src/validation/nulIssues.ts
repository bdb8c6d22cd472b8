import type { ValidationIssue } from '@kefu/core'

const MESSAGE = 'must not contain NUL characters (U+0000)'
const KEY_MESSAGE = 'field names must not contain NUL characters (U+0000)'
/** Deeper than any frame or body kefu accepts; past it the schema refuses the shape anyway. */
const MAX_DEPTH = 32

/**
 * Every string (and object key) holding U+0000 in a parsed JSON value, as validation issues. PostgreSQL
 * text and jsonb cannot store that character, so it is refused up front, with the field named, rather
 * than failing deep in a query as a server error. Only plain JSON values are walked (not streams).
 */
export function nulIssues(value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const walk = (node: unknown, path: string, depth: number) => {
    if (typeof node === 'string') {
      if (node.includes('\u0000')) issues.push({ path, message: MESSAGE })
      return
    }
    if (typeof node !== 'object' || node === null || depth > MAX_DEPTH) return
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, path ? `${path}.${i}` : String(i), depth + 1))
      return
    }
    const proto = Object.getPrototypeOf(node)
    if (proto !== Object.prototype && proto !== null) return
    for (const [key, item] of Object.entries(node)) {
      if (key.includes('\u0000')) {
        issues.push({ path, message: KEY_MESSAGE })
        continue
      }
      walk(item, path ? `${path}.${key}` : key, depth + 1)
    }
  }
  walk(value, '', 0)
  return issues
}
