import { describe, expect, it } from 'vitest'
import {
  orderCardFromSobot,
  orderCardToSobot,
  productCardFromSobot,
  productCardToSobot,
  type SobotOrderParams,
} from '@kefu/core/cards'
import { ValidationError, type ValidationIssue } from '@kefu/core'

function issuesOf(run: () => unknown): readonly ValidationIssue[] {
  try {
    run()
  } catch (error) {
    if (error instanceof ValidationError) return error.issues
    throw error
  }
  throw new Error('accepted')
}

// The seed's zc('config') product-card example.
const cardConfig = {
  card_title: '云客服_智齿客服',
  card_url: encodeURIComponent('http://www.sobot.com'),
  card_desc: '云客服,在线客服系统,云呼叫中心,机器人客服,工单客服,智能客服',
  card_note: '1500,2000',
  card_picture: encodeURIComponent('https://img.sobot.com/console/common/face/admin.png'),
}

// The seed's zc('config') order-card example.
const goods = [{ name: 'saaadad', pictureUrl: encodeURIComponent('https://img.sobot.com/console/common/face/admin.png') }]
const orderConfig = {
  order_status: 1,
  status_custom: '自定义状态',
  create_time: '1586414406391',
  order_code: 11111,
  order_url: encodeURIComponent('http://www.sobot.com'),
  goods_count: 2,
  total_fee: 1000,
  goods: JSON.stringify(goods),
}

// The seed's chat-link example: everything arrives as strings.
const orderLink =
  'https://x.sobot.com/chat/h5/v2/index.html?sysnum=4c349791a07b46c1a70b8ac88aa23257&order_status=1&create_time=1586414406391&order_code=121212&order_url=http://www.sobot.com&goods_count=2&total_fee=1000&goods=[{"name":"saaadad","pictureUrl":"https://img.sobot.com/console/common/face/admin.png"}]'

// Any of the link parser's messages for an unparseable link.
const LINK_MESSAGE: unknown = expect.stringMatching(/^must be an http\(s\) URL/)

describe('productCardFromSobot', () => {
  it('reads the seed card config, decoding the encoded URLs', () => {
    expect(productCardFromSobot(cardConfig)).toEqual({
      type: 'product',
      title: '云客服_智齿客服',
      content: '云客服,在线客服系统,云呼叫中心,机器人客服,工单客服,智能客服',
      imageUrl: 'https://img.sobot.com/console/common/face/admin.png',
      urlForVisitor: "http('http://www.sobot.com','blank')",
      urlForStaff: "http('http://www.sobot.com','blank')",
      memo: '1500,2000',
    })
  })

  it('reads the work-order params JSON form unencoded', () => {
    const params = JSON.parse(
      '{"card_title":"云客服_智齿客服","card_url":"http://www.sobot.com","card_desc":"云客服,在线客服系统,云呼叫中心,机器人客服,工单客服,智能客服","card_note":"1500元","card_picture":"https://img.sobot.com/console/common/face/admin.png"}',
    ) as Record<string, string>
    expect(productCardFromSobot(params)).toMatchObject({ memo: '1500元', imageUrl: 'https://img.sobot.com/console/common/face/admin.png' })
  })

  it('keeps card_desc as text, not markup', () => {
    const card = productCardFromSobot({ card_title: 't', card_desc: '<img src=x onerror=alert(1)> a&b &lt;' })
    expect(card.content).toBe('&lt;img src=x onerror=alert(1)&gt; a&amp;b &amp;lt;')
  })

  it('makes a mini-program card_url an xcx link for the visitor only', () => {
    const card = productCardFromSobot({ card_title: 't', card_url: '/pages/goods/detail?id=1' })
    expect(card.urlForVisitor).toBe("xcx('/pages/goods/detail?id=1','navigateTo')")
    expect(card).not.toHaveProperty('urlForStaff')
    expect(productCardFromSobot({ card_title: 't', card_url: encodeURIComponent('/pages/a?b=1') }).urlForVisitor).toBe(
      "xcx('/pages/a?b=1','navigateTo')",
    )
  })

  it('decodes URLs once only, and only when clearly encoded', () => {
    const twice = encodeURIComponent(encodeURIComponent('https://x.example/a b'))
    expect(issuesOf(() => productCardFromSobot({ card_title: 't', card_picture: twice }))).toHaveLength(1)
    expect(productCardFromSobot({ card_title: 't', card_picture: 'https://x.example/a%20b' }).imageUrl).toBe('https://x.example/a%20b')
    expect(productCardFromSobot({ card_title: 't', card_picture: 'https%3A%2F%2Fx.example%2Fa%2520b' }).imageUrl).toBe(
      'https://x.example/a%20b',
    )
    expect(issuesOf(() => productCardFromSobot({ card_title: 't', card_picture: 'https%3A%2F%2F%E0' }))).toHaveLength(1)
  })

  it("reports problems under Sobot's param names, once each", () => {
    expect(
      issuesOf(() => productCardFromSobot({ card_url: encodeURIComponent('javascript:alert(1)//'), card_picture: 'x' })),
    ).toEqual([
      { path: 'card_title', message: 'is required' },
      { path: 'card_picture', message: 'must be an absolute http(s) URL' },
      { path: 'card_url', message: LINK_MESSAGE },
    ])
  })
})

