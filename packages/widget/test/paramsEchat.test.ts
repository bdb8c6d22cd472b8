import { describe, expect, it } from 'vitest'
import { mergeChatParams, readChatParams, toChatLocale } from '../src/params'

// The seed's 示例一/二/三 objects, verbatim.
const pageVisEvt = {
  eventId: 'prod-12617',
  title: '这是一条来自api文档的测试图文消息',
  content: '原价:¥100.00',
  imageUrl: 'http://saastest.innourl.com/images/ADIDAS/201707/thumb_img/10124_thumb_G_1499411207663.jpg',
}
const chatWindowParam = {
  maxWidth: 900,
  maxHeight: 600,
  bgColor: '#000000',
  bgImage: 'http://qnfile.echatsoft.com/a2abc059-1cce-4358-b091-b3292d769aca',
  bgRepeat: 1,
  name: 'echatChatWindow',
  width: 1000,
  height: 700,
}
const visEvtCard = { type: 'product', ...pageVisEvt }
const chatWindow = { ...chatWindowParam }

describe('readChatParams: Echat', () => {
  it('reads 示例三: the chat link built with encodeURIComponent(JSON.stringify(...))', () => {
    let chatLink = 'https://www.echatsoft.com/visitor/pc/chat.html?companyId=12191'
    chatLink += '&echatTag=' + encodeURIComponent('商品咨询')
    chatLink += '&lan=' + encodeURIComponent('zh')
    chatLink += '&visEvt=' + encodeURIComponent(JSON.stringify(pageVisEvt))
    chatLink += '&chatWindowParam=' + encodeURIComponent(JSON.stringify(chatWindowParam))
    expect(readChatParams(chatLink)).toStrictEqual({
      companyId: '12191',
      locale: 'zh-CN',
      entry: { echatTag: '商品咨询', lan: 'zh' },
      identity: {},
      routing: {},
      cards: [visEvtCard],
      chatWindow,
      ui: {},
      entrance: {},
      problems: [],
    })
    // The same from the query alone, and from URLSearchParams.
    const query = chatLink.slice(chatLink.indexOf('?'))
    expect(readChatParams(query)).toStrictEqual(readChatParams(chatLink))
    expect(readChatParams(new URLSearchParams(query))).toStrictEqual(readChatParams(chatLink))
  })

  it('takes a query with or without its link, and raw URLs in a query', () => {
    const expected = { enterUrl: 'https://a.example/x?y=1', echatTag: 't' }
    expect(readChatParams('enterUrl=https://a.example/x?y=1&echatTag=t').entry).toStrictEqual(expected)
    expect(readChatParams('?enterUrl=https://a.example/x?y=1&echatTag=t').entry).toStrictEqual(expected)
    expect(readChatParams('/chat.html?enterUrl=https://a.example/x?y=1&echatTag=t#frag').entry).toStrictEqual(expected)
    // A repeated parameter keeps its first value, as URLSearchParams.get does.
    expect(readChatParams('echatTag=a&echatTag=b').entry).toStrictEqual({ echatTag: 'a' })
  })

  it('types chatWindowParam values that arrive as strings', () => {
    const params = readChatParams({
      chatWindowParam: JSON.stringify({ width: '1000', height: '700px', maxWidth: 900, bgRepeat: '2', features: 'width=800,height=600' }),
    })
    expect(params.chatWindow).toStrictEqual({ width: 1000, height: 700, maxWidth: 900, bgRepeat: 2, features: 'width=800,height=600' })
    expect(params.problems).toStrictEqual([])
  })

  it('reads 示例一: two initParam calls merged, objects as the page passes them', () => {
    const chatParamObj = { visEvt: pageVisEvt, echatTag: '商品测试', lan: 'zh', chatWindowParam }
    const params = mergeChatParams({ companyId: 12191 }, chatParamObj)
    expect(params).toStrictEqual({
      companyId: '12191',
      locale: 'zh-CN',
      entry: { echatTag: '商品测试', lan: 'zh' },
      identity: {},
      routing: {},
      cards: [visEvtCard],
      chatWindow,
      ui: {},
      entrance: {},
      problems: [],
    })
    // 示例二 passes the same object to customNewWinChat.
    const { companyId: _companyId, ...withoutCompany } = params
    expect(readChatParams(chatParamObj)).toStrictEqual(withoutCompany)
  })

  it('lets a later initParam replace an earlier value and keep the rest', () => {
    const params = mergeChatParams({ companyId: 1, echatTag: 'a', lan: 'en' }, new URLSearchParams('echatTag=b'), { lan: undefined })
    expect(params.companyId).toBe('1')
    expect(params.entry).toStrictEqual({ echatTag: 'b', lan: 'en' })
    expect(params.locale).toBe('en')
  })

  it('reads the pcMiniWinParam example (set by a second initParam)', () => {
    const pcMiniWinParam: Record<string, unknown> = {}
    pcMiniWinParam.left = 20
    pcMiniWinParam.bottom = 20
    pcMiniWinParam.min = true
    pcMiniWinParam.max = true
    pcMiniWinParam.close = false
    pcMiniWinParam.width = 320
    pcMiniWinParam.height = 450
    const params = mergeChatParams({ companyId: 1 }, { pcMiniWinParam: pcMiniWinParam })
    expect(params.miniWindow).toStrictEqual({ left: 20, bottom: 20, min: true, max: true, close: false, width: 320, height: 450 })
    expect(params.problems).toStrictEqual([])
    // In a link the booleans and numbers are JSON.
    const linked = readChatParams('?pcMiniWinParam=' + encodeURIComponent(JSON.stringify(pcMiniWinParam)))
    expect(linked.miniWindow).toStrictEqual(params.miniWindow)
  })

  it("reads getChatPageUrl's link: entry data decoded, other Echat params ignored", () => {
    const link =
      'http://es.echatsoft.com/visitor/pc/chat.html?companyId=1&encryptVID=MlpBrdy%2Bfs8d7XyLvYZF9g%3D%3D&chatVisitorId=24092361&enterUrl=http%3A%2F%2Fwww.echatsoft.com%2F&enterTitle=一洽客服Echat%7C专业的电商行业在线客服系统软件和解决方案提供商&firstUrl=http%3A%2F%2Fwww.echatsoft.com%2F&firstTitle=一洽客服Echat%7C专业的电商行业在线客服系统软件和解决方案提供商&referrer=https%3A%2F%2Fwww.baidu.com%2Flink%3Furl%3D4mToafSCGt-JnuEkpTsHDFxaWjY5XSACzLIjJ18ykDN43f_tuVplNBHiDhp9dopU%26wd%3D%26eqid%3Da595df79000032d50000000559228aac&fromHost=http://www.echatsoft.com&dataHost=http%3A%2F%2Fe.echatsoft.com'
    const params = readChatParams(link)
    expect(params.companyId).toBe('1')
    expect(params.entry).toStrictEqual({
      enterUrl: 'http://www.echatsoft.com/',
      enterTitle: '一洽客服Echat|专业的电商行业在线客服系统软件和解决方案提供商',
      firstUrl: 'http://www.echatsoft.com/',
      referrer:
        'https://www.baidu.com/link?url=4mToafSCGt-JnuEkpTsHDFxaWjY5XSACzLIjJ18ykDN43f_tuVplNBHiDhp9dopU&wd=&eqid=a595df79000032d50000000559228aac',
    })
    expect(params.problems).toStrictEqual([])
  })

  it('reads routeEntranceId, metaData and myData', () => {
    const params = readChatParams('routeEntranceId=12&metaData=ab+c/d==&myData=' + encodeURIComponent('{"orderId":7}'))
    expect(params.entry).toStrictEqual({ routeEntranceId: '12' })
    // An unencoded '+' of base64 arrives as a space and is put back.
    expect(params.identity).toStrictEqual({ metaData: 'ab+c/d==', myData: '{"orderId":7}' })
  })

  it('maps lan to the chat window locale', () => {
    const cases: [string, string][] = [
      ['zh', 'zh-CN'], ['zh-cn', 'zh-CN'], ['cn', 'zh-CN'], ['ZH-CN', 'zh-CN'],
      ['tw', 'zh-TW'], ['zh-tw', 'zh-TW'], ['zh-HK', 'zh-TW'], ['zh_TW', 'zh-TW'], ['zh-Hant', 'zh-TW'],
      ['en', 'en'], ['en-US', 'en'], ['ja', 'zh-CN'], ['de', 'zh-CN'], ['english', 'zh-CN'],
    ]
    for (const [lan, locale] of cases) {
      expect(readChatParams({ lan }).locale, lan).toBe(locale)
      expect(toChatLocale(lan)).toBe(locale)
    }
    expect(readChatParams({}).locale).toBe('zh-CN')
    expect(readChatParams({ lan: 'ja' }).entry.lan).toBe('ja')
  })
})

