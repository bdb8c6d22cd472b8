import { describe, expect, it } from 'vitest'
import { trackInfoFromEntry } from '../src/chat/trackInfoFromEntry'

const landing = 'https://shop.example/coat'

describe('trackInfoFromEntry (Echat visitorTrackInfo)', () => {
  it('baidu: the keyword from wd, organic (keywordType 1)', () => {
    const referrer = `https://www.baidu.com/s?wd=${encodeURIComponent('一洽客服系统')}`
    expect(trackInfoFromEntry({ firstUrl: landing, referrer })).toEqual({ firstUrl: landing, referrer, searcher: 'baidu', keyword: '一洽客服系统', keywordType: 1 })
  })

  it('baidu: the other keyword parameters, and the seed’s redirect link with an empty wd (no keyword)', () => {
    expect(trackInfoFromEntry({ referrer: 'https://m.baidu.com/s?word=kefu' })).toMatchObject({ searcher: 'baidu', keyword: 'kefu' })
    // The seed's own example: baidu's /link redirect carries wd= empty.
    const link = 'https://www.baidu.com/link?url=OJ_GV4co3VzFIsx3LMbh7M1std23sPTEC0DYtUKWUGtuKol3M38YtqbdqSuZBtkG&wd=&eqid=f4ca1bee0004c8e4000000065f10124c'
    const info = trackInfoFromEntry({ firstUrl: 'https://www.echatsoft.com/', referrer: link })
    expect(info).toEqual({ firstUrl: 'https://www.echatsoft.com/', referrer: link, searcher: 'baidu', keywordType: 1 })
  })

  it('google: the keyword from q, any country domain', () => {
    expect(trackInfoFromEntry({ referrer: 'https://www.google.com/search?q=live+chat' })).toMatchObject({ searcher: 'google', keyword: 'live chat', keywordType: 1 })
    expect(trackInfoFromEntry({ referrer: 'https://www.google.co.uk/search?q=kefu' })).toMatchObject({ searcher: 'google', keyword: 'kefu' })
  })

  it('bing, sogou, 360 and shenma', () => {
    expect(trackInfoFromEntry({ referrer: 'https://cn.bing.com/search?q=%E5%AE%A2%E6%9C%8D' })).toMatchObject({ searcher: 'bing', keyword: '客服', keywordType: 1 })
    expect(trackInfoFromEntry({ referrer: 'https://www.sogou.com/web?query=kefu' })).toMatchObject({ searcher: 'sogou', keyword: 'kefu' })
    expect(trackInfoFromEntry({ referrer: 'https://www.so.com/s?q=kefu' })).toMatchObject({ searcher: '360', keyword: 'kefu' })
    expect(trackInfoFromEntry({ referrer: 'https://m.sm.cn/s?q=kefu' })).toMatchObject({ searcher: 'shenma', keyword: 'kefu' })
  })

  it('paid clicks (bd_vid, gclid, msclkid, e_keywordid on the landing page) are keywordType 2', () => {
    const cases: [string, string][] = [
      ['https://www.baidu.com/s?wd=coat', `${landing}?bd_vid=123`],
      ['https://www.baidu.com/s?wd=coat', `${landing}?utm_source=baidu&e_keywordid=99`],
      ['https://www.google.com/search?q=coat', `${landing}?gclid=abc`],
      ['https://www.bing.com/search?q=coat', `${landing}?x=1&msclkid=def`],
    ]
    for (const [referrer, firstUrl] of cases) expect(trackInfoFromEntry({ firstUrl, referrer }).keywordType, firstUrl).toBe(2)
    // A parameter that merely ends in a click id's name is not one.
    expect(trackInfoFromEntry({ firstUrl: `${landing}?notgclid=abc`, referrer: 'https://www.google.com/search?q=coat' }).keywordType).toBe(1)
  })

  it('falls back to enterUrl for the landing page, click ids included', () => {
    expect(trackInfoFromEntry({ enterUrl: `${landing}?gclid=abc`, referrer: 'https://www.google.com/search?q=coat' })).toEqual({
      firstUrl: `${landing}?gclid=abc`,
      referrer: 'https://www.google.com/search?q=coat',
      searcher: 'google',
      keyword: 'coat',
      keywordType: 2,
    })
    expect(trackInfoFromEntry({ firstUrl: landing, enterUrl: 'https://shop.example/other' }).firstUrl).toBe(landing)
  })

  it('a referrer that is not a search engine is kept, with no searcher or keywordType', () => {
    expect(trackInfoFromEntry({ firstUrl: landing, referrer: 'https://blog.example/post?q=coat' })).toEqual({ firstUrl: landing, referrer: 'https://blog.example/post?q=coat' })
    // Look-alike hosts are not the engine.
    expect(trackInfoFromEntry({ referrer: 'https://notbaidu.com/s?wd=x' })).toEqual({ referrer: 'https://notbaidu.com/s?wd=x' })
    expect(trackInfoFromEntry({ referrer: 'https://baidu.com.evil.example/s?wd=x' })).toEqual({ referrer: 'https://baidu.com.evil.example/s?wd=x' })
  })

  it('a referrer that is not a URL is kept as text', () => {
    expect(trackInfoFromEntry({ firstUrl: landing, referrer: '微信群分享' })).toEqual({ firstUrl: landing, referrer: '微信群分享' })
    expect(trackInfoFromEntry({ referrer: 'www.baidu.com/s?wd=x' })).toEqual({ referrer: 'www.baidu.com/s?wd=x' })
  })

  it('nothing reported: nothing inferred (no location: kefu ships no GeoIP)', () => {
    expect(trackInfoFromEntry({})).toEqual({})
    expect(trackInfoFromEntry({ echatTag: '订单详情', lan: 'zh' })).toEqual({})
  })
})
