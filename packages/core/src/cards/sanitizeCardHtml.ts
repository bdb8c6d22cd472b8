// A hand-written tokenizer (no DOMParser: this also runs on the server). Safety comes from
// re-serializing: only div/span tags we build, escaped text and a filtered, quoted style attribute
// reach the output, so a browser parsing it differently from us can at worst show some text.

// Elements dropped with their content: group 1 holds raw text up to the matching end tag, the others
// markup up to the matching end tag at the same depth.
const DROPPED = /^(?:(script|style|iframe|textarea|title|xmp|noscript|noembed|noframes)|template|object|svg|math)$/
// HTML's whitespace is [\t\n\f\r ], narrower than `\s`.
const TAG_NAME = /[^\t\n\f\r />]+/y
// Separators, then `>` or an attribute: name, optional `=` and a quoted or unquoted value.
const ATTRIBUTE =
  /([\t\n\f\r /]*)(?:(>)|([^\t\n\f\r />][^\t\n\f\r />=]*)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]*)))?)/y

const PROPERTIES =
  /^(?:color|background-color|font-(?:size|weight|style|family)|text-(?:decoration|align)|line-height|letter-spacing|(?:margin|padding)(?:-(?:top|right|bottom|left))?|display|white-space|word-break|vertical-align|border-radius)$/
const VALUE = /^[-#%.,()\w\s'"]+$/
const DANGER = /\\|\/\*|expression|url\(|javascript|behavior|-moz-binding|@import|[<>]/i
// No lookbehind: older Safari cannot parse it.
const COLOR_FUNCTIONS = /(^|[^\w-])(?:rgb|hsl)a?\(/gi

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  lpar: '(',
  rpar: ')',
  sol: '/',
  bsol: '\\',
  semi: ';',
  nbsp: '\u00a0',
}

const MAX_DEPTH = 64

interface Tag {
  readonly name: string
  readonly style: string | undefined
  readonly end: number
  readonly selfClosing: boolean
}

/** Reduces card HTML to div and span elements with a filtered `style`; never throws. */
export function sanitizeCardHtml(html: string): string {
  let out = ''
  const open: string[] = []
  let skipping = '' // a dropped element whose content is markup, with its depth
  let depth = 0
  for (let i = 0; i < html.length; ) {
    const lt = html.indexOf('<', i)
    if (!skipping) out += escapeText(html.slice(i, lt < 0 ? html.length : lt), true)
    if (lt < 0) break
    const next = html[lt + 1] ?? ''
    const closing = next === '/'
    if (!/[a-z]/i.test(closing ? (html[lt + 2] ?? '') : next)) {
      // Comments, <!doctype>, <![CDATA[, <?…>, </…> without a name: dropped; a lone `<` is text.
      if (next !== '!' && next !== '?' && !closing) {
        if (!skipping) out += '&lt;'
        i = lt + 1
        continue
      }
      // `<!-->` and `<!--->` are empty comments, so the search for `-->` starts inside `<!--`.
      const comment = html.startsWith('<!--', lt)
      const end = html.indexOf(comment ? '-->' : '>', lt + 2)
      i = end < 0 ? html.length : end + (comment ? 3 : 1)
      continue
    }
    const tag = readTag(html, lt + (closing ? 2 : 1))
    if (!tag) break // a tag cut off by the end of input is dropped, as browsers do
    const { name } = tag
    // Foreign elements honour `/>`, so `<svg/>` has no content; `<template/>` still does.
    const empty = closing || (tag.selfClosing && (name === 'svg' || name === 'math'))
    i = tag.end
    const dropped = DROPPED.exec(name)
    if (!closing && dropped?.[1]) {
      const close = new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'ig')
      close.lastIndex = i
      i = close.exec(html)?.index ?? html.length
    } else if (skipping) {
      if (name === skipping) depth += closing ? -1 : empty ? 0 : 1
      if (!depth) skipping = ''
    } else if (dropped) {
      if (!empty) {
        skipping = name
        depth = 1
      }
    } else if (name === 'div' || name === 'span') {
      // Deeper nesting is flattened: it keeps closing tags cheap to match on hostile input.
      if (!closing && open.length < MAX_DEPTH) {
        open.push(name)
        const style = tag.style === undefined ? '' : filterStyle(tag.style)
        out += `<${name}${style && ` style="${style.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`}>`
      } else if (closing) {
        // Closing an outer element closes the inner ones; a stray end tag is ignored.
        const at = open.lastIndexOf(name)
        while (at >= 0 && open.length > at) out += `</${open.pop()}>`
      }
    }
  }
  while (open.length) out += `</${open.pop()}>`
  return out
}

function readTag(html: string, start: number): Tag | undefined {
  TAG_NAME.lastIndex = start
  TAG_NAME.test(html)
  const name = html.slice(start, TAG_NAME.lastIndex).toLowerCase()
  let style: string | undefined
  for (let i = TAG_NAME.lastIndex; ; i = ATTRIBUTE.lastIndex) {
    ATTRIBUTE.lastIndex = i
    const match = ATTRIBUTE.exec(html)
    if (!match) return undefined
    if (match[2]) return { name, style, end: ATTRIBUTE.lastIndex, selfClosing: (match[1] ?? '').endsWith('/') }
    // An unquoted value cannot start with a quote: that quote never closes, so the tag runs to the end.
    if (/^["']/.test(match[6] ?? '')) return undefined
    const value = match[4] ?? match[5] ?? match[6]
    // Like browsers, the first of duplicate attributes wins.
    if (style === undefined && match[3]?.toLowerCase() === 'style') style = value ?? ''
  }
}

/**
 * Escapes `<`, `>` and `&` in text; with `keepEntities`, well-formed references such as `&lt;`,
 * `&#123;` and `&#x1f;` are left as they are.
 */
export function escapeText(text: string, keepEntities?: boolean): string {
  return text.replace(keepEntities ? /&(?![a-z][a-z\d]*;|#\d+;|#x[\da-f]+;)|[<>]/gi : /[&<>]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;',
  )
}

/** Decodes character references as browsers do in attributes; undefined for an unknown named one. */
export function decodeEntities(text: string): string | undefined {
  let known = true
  const decoded = text.replace(/&(?:#(\d+);?|#x([\da-f]+);?|([a-z][a-z\d]*);)/gi, (_, dec?: string, hex?: string, name?: string) => {
    // Inherited keys (`constructor`, `__proto__`) are not strings, so they count as unknown.
    const named = name && ENTITIES[name]
    if (name) return typeof named === 'string' ? named : ((known = false), '')
    const code = dec ? Number(dec) : parseInt(hex ?? '', 16)
    return code > 0 && code < 0x110000 && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd'
  })
  return known ? decoded : undefined
}

function filterStyle(style: string): string {
  const decoded = decodeEntities(style)
  if (decoded === undefined) return ''
  return decoded
    .split(';')
    .flatMap((declaration) => {
      const colon = declaration.indexOf(':')
      const property = declaration.slice(0, colon).trim().toLowerCase()
      const value = declaration.slice(colon + 1).trim()
      const safe =
        colon > 0 &&
        PROPERTIES.test(property) &&
        VALUE.test(value) &&
        !DANGER.test(value) &&
        !value.replace(COLOR_FUNCTIONS, '$1').includes('(')
      return safe ? [`${property}:${value}`] : []
    })
    .join(';')
}