describe('readChatParams: bad Echat input', () => {
  it('reports malformed visEvt JSON and reads the rest', () => {
    const params = readChatParams('companyId=12191&echatTag=tag&visEvt=' + encodeURIComponent('{"title":"a",') + '&lan=en')
    expect(params.problems).toStrictEqual([{ param: 'visEvt', message: 'visEvt: is not valid JSON' }])
    expect(params.cards).toStrictEqual([])
    expect(params).toMatchObject({ companyId: '12191', locale: 'en', entry: { echatTag: 'tag', lan: 'en' } })
  })

  it('reports a visEvt that is not an object, and a visEvt without a title', () => {
    expect(readChatParams({ visEvt: '[1]' }).problems).toStrictEqual([{ param: 'visEvt', message: 'visEvt: card must be an object' }])
    expect(readChatParams({ visEvt: { content: 'x' } }).problems).toStrictEqual([{ param: 'visEvt.title', message: 'visEvt.title: is required' }])
  })

  it('refuses a javascript: link in visEvt and keeps the other cards', () => {
    const params = readChatParams({
      visEvt: JSON.stringify({ ...pageVisEvt, urlForVisitor: 'javascript:alert(1)' }),
      card_title: 'ok',
    })
    expect(params.problems).toHaveLength(1)
    expect(params.problems[0]?.param).toBe('visEvt.urlForVisitor')
    expect(params.problems[0]?.message).toMatch(/^visEvt\.urlForVisitor: must be an http\(s\) URL/)
    expect(params.cards).toStrictEqual([{ type: 'product', title: 'ok' }])
  })

  it('reports malformed chatWindowParam JSON and reads the rest', () => {
    const params = readChatParams('chatWindowParam=' + encodeURIComponent('{width:1000}') + '&echatTag=x')
    expect(params.problems).toStrictEqual([{ param: 'chatWindowParam', message: 'chatWindowParam: is not valid JSON' }])
    expect(params.chatWindow).toBeUndefined()
    expect(params.entry).toStrictEqual({ echatTag: 'x' })
  })

  it('drops each bad chatWindowParam field with its own problem', () => {
    const params = readChatParams({
      chatWindowParam: { width: 'wide', height: 700, bgRepeat: 3, bgColor: 'red;x:url(y)', bgImage: 'javascript:alert(1)', features: 'a=<b>' },
    })
    expect(params.chatWindow).toStrictEqual({ height: 700 })
    expect(params.problems.map((problem) => problem.param)).toStrictEqual([
      'chatWindowParam.width',
      'chatWindowParam.features',
      'chatWindowParam.bgColor',
      'chatWindowParam.bgImage',
      'chatWindowParam.bgRepeat',
    ])
    expect(params.problems[0]?.message).toBe('chatWindowParam.width: must be a whole number from 0 to 10000, got "wide"')
    expect(params.problems[4]?.message).toBe('chatWindowParam.bgRepeat: must be one of 0, 1, 2, got 3')
    expect(readChatParams({ chatWindowParam: '[]' }).problems).toStrictEqual([
      { param: 'chatWindowParam', message: 'chatWindowParam: must be a JSON object, got an array' },
    ])
  })

  it('refuses entry URLs that are not http(s), and a non-object source', () => {
    const params = readChatParams({ enterUrl: 'javascript:alert(1)', echatTag: 'x' })
    expect(params.problems).toStrictEqual([{ param: 'enterUrl', message: 'enterUrl: must be an http(s) URL, got "javascript:alert(1)"' }])
    expect(params.entry).toStrictEqual({ echatTag: 'x' })
    const none = readChatParams(null as unknown as string)
    expect(none.problems).toHaveLength(1)
    expect(none.locale).toBe('zh-CN')
  })
})
