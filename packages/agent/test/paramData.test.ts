import { describe, expect, it } from 'vitest'
import { createAgentPlugin, paramDataReader, parseParamList } from '../src'

/** A window for getParamData only: a query string and a parent, nothing else is touched. */
const pageAt = (search: string) => ({ location: { search, href: `https://plugin.example/p${search}` }, parent: {}, document: { referrer: '' } }) as unknown as Window

describe('parseParamList', () => {
  it('decodes percent-encoding and +, keeps = inside values, first key wins', () => {
    const list = parseParamList('?a=1&b=x%3Dy%26z&c=hello+world&a=2&d=&e&f=a=b=c&%E5%90%8D=%E5%BC%A0%E4%B8%89')
    expect(Object.fromEntries(list)).toEqual({ a: '1', b: 'x=y&z', c: 'hello world', d: '', e: '', f: 'a=b=c', 名: '张三' })
  })

  it('never throws on malformed escapes and keeps what it cannot decode', () => {
    expect(parseParamList('a=100%&b=%E4%B8&c=%zz%41&d=%E5%BC%A0%').get('a')).toBe('100%')
    const list = parseParamList('a=100%&b=%E4%B8&c=%zz%41&d=%E5%BC%A0%')
    expect(list.get('b')).toBe('%E4%B8')
    expect(list.get('c')).toBe('%zzA')
    expect(list.get('d')).toBe('张%')
  })

  it('ignores empty parts and empty keys', () => {
    expect(Object.fromEntries(parseParamList('&&=x&a=1&'))).toEqual({ a: '1' })
    expect(parseParamList('').size).toBe(0)
  })
})

describe('getParamData', () => {
  const visitorData = encodeURIComponent('visitorId=v%2B1&visitorName=%E5%BC%A0+%E4%B8%89&note=a%3Db%26c&visitorId=second')
  const search = `?visitorData=${visitorData}&chatData=recordId%3Dc-9&kefuOrigin=https%3A%2F%2Fdesk.example&plain=x+y`
  const plugin = createAgentPlugin({ window: pageAt(search) })

  it('returns a sub-parameter of a k=v list, decoded twice as the workbench encodes it', () => {
    expect(plugin.getParamData('visitorData', 'visitorId')).toBe('v+1')
    expect(plugin.getParamData('visitorData', 'visitorName')).toBe('张 三')
    expect(plugin.getParamData('visitorData', 'note')).toBe('a=b&c')
    expect(plugin.getParamData('chatData', 'recordId')).toBe('c-9')
  })

  it('returns the raw decoded value without a sub-parameter', () => {
    expect(plugin.getParamData('visitorData')).toBe('visitorId=v%2B1&visitorName=%E5%BC%A0+%E4%B8%89&note=a%3Db%26c&visitorId=second')
    expect(plugin.getParamData('plain')).toBe('x y')
    expect(plugin.getParamData('kefuOrigin')).toBe('https://desk.example')
  })

  it("returns '' for absent parameters and sub-parameters", () => {
    expect(plugin.getParamData('routeData')).toBe('')
    expect(plugin.getParamData('routeData', 'echatTag')).toBe('')
    expect(plugin.getParamData('visitorData', 'vip')).toBe('')
    expect(plugin.getParamData('plain', 'x')).toBe('')
  })

  it('reads the query string once', () => {
    const location = { search: '?a=1', href: 'https://plugin.example/?a=1' }
    const reader = createAgentPlugin({ window: { location, parent: {} } as unknown as Window })
    expect(reader.getParamData('a')).toBe('1')
    location.search = '?a=2'
    expect(reader.getParamData('a')).toBe('1')
  })

  it('works the same through paramDataReader', () => {
    const read = paramDataReader('crmData=name%3D%25E6%259D%258E')
    expect(read('crmData', 'name')).toBe('李')
  })

  it('is empty without a window (server rendering)', () => {
    const original = globalThis.window
    try {
      // @ts-expect-error -- simulating a server, where there is no window
      delete globalThis.window
      expect(createAgentPlugin().getParamData('visitorData', 'visitorId')).toBe('')
    } finally {
      globalThis.window = original
    }
  })
})
