/**
 * `JSON.parse`, and if that fails, once more with the commas a hand-written document forgot between two
 * values (the WeChat seed's own PutMsg example lacks the one after `"head": {…}`). Commas are inserted
 * only between a complete value and the start of the next one, outside strings, and the result must still
 * be valid JSON — nothing is ever evaluated. Returns `undefined` when the text cannot be read.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    const repaired = insertMissingCommas(text)
    if (repaired === null) return undefined
    try {
      return JSON.parse(repaired)
    } catch {
      return undefined
    }
  }
}

function insertMissingCommas(text: string): string | null {
  let out = ''
  // Whether the last token completed a value (a string, literal, number, `}` or `]`).
  let afterValue = false
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch === '"') {
      let end = i + 1
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      if (end >= text.length) return null
      out += (afterValue ? ',' : '') + text.slice(i, end + 1)
      afterValue = true
      i = end + 1
    } else if (ch === '{' || ch === '[') {
      out += (afterValue ? ',' : '') + ch
      afterValue = false
      i++
    } else if (ch === '}' || ch === ']') {
      out += ch
      afterValue = true
      i++
    } else if (ch === ',' || ch === ':') {
      out += ch
      afterValue = false
      i++
    } else if (/\s/.test(ch)) {
      out += ch
      i++
    } else {
      const literal = /^[-+\w.]+/.exec(text.slice(i))?.[0]
      if (!literal) return null
      out += (afterValue ? ',' : '') + literal
      afterValue = true
      i += literal.length
    }
  }
  return out
}
