import { describe, expect, it } from 'vitest'
import { formatCardLink, parseCardLink, type CardLink } from '@kefu/core/cards'
import { ValidationError } from '@kefu/core'

function rejection(value: string, audience: 'visitor' | 'staff' = 'visitor'): ValidationError {
  try {
    parseCardLink(value, audience)
  } catch (error) {
    if (error instanceof ValidationError) return error
    throw error
  }
  throw new Error(`accepted ${JSON.stringify(value)}`)
}

describe('parseCardLink', () => {
  it('reads the seed http() forms for both audiences', () => {
    for (const audience of ['visitor', 'staff'] as const) {
      expect(parseCardLink("http('http://m.echatsoft.com','blank')", audience)).toEqual({
        protocol: 'http',
        url: 'http://m.echatsoft.com',
        openType: 'blank',
      })
      expect(parseCardLink("http('http://m.echatsoft.com','inner')", audience)).toEqual({
        protocol: 'http',
        url: 'http://m.echatsoft.com',
        openType: 'inner',
      })
    }
  })

  it('accepts double quotes and spaces around the arguments', () => {
    const link = { protocol: 'http', url: 'https://x.example/a?b=1,2&c=(3)', openType: 'inner' }
    expect(parseCardLink('http("https://x.example/a?b=1,2&c=(3)","inner")', 'visitor')).toEqual(link)
    expect(parseCardLink("http( 'https://x.example/a?b=1,2&c=(3)' ,  'inner' )", 'visitor')).toEqual(link)
  })

  it('reads the seed xcx() forms for visitors', () => {
    expect(parseCardLink("xcx('/pages/addFunction/addFunction','navigateTo')", 'visitor')).toEqual({
      protocol: 'xcx',
      path: '/pages/addFunction/addFunction',
      openType: 'navigateTo',
    })
    expect(parseCardLink("xcx('/pages/addFunction/addFunction','redirectTo')", 'visitor').openType).toBe('redirectTo')
    expect(parseCardLink("xcx('/pages/addFunction/addFunction','switchTab')", 'visitor').openType).toBe('switchTab')
    expect(parseCardLink("xcx('/pages/order?id=1&from=card','navigateTo')", 'visitor')).toMatchObject({ path: '/pages/order?id=1&from=card' })
  })

  it('reads the seed apiUrl() forms for staff, with numeric or quoted page ids', () => {
    expect(parseCardLink("apiUrl(263,'reload')", 'staff')).toEqual({ protocol: 'apiUrl', pageId: '263', openType: 'reload' })
    expect(parseCardLink("apiUrl(123,'hash')", 'staff')).toEqual({ protocol: 'apiUrl', pageId: '123', openType: 'hash' })
    expect(parseCardLink("apiUrl('263','hash')", 'staff')).toEqual({ protocol: 'apiUrl', pageId: '263', openType: 'hash' })
    expect(parseCardLink("apiUrl('order-page_2','reload')", 'staff')).toEqual({
      protocol: 'apiUrl',
      pageId: 'order-page_2',
      openType: 'reload',
    })
  })

  it('reads a plain http(s) URL as http(url, blank)', () => {
    expect(parseCardLink('https://shop.example/item/1?x=%27', 'visitor')).toEqual({
      protocol: 'http',
      url: 'https://shop.example/item/1?x=%27',
      openType: 'blank',
    })
    expect(parseCardLink('HTTP://shop.example', 'staff')).toMatchObject({ protocol: 'http', openType: 'blank' })
  })

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['java\tscript:alert(1)'],
    ['java\nscript:alert(1)'],
    [' javascript:alert(1)'],
    [' https://x.example'],
    ['https://x.example '],
    ['\u0000https://x.example'],
    ['https://x.example/\u0085'],
    ['&#106;avascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox(1)'],
    ['ftp://x.example'],
    ['mailto:a@x.example'],
    ['//evil.example'],
    ['/relative/path'],
    ['https:evil.example'],
    ['https:///evil.example'],
    ['https://x.example/"onmouseover="alert(1)'],
    ["https://x.example/'"],
    ['https://x.example/<script>'],
    ['https://x.example\\@evil.example'],
    ['https://x.example/a b'],
    ["http('javascript:alert(1)','blank')"],
    ["http('//evil.example','blank')"],
    ["http(https://x.example,'blank')"],
    ["http('https://x.example','_blank')"],
    ["http('https://x.example','self')"],
    ["http('https://x.example')"],
    ["http('https://x.example','blank') "],
    ["http('https://x.example\",'blank')"],
    ["http('https://x.example','blank'),http('javascript:alert(1)','blank')"],
    ["HTTP('https://x.example','blank')"],
    ["https('https://x.example','blank')"],
    ["xcx('pages/a','navigateTo')"],
    ["xcx('//evil.example/a','navigateTo')"],
    ["xcx('/pages/a','navigateBack')"],
    ["apiUrl(263,'reload')"],
    [''],
    ['https://x.example/' + 'a'.repeat(2048)],
  ])('rejects %j for visitors', (value) => {
    const error = rejection(value)
    expect(error.code).toBe('invalid_card')
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.path).toBe('')
  })

  it.each([
    ["xcx('/pages/a','navigateTo')"],
    ["apiUrl(2 63,'reload')"],
    ["apiUrl('26;3','reload')"],
    ["apiUrl('','reload')"],
    ["apiUrl(263,'open')"],
    ["apiUrl(263)"],
    ['javascript:alert(1)'],
  ])('rejects %j for staff', (value) => {
    expect(rejection(value, 'staff').code).toBe('invalid_card')
  })

  it('says what is wrong', () => {
    expect(rejection("xcx('/pages/a','navigateTo')", 'staff').message).toBe('xcx() links are for visitors only')
    expect(rejection("apiUrl(263,'reload')").message).toBe('apiUrl() links are for staff only')
    expect(rejection("http('https://x.example','self')").message).toBe('openType must be one of blank, inner')
    expect(rejection("xcx('/a','open')").message).toBe('openType must be one of navigateTo, redirectTo, switchTab')
    expect(rejection("http('javascript:alert(1)','blank')").message).toBe('http() has an invalid url')
    expect(rejection('java\tscript:alert(1)').message).toBe('must not contain control characters')
    expect(rejection('javascript:alert(1)').message).toMatch(/must be an http\(s\) URL/)
    expect(rejection('x'.repeat(2049)).message).toBe('must be at most 2048 characters')
    expect(rejection(42 as unknown as string).message).toBe('must be a string')
  })
})

