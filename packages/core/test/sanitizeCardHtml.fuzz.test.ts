// @vitest-environment jsdom
// Property-based tests of the card HTML sanitizer (issue 11): whatever markup comes in, a browser
// parsing what comes out finds only div and span, only a style attribute, and nothing that runs.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sanitizeCardHtml } from '@kefu/core/cards'

const RUNS = 400

/** The markup a browser builds from `html`. */
function parsed(html: string) {
  const host = document.createElement('div')
  host.innerHTML = html
  const elements = [...host.querySelectorAll('*')]
  return {
    tags: elements.map((element) => element.tagName.toLowerCase()),
    attributes: elements.flatMap((element) => element.getAttributeNames()),
    styles: elements.map((element) => element.getAttribute('style') ?? ''),
    text: host.textContent ?? '',
  }
}

const TAGS = ['div', 'span', 'p', 'b', 'a', 'img', 'script', 'style', 'svg', 'math', 'iframe', 'template', 'object', 'embed', 'form', 'textarea', 'title', 'noscript', 'xmp', 'base', 'meta', 'link', 'video', 'DiV', 'sCrIpT', 'svg:script']
const ATTRIBUTES = ['style', 'onload', 'onerror', 'onclick', 'href', 'src', 'xlink:href', 'srcdoc', 'formaction', 'STYLE', 'OnMouseOver', 'data-x', 'class', 'id']
const VALUES = [
  'color:red',
  'background:url(javascript:alert(1))',
  'color:expression(alert(1))',
  'javascript:alert(1)',
  'java\tscript:alert(1)',
  '&#106;avascript:alert(1)',
  'x:expression(alert(1))',
  'color:red;background-image:url(//evil.example/x.png)',
  'behavior:url(x.htc)',
  '-moz-binding:url(x)',
  '@import "x"',
  'color:red\\;x',
  'font-size:12px;/*x*/color:blue',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  'alert(1)',
  '',
]
const TEXTS = ['价格 ¥199', '<', '>', '&', '&lt;script&gt;', '&#60;img src=x onerror=alert(1)&#62;', '"', "'", '`', '\u0000', '\u202e', ' ', '\n', 'javascript:alert(1)', ']]>', '--', '<!--', '-->', '<![CDATA[', '<?xml']

/** Markup pieces: tags (open, close, self-closing) with attributes in every quoting, text, comments and oddities. */
const attribute = fc
  .tuple(fc.constantFrom(...ATTRIBUTES), fc.constantFrom(...VALUES), fc.constantFrom('"', "'", '', ' = "'))
  .map(([name, value, quote]) => (quote === ' = "' ? ` ${name} = "${value}"` : quote ? ` ${name}=${quote}${value}${quote}` : ` ${name}=${value.replace(/\s/g, '')}`))
const piece = fc.oneof(
  fc.tuple(fc.constantFrom(...TAGS), fc.array(attribute, { maxLength: 3 }), fc.constantFrom('>', '/>', ' >', '')).map(([tag, attrs, end]) => `<${tag}${attrs.join('')}${end}`),
  fc.constantFrom(...TAGS).map((tag) => `</${tag}>`),
  fc.constantFrom(...TEXTS),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('<!-- x -->', '<!--', '<!-->', '<!doctype html>', '</>', '< div>', '<div', '<span style="', '<a href=\'', '<'),
)
const markup = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''))
/** Any string at all, too: the sanitizer must hold for input nobody planned for. */
const anyInput = fc.oneof(markup, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }))

describe('sanitizeCardHtml, fuzzed', () => {
  it('never throws, and a browser finds only div and span with a style attribute in what it returns', () => {
    fc.assert(
      fc.property(anyInput, (html) => {
        const clean = sanitizeCardHtml(html)
        const { tags, attributes, styles } = parsed(clean)
        expect(tags.every((tag) => tag === 'div' || tag === 'span'), clean).toBe(true)
        expect(attributes.every((name) => name === 'style'), clean).toBe(true)
        for (const style of styles) expect(style, clean).not.toMatch(/url\(|javascript|expression|behavior|binding|@import|\\/i)
      }),
      { numRuns: RUNS },
    )
  })

  it('is idempotent: cleaning clean output changes nothing', () => {
    fc.assert(
      fc.property(anyInput, (html) => {
        const clean = sanitizeCardHtml(html)
        expect(sanitizeCardHtml(clean)).toBe(clean)
      }),
      { numRuns: RUNS },
    )
  })

  it('keeps plain text as text: what a browser shows is what was written', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }).filter((text) => !['<', '&', '\u0000', '\r'].some((c) => text.includes(c))), (text) => {
        expect(parsed(sanitizeCardHtml(text)).text).toBe(text)
      }),
      { numRuns: RUNS },
    )
  })

  it('never lets markup out of text: escaped angle brackets stay text', () => {
    fc.assert(
      fc.property(markup, (html) => {
        const clean = sanitizeCardHtml(html)
        // Whatever a browser makes of the output, it is no more than the output's own div/span tags.
        expect(parsed(clean).tags.length).toBe((clean.match(/<(div|span)\b/g) ?? []).length)
      }),
      { numRuns: RUNS },
    )
  })
})
