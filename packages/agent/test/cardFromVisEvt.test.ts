import { validateProductCard } from '@kefu/core/cards'
import { describe, expect, it } from 'vitest'
import { cardFromVisEvt, PluginArgumentError } from '../src'

// The seed's example, verbatim.
const SEED = {
  eventId: 'cook1005',
  title: '2016秋冬新品复古欧式感大花苞袖宽松毛衣',
  content:
    "<div style='color:#666;line-height:20px'>原价:<span style='text-decoration:line-through'>¥414.99</span></div><div style='color:#666;line-height:20px'>促销:<span style='color:red'>¥211.64</span></div><div style='color:#666;line-height:20px'>运费:<span style='color:#ccc'>卖家承担运费</span></div>",
  imageUrl: 'http://demo.echatsoft.com/vmini/mycookie/images/0.jpg',
  url: "apiUrl(263,'reload')",
  memo: '评价(299)',
}

describe('cardFromVisEvt', () => {
  it("maps the seed's example: an apiUrl link is for agents only", () => {
    const { url: _url, ...rest } = SEED
    const card = cardFromVisEvt(SEED)
    expect(card).toEqual({ ...rest, urlForStaff: "apiUrl(263,'reload')" })
    // and the server's validator accepts it
    expect(validateProductCard(card).urlForStaff).toBe("apiUrl(263,'reload')")
  })

  it('sends web links to visitors and agents', () => {
    expect(cardFromVisEvt({ title: 't', url: "http('https://shop.example/p/1','blank')" })).toEqual({
      title: 't',
      urlForVisitor: "http('https://shop.example/p/1','blank')",
      urlForStaff: "http('https://shop.example/p/1','blank')",
    })
    expect(cardFromVisEvt({ title: 't', url: ' https://shop.example/p/1 ' })).toEqual({
      title: 't',
      urlForVisitor: 'https://shop.example/p/1',
      urlForStaff: 'https://shop.example/p/1',
    })
  })

  it('sends mini-program links to visitors only', () => {
    expect(cardFromVisEvt({ title: 't', url: "xcx('/pages/p?id=1','navigateTo')" })).toEqual({
      title: 't',
      urlForVisitor: "xcx('/pages/p?id=1','navigateTo')",
    })
  })

  it('lets explicit urlForVisitor / urlForStaff win, and passes visibility and customizeMsgType', () => {
    expect(
      cardFromVisEvt({
        title: 't',
        url: 'https://a.example/',
        urlForVisitor: 'https://v.example/',
        urlForStaff: "apiUrl(7,'hash')",
        visibility: '2',
        customizeMsgType: 1,
      }),
    ).toEqual({ title: 't', urlForVisitor: 'https://v.example/', urlForStaff: "apiUrl(7,'hash')", visibility: 2, customizeMsgType: 1 })
  })

  it('honours the deprecated urlEnableForVisitor: 0, reads JSON strings and numeric eventIds, drops unknown fields', () => {
    expect(cardFromVisEvt(JSON.stringify({ title: 't', eventId: 12, url: 'https://a.example/', urlEnableForVisitor: 0, extra: 1 }))).toEqual({
      title: 't',
      eventId: '12',
      urlForStaff: 'https://a.example/',
    })
  })

  it.each([
    [{ title: 't', url: 'javascript:alert(1)' }, 'visEvt.url'],
    [{ title: 't', urlForVisitor: "apiUrl(1,'reload')" }, 'visEvt.urlForVisitor'],
    [{ title: 't', urlForStaff: "xcx('/p','navigateTo')" }, 'visEvt.urlForStaff'],
    [{ title: 't', url: "apiUrl(1,'popup')" }, 'visEvt.url'],
    [{ title: 't', imageUrl: '//cdn.example/a.png' }, 'visEvt.imageUrl'],
    [{ title: 't', visibility: 3 }, 'visEvt.visibility'],
    [{ title: 't', memo: 5 }, 'visEvt.memo'],
    [{ title: '' }, 'visEvt.title'],
    [{ title: 5 }, 'visEvt.title'],
    ['{bad json', 'visEvt'],
    [[{ title: 't' }], 'visEvt'],
  ])('rejects %j naming %s', (visEvt, argument) => {
    let error: unknown
    try {
      cardFromVisEvt(visEvt)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(PluginArgumentError)
    expect(error).toMatchObject({ method: 'pushVisitorEvent', argument })
  })
})