describe('formatCardLink', () => {
  const links: CardLink[] = [
    { protocol: 'http', url: 'https://shop.example/a?b=1', openType: 'blank' },
    { protocol: 'http', url: 'http://m.echatsoft.com', openType: 'inner' },
    { protocol: 'xcx', path: '/pages/addFunction/addFunction', openType: 'navigateTo' },
    { protocol: 'xcx', path: '/pages/tab', openType: 'switchTab' },
    { protocol: 'apiUrl', pageId: '263', openType: 'reload' },
    { protocol: 'apiUrl', pageId: 'orders', openType: 'hash' },
  ]

  it('gives the canonical forms', () => {
    expect(links.map(formatCardLink)).toEqual([
      "http('https://shop.example/a?b=1','blank')",
      "http('http://m.echatsoft.com','inner')",
      "xcx('/pages/addFunction/addFunction','navigateTo')",
      "xcx('/pages/tab','switchTab')",
      "apiUrl(263,'reload')",
      "apiUrl('orders','hash')",
    ])
  })

  it('round-trips with parseCardLink', () => {
    for (const link of links) {
      const audience = link.protocol === 'xcx' ? 'visitor' : 'staff'
      expect(parseCardLink(formatCardLink(link), audience)).toEqual(link)
    }
    for (const text of ['http( "https://x.example" , "blank" )', "apiUrl('263','hash')", 'https://x.example']) {
      const canonical = formatCardLink(parseCardLink(text, 'staff'))
      expect(formatCardLink(parseCardLink(canonical, 'staff'))).toBe(canonical)
    }
    expect(formatCardLink(parseCardLink("apiUrl('263','hash')", 'staff'))).toBe("apiUrl(263,'hash')")
  })

  it('refuses hand-built links that would not parse back', () => {
    expect(() => formatCardLink({ protocol: 'http', url: "https://x.example','inner", openType: 'blank' })).toThrow(ValidationError)
    expect(() => formatCardLink({ protocol: 'http', url: 'javascript:alert(1)', openType: 'blank' })).toThrow(ValidationError)
    expect(() => formatCardLink({ protocol: 'xcx', path: "/a'", openType: 'navigateTo' })).toThrow(ValidationError)
    expect(() => formatCardLink({ protocol: 'apiUrl', pageId: '1)', openType: 'reload' })).toThrow(ValidationError)
    expect(() => formatCardLink({ protocol: 'http', url: 'https://x.example', openType: 'top' as 'blank' })).toThrow(ValidationError)
  })
})