describe('productCardToSobot', () => {
  it('round-trips the seed card config', () => {
    const card = productCardFromSobot(cardConfig)
    const params = productCardToSobot(card)
    expect(params).toEqual({
      card_title: '云客服_智齿客服',
      card_url: 'http://www.sobot.com',
      card_desc: '云客服,在线客服系统,云呼叫中心,机器人客服,工单客服,智能客服',
      card_note: '1500,2000',
      card_picture: 'https://img.sobot.com/console/common/face/admin.png',
    })
    expect(productCardFromSobot(params)).toEqual(card)
  })

  it('round-trips text with markup characters and mini-program links', () => {
    const card = productCardFromSobot({ card_title: 't', card_desc: 'a < b & "c"', card_url: '/pages/x' })
    expect(productCardToSobot(card)).toEqual({ card_title: 't', card_desc: 'a < b & "c"', card_url: '/pages/x' })
    expect(productCardFromSobot(productCardToSobot(card))).toEqual(card)
  })

  it('turns HTML content into text and prefers a web link for card_url', () => {
    const params = productCardToSobot({
      title: 't',
      content: '<div style="color:red">原价:<span>¥414.99</span></div><div>促销 &amp; 运费</div>',
      urlForVisitor: "xcx('/pages/a','navigateTo')",
      urlForStaff: "http('https://admin.example/o/1','inner')",
    })
    expect(params).toEqual({ card_title: 't', card_desc: '原价:¥414.99 促销 & 运费', card_url: 'https://admin.example/o/1' })
    expect(productCardToSobot({ title: 't', urlForStaff: "apiUrl(263,'reload')" })).toEqual({ card_title: 't' })
  })
})

describe('orderCardFromSobot', () => {
  it('reads the seed order config', () => {
    expect(orderCardFromSobot(orderConfig)).toEqual({
      type: 'order',
      orderStatus: 1,
      statusCustom: '自定义状态',
      createTime: 1586414406391,
      orderCode: '11111',
      orderUrl: "http('http://www.sobot.com','blank')",
      goodsCount: 2,
      totalFee: 1000,
      goods: [{ name: 'saaadad', pictureUrl: 'https://img.sobot.com/console/common/face/admin.png' }],
    })
  })

  it('reads the seed chat link, where every value is a string', () => {
    const params = Object.fromEntries(new URL(orderLink).searchParams) as SobotOrderParams
    expect(orderCardFromSobot(params)).toEqual({
      type: 'order',
      orderStatus: 1,
      createTime: 1586414406391,
      orderCode: '121212',
      orderUrl: "http('http://www.sobot.com','blank')",
      goodsCount: 2,
      totalFee: 1000,
      goods: [{ name: 'saaadad', pictureUrl: 'https://img.sobot.com/console/common/face/admin.png' }],
    })
  })

  it('reads a mini-program order_url and a custom status', () => {
    expect(
      orderCardFromSobot({ order_status: '0', status_custom: '已退款', order_code: 'A1', total_fee: '0', order_url: '/pages/order?id=1' }),
    ).toEqual({ type: 'order', orderStatus: 0, statusCustom: '已退款', orderCode: 'A1', totalFee: 0, orderUrl: "xcx('/pages/order?id=1','navigateTo')", goods: [] })
  })

  it("reports problems under Sobot's param names", () => {
    expect(
      issuesOf(() =>
        orderCardFromSobot({ order_status: '0', order_code: '1', total_fee: '10.00', goods: '[{"name":"x","pictureUrl":"ftp%3A%2F%2Fx"}]' }),
      ),
    ).toEqual([
      { path: 'status_custom', message: 'is required' },
      { path: 'total_fee', message: 'must be a non-negative integer number of fen (1000 = 10.00)' },
      { path: 'goods.0.pictureUrl', message: 'must be an absolute http(s) URL' },
    ])
    expect(issuesOf(() => orderCardFromSobot({ order_status: 1, order_code: 1, total_fee: 1, goods: '[{bad json' }))).toEqual([
      { path: 'goods', message: 'must be an array' },
    ])
  })
})

describe('orderCardToSobot', () => {
  it('gives string params that round-trip the seed order', () => {
    const card = orderCardFromSobot(orderConfig)
    const params = orderCardToSobot(card)
    expect(params).toEqual({
      order_status: '1',
      status_custom: '自定义状态',
      create_time: '1586414406391',
      order_code: '11111',
      order_url: 'http://www.sobot.com',
      goods_count: '2',
      total_fee: '1000',
      goods: '[{"name":"saaadad","pictureUrl":"https://img.sobot.com/console/common/face/admin.png"}]',
    })
    for (const value of Object.values(params)) expect(typeof value).toBe('string')
    expect(orderCardFromSobot(params)).toEqual(card)
  })

  it('round-trips through a chat link query string', () => {
    const card = orderCardFromSobot({ ...orderConfig, order_url: '/pages/order?id=1&x=2' })
    const query = new URLSearchParams(orderCardToSobot(card) as Record<string, string>).toString()
    expect(orderCardFromSobot(Object.fromEntries(new URLSearchParams(query)))).toEqual(card)
  })
})
