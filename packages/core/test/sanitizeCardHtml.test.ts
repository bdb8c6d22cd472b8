// @vitest-environment jsdom
// jsdom parses the output as a browser would (the package has no types, so no direct import); the
// other card tests run in node and go through the sanitizer too, so it needs no DOM itself.
import { describe, expect, it } from 'vitest'
import { sanitizeCardHtml } from '@kefu/core/cards'

/** Parses sanitized output the way a browser would and lists what it contains. */
function inspect(html: string) {
  const host = document.createElement('div')
  host.innerHTML = html
  const elements = [...host.querySelectorAll('*')]
  return {
    tags: [...new Set(elements.map((element) => element.tagName))],
    attributes: [...new Set(elements.flatMap((element) => element.getAttributeNames()))],
    styles: elements.map((element) => element.getAttribute('style') ?? ''),
    text: host.textContent ?? '',
  }
}

// The seed's own card content (agent JS-SDK pushVisitorEvent example, cook1005).
const COOK1005 =
  "<div style='color:#666;line-height:20px'>原价:<span style='text-decoration:line-through'>¥414.99</span></div><div style='color:#666;line-height:20px'>促销:<span style='color:red'>¥211.64</span></div><div style='color:#666;line-height:20px'>运费:<span style='color:#ccc'>卖家承担运费</span></div>"

const XSS = [
  '<script>alert(1)</script>',
  '<SCRIPT>alert(1)</SCRIPT>',
  '<ScRiPt >alert(1)</sCrIpT >',
  '<scr<script>ipt>alert(1)</script>',
  '<script>alert(1)',
  '<script src=//evil.example/x.js></script>',
  '<script>document.write("</scr"+"ipt><img src=x onerror=alert(1)>")</script>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="x" ONERROR="alert(1)">',
  '<div onclick="alert(1)">click</div>',
  '<div onclick=alert(1)>unquoted</div>',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<a href="javascript:alert(1)">link</a>',
  '<a href="jav&#x09;ascript:alert(1)">tab</a>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="javascript:alert(1)">',
  '<div style="background:url(javascript:alert(1))">bg</div>',
  '<div style="width:expression(alert(1))">ie</div>',
  '<div style="color:\\65xpression(alert(1))">escaped</div>',
  '<div style="background-color:url&#40;javascript:alert(1)&#41;">entity</div>',
  '<div style="color:expr&#x65;ssion(alert(1))">hex entity</div>',
  '<div style="color:expr&#x65ssion(alert(1))">hex entity without semicolon</div>',
  '<div style="behavior:url(x.htc)">htc</div>',
  '<div style="-moz-binding:url(http://evil.example/x.xml#xss)">xbl</div>',
  '<div style="color:red;-moz-binding:url(x)">mixed</div>',
  '<div style="@import \'http://evil.example/x.css\'">import</div>',
  '<div style="font-family:&quot;x&quot;;color:red&#59;background:url(x)">split</div>',
  '<div style="color:red/**/;background:url(x)">comment</div>',
  '<div style="color:&Colon;red">unknown entity</div>',
  '<!--<script>alert(1)</script>-->',
  '<!-- <img src=x onerror=alert(1)> -->text',
  '<!--<img src=x onerror=alert(1)>',
  '<!--><img src=x onerror=alert(1)>-->',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<STYLE>@import "http://evil.example/x.css";</STYLE>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">click</maction></math>',
  '<template><script>alert(1)</script><img src=x onerror=alert(1)></template>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<div style=\'color:red\' onmouseover=\'alert(1)\'>hover</div>',
  '<div style="color:red" style="background:url(x)" onmouseover="alert(1)">dup</div>',
  '<div/onclick=alert(1)>slash</div>',
  '<div\nonclick=alert(1)>newline</div>',
  '<span title="a>b" onclick=alert(1)>gt in value</span>',
  '<div title="<script>alert(1)</script>">in attribute</div>',
  '<textarea><script>alert(1)</script></textarea>',
  '<title><img src=x onerror=alert(1)></title>',
  '<xmp><img src=x onerror=alert(1)></xmp>',
  '<noscript><img src=x onerror=alert(1)></noscript>',
  '<![CDATA[<img src=x onerror=alert(1)>]]>',
  '<?xml version="1.0"?><img src=x onerror=alert(1)>',
  '<!DOCTYPE html><body onload=alert(1)>',
  '<form action="javascript:alert(1)"><input type=submit></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<div style="color:red',
  '<div title="unterminated onclick=alert(1)>x</div>',
  '<<script>script>alert(1)<</script>/script>',
  '<span style="color:rgb(1,2,3);background-color:image(url(x))">fn</span>',
  '<span style="color:var(--x)">var</span>',
]

