import { describe, expect, it } from 'vitest'
import { productCardFromVisEvt, productCardToVisEvt } from '@kefu/core/cards'
import { ValidationError } from '@kefu/core'

// 示例一 / 示例二 / 示例三 of the visitor API seed.
const pageVisEvt = {
  eventId: 'prod-12617',
  title: '这是一条来自api文档的测试图文消息',
  content: '原价:¥100.00',
  imageUrl: 'http://saastest.innourl.com/images/ADIDAS/201707/thumb_img/10124_thumb_G_1499411207663.jpg',
}

// The agent JS-SDK's pushVisitorEvent example, verbatim.
const cook1005 =
  '{"eventId":"cook1005","title":"2016秋冬新品复古欧式感大花苞袖宽松毛衣","content":"<div style=\'color:#666;line-height:20px\'>原价:<span style=\'text-decoration:line-through\'>¥414.99</span></div><div style=\'color:#666;line-height:20px\'>促销:<span style=\'color:red\'>¥211.64</span></div><div style=\'color:#666;line-height:20px\'>运费:<span style=\'color:#ccc\'>卖家承担运费</span></div>","imageUrl":"http://demo.echatsoft.com/vmini/mycookie/images/0.jpg","url":"apiUrl(263,\'reload\')","memo":"评价(299)"}'

describe('productCardFromVisEvt', () => {
  it('reads the seed pageVisEvt, as an object and as the JSON a chat link carries', () => {
    const expected = { type: 'product', ...pageVisEvt }
    expect(productCardFromVisEvt(pageVisEvt)).toEqual(expected)
    const link = 'https://www.echatsoft.com/visitor/pc/chat.html?companyId=12191&visEvt=' + encodeURIComponent(JSON.stringify(pageVisEvt))
    const visEvt = new URL(link).searchParams.get('visEvt') ?? ''
    expect(productCardFromVisEvt(visEvt)).toEqual(expected)
  })

  it('reads the cook1005 example: styled content kept, deprecated url becomes urlForStaff', () => {
    const card = productCardFromVisEvt(cook1005)
    expect(card).toEqual({
      type: 'product',
      eventId: 'cook1005',
      title: '2016秋冬新品复古欧式感大花苞袖宽松毛衣',
      content: (JSON.parse(cook1005) as { content: string }).content.replace(/'/g, '"'),
      imageUrl: 'http://demo.echatsoft.com/vmini/mycookie/images/0.jpg',
      urlForStaff: "apiUrl(263,'reload')",
      memo: '评价(299)',
    })
  })

  it('prefers urlForStaff over the deprecated url', () => {
    expect(productCardFromVisEvt({ title: 't', url: "apiUrl(1,'hash')", urlForStaff: "apiUrl(2,'reload')" }).urlForStaff).toBe(
      "apiUrl(2,'reload')",
    )
  })

  it('drops urlForVisitor when urlEnableForVisitor is 0', () => {
    const visEvt = { title: 't', urlForVisitor: "http('https://x.example','inner')" }
    expect(productCardFromVisEvt({ ...visEvt, urlEnableForVisitor: 0 })).not.toHaveProperty('urlForVisitor')
    expect(productCardFromVisEvt({ ...visEvt, urlEnableForVisitor: '0' })).not.toHaveProperty('urlForVisitor')
    expect(productCardFromVisEvt({ ...visEvt, urlEnableForVisitor: 1 }).urlForVisitor).toBe("http('https://x.example','inner')")
  })

  it('reads string numbers and ignores the deprecated flags in the result', () => {
    const card = productCardFromVisEvt('{"title":"t","visibility":"2","customizeMsgType":"1","urlEnableForVisitor":"1"}')
    expect(card).toEqual({ type: 'product', title: 't', visibility: 2, customizeMsgType: 1 })
  })

  it('says clearly when the JSON is bad', () => {
    try {
      productCardFromVisEvt('{title: t}')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).issues).toEqual([{ path: '', message: 'visEvt is not valid JSON' }])
    }
    expect(() => productCardFromVisEvt('[1]')).toThrow('card must be an object')
    expect(() => productCardFromVisEvt('{"title":"t","url":"javascript:alert(1)"}')).toThrow(/^urlForStaff: /)
  })
})

describe('productCardToVisEvt', () => {
  it('gives the seed object with only the fields present and numbers as numbers', () => {
    const visEvt = productCardToVisEvt({ title: 't', visibility: '2' as unknown as 2, urlForStaff: "apiUrl('263','reload')" })
    expect(visEvt).toEqual({ title: 't', visibility: 2, urlForStaff: "apiUrl(263,'reload')" })
    expect(visEvt).not.toHaveProperty('type')
  })

  it('round-trips the seed examples', () => {
    for (const source of [pageVisEvt, cook1005]) {
      const card = productCardFromVisEvt(source)
      expect(productCardFromVisEvt(productCardToVisEvt(card))).toEqual(card)
      expect(productCardFromVisEvt(JSON.stringify(productCardToVisEvt(card)))).toEqual(card)
    }
  })

  it('validates the card', () => {
    expect(() => productCardToVisEvt({ title: '' })).toThrow(ValidationError)
  })
})