describe('sanitizeCardHtml', () => {
  it.each(XSS)('neutralises %s', (payload) => {
    const output = sanitizeCardHtml(payload)
    expect(output).not.toMatch(/<script/i)
    expect(output).not.toMatch(/<[^>]*\son\w+\s*=/i)
    expect(output).not.toMatch(/javascript:/i)
    expect(output).not.toMatch(/expression/i)
    expect(output).not.toMatch(/url\(/i)
    const { tags, attributes, styles } = inspect(output)
    expect(tags.filter((tag) => tag !== 'DIV' && tag !== 'SPAN')).toEqual([])
    expect(attributes.filter((name) => name !== 'style')).toEqual([])
    for (const style of styles) expect(style).not.toMatch(/url|expression|javascript|behavior|binding|import|\\|var\(|image/i)
  })

  it('keeps the seed card content (cook1005) as it is, with double-quoted attributes', () => {
    expect(sanitizeCardHtml(COOK1005)).toBe(COOK1005.replace(/'/g, '"'))
    expect(inspect(sanitizeCardHtml(COOK1005)).text).toBe('原价:¥414.99促销:¥211.64运费:卖家承担运费')
  })

  it('keeps plain text, escaping markup characters and bare ampersands', () => {
    expect(sanitizeCardHtml('原价:¥100.00')).toBe('原价:¥100.00')
    expect(sanitizeCardHtml('a < b > c & d')).toBe('a &lt; b &gt; c &amp; d')
    expect(sanitizeCardHtml('&lt;b&gt; &amp; &#123; &#x1f; &copy;')).toBe('&lt;b&gt; &amp; &#123; &#x1f; &copy;')
    expect(sanitizeCardHtml('AT&T &x y&#;')).toBe('AT&amp;T &amp;x y&amp;#;')
    expect(sanitizeCardHtml('')).toBe('')
  })

  it('removes disallowed tags but keeps their text', () => {
    expect(sanitizeCardHtml('<p>Hello <b>big</b><br/>world</p>')).toBe('Hello bigworld')
    expect(sanitizeCardHtml('<a href="https://x.example">link</a>')).toBe('link')
    expect(sanitizeCardHtml('<img src=x onerror=alert(1)>after')).toBe('after')
    expect(sanitizeCardHtml('<div onclick="x()" class="c" id=i>text</div>')).toBe('<div>text</div>')
  })

  it('drops raw-text and nested elements with their content', () => {
    expect(sanitizeCardHtml('a<script>if (a < b) x("</div>")</script>b')).toBe('ab')
    expect(sanitizeCardHtml('a<style>div { color: red }</style>b')).toBe('ab')
    expect(sanitizeCardHtml('a<textarea><div>x</div></textarea>b')).toBe('ab')
    expect(sanitizeCardHtml('a<script>x</scriptx></script >b')).toBe('ab')
    expect(sanitizeCardHtml('a<script>never closed<div>x</div>')).toBe('a')
    expect(sanitizeCardHtml('a<svg><svg></svg><div>in</div></svg>b')).toBe('ab')
    expect(sanitizeCardHtml('a<template><template></template>in</template>b')).toBe('ab')
    expect(sanitizeCardHtml('a<object><div>fallback</div></object>b')).toBe('ab')
    expect(sanitizeCardHtml('a<svg/>b')).toBe('ab')
    expect(sanitizeCardHtml('a<math>unterminated')).toBe('a')
    expect(sanitizeCardHtml('a<embed src=x>b')).toBe('ab')
  })

  it('drops comments, doctype, CDATA and processing instructions', () => {
    expect(sanitizeCardHtml('a<!-- <div>x</div> -->b')).toBe('ab')
    expect(sanitizeCardHtml('a<!---->b<!-->c<!--->d')).toBe('abcd')
    expect(sanitizeCardHtml('a<!-- never closed <div>')).toBe('a')
    expect(sanitizeCardHtml('<!doctype html>a<![CDATA[x]]>b<?php echo 1 ?>c</ notatag>d</>e')).toBe('abcde')
  })

  it('balances elements: closes what is open, ignores stray end tags', () => {
    expect(sanitizeCardHtml('<div><span>a')).toBe('<div><span>a</span></div>')
    expect(sanitizeCardHtml('a</div></span>b')).toBe('ab')
    expect(sanitizeCardHtml('<div><span>a</div>b')).toBe('<div><span>a</span></div>b')
    expect(sanitizeCardHtml('<DIV STYLE="COLOR:red">a</DIV>')).toBe('<div style="color:red">a</div>')
    expect(sanitizeCardHtml('<span/>a')).toBe('<span>a</span>')
  })

  it('tokenizes attributes like a browser', () => {
    expect(sanitizeCardHtml('<div style=color:red>a</div>')).toBe('<div style="color:red">a</div>')
    expect(sanitizeCardHtml('<div title="x>y" style="color:red">a</div>')).toBe('<div style="color:red">a</div>')
    expect(sanitizeCardHtml("<div title='\"' style = 'color:red'>a</div>")).toBe('<div style="color:red">a</div>')
    expect(sanitizeCardHtml('<div/style="color:red"/>a')).toBe('<div style="color:red">a</div>')
    expect(sanitizeCardHtml('<div hidden style="color:red">a</div>')).toBe('<div style="color:red">a</div>')
    expect(sanitizeCardHtml('<div style="color:red" style="color:blue">a</div>')).toBe('<div style="color:red">a</div>')
    // A tag cut off by the end of the input is dropped.
    expect(sanitizeCardHtml('a<div style="color:red')).toBe('a')
    expect(sanitizeCardHtml('a<span')).toBe('a')
    expect(sanitizeCardHtml('a < b <3 <')).toBe('a &lt; b &lt;3 &lt;')
  })

  it('filters style declarations', () => {
    const style = (css: string) => sanitizeCardHtml(`<span style="${css}">x</span>`)
    expect(style('color: red ; FONT-SIZE:12px;position:fixed;top:0')).toBe('<span style="color:red;font-size:12px">x</span>')
    expect(style('margin:0 auto;padding-left:4px;border-radius:50%;display:inline-block')).toBe(
      '<span style="margin:0 auto;padding-left:4px;border-radius:50%;display:inline-block">x</span>',
    )
    expect(style('color:rgba(0,0,0,.5);background-color:hsl(120, 50%, 50%)')).toBe(
      '<span style="color:rgba(0,0,0,.5);background-color:hsl(120, 50%, 50%)">x</span>',
    )
    expect(style('font-family:&quot;PingFang SC&quot;, sans-serif')).toBe(
      '<span style="font-family:&quot;PingFang SC&quot;, sans-serif">x</span>',
    )
    expect(style('color:&#114;ed;line-height:1&#46;5;font-size:12px')).toBe('<span style="color:red;line-height:1.5;font-size:12px">x</span>')
    expect(style('color:rgb&lpar;1,2,3&rpar;&semi;font-family:&apos;A&apos;')).toBe('<span style="color:rgb(1,2,3);font-family:\'A\'">x</span>')
    expect(style('color:calc(1px);color:attr(x)')).toBe('<span>x</span>')
    expect(style('color:red !important')).toBe('<span>x</span>')
    expect(style('color:red&unknown;')).toBe('<span>x</span>')
    expect(style('')).toBe('<span>x</span>')
  })

  // 2,000 random documents, each parsed back with jsdom: seconds on a loaded machine, so a longer timeout.
  it('never throws, whatever the input', () => {
    const pieces = ['<', '>', '/', '!', '-', '"', "'", '=', ' ', 'div', 'span', 'script', 'svg', 'style', '&', '#', ';', 'x', '\0', '\n']
    let seed = 7
    for (let run = 0; run < 2000; run++) {
      let input = ''
      for (let k = 0; k < 30; k++) {
        seed = (seed * 1103515245 + 12345) % 2147483648
        input += pieces[seed % pieces.length]
      }
      const output = sanitizeCardHtml(input)
      const { tags, attributes } = inspect(output)
      expect(tags.filter((tag) => tag !== 'DIV' && tag !== 'SPAN')).toEqual([])
      expect(attributes.filter((name) => name !== 'style')).toEqual([])
    }
  }, 60_000)

  // Speed on hostile input is measured by bench/sanitizer; here: such input ends with safe, bounded output.
  it('handles pathological input with bounded, safe output', () => {
    expect(sanitizeCardHtml('<div a="'.repeat(5000))).toBe('')
    expect(sanitizeCardHtml('<div '.repeat(5000) + '>')).toBe('<div></div>')
    expect(sanitizeCardHtml('<!--'.repeat(5000))).toBe('')
    expect(sanitizeCardHtml('<span style="' + 'color:red;'.repeat(5000) + '">')).toMatch(/^<span style="[^"]*"><\/span>$/)
    expect(sanitizeCardHtml('<script>'.repeat(5000))).toBe('')
    const deep = sanitizeCardHtml('<span>'.repeat(100000) + '</div>'.repeat(100000))
    expect(deep).toBe('<span>'.repeat(64) + '</span>'.repeat(64))
  })

  it('flattens nesting deeper than 64 levels, staying balanced', () => {
    const output = sanitizeCardHtml('<div>'.repeat(100) + 'x' + '</div>'.repeat(100) + 'y')
    expect(output).toBe('<div>'.repeat(64) + 'x' + '</div>'.repeat(64) + 'y')
  })
})
