import { describe, expect, it } from 'vitest'
import { validateOrderCard } from '@kefu/core/cards'
import { formatFen, ORDER_STATUS_TEXT } from '@kefu/core/cards'
import { ValidationError, type ValidationIssue } from '@kefu/core'

function issuesOf(input: unknown): readonly ValidationIssue[] {
  try {
    validateOrderCard(input)
  } catch (error) {
    if (error instanceof ValidationError && error.code === 'invalid_card') return error.issues
    throw error
  }
  throw new Error('accepted')
}

const order = {
  type: 'order',
  orderCode: '121212',
  orderStatus: 1,
  createTime: 1586414406391,
  orderUrl: 'http://www.sobot.com',
  goodsCount: 2,
  totalFee: 1000,
  goods: [{ name: 'saaadad', pictureUrl: 'https://img.sobot.com/console/common/face/admin.png' }],
} as const

// Any of the link parser's messages for an unparseable link.
const LINK_MESSAGE: unknown = expect.stringMatching(/^must be an http\(s\) URL/)

describe('validateOrderCard', () => {
  it('accepts the seed order and normalises its link', () => {
    expect(validateOrderCard(order)).toEqual({ ...order, orderUrl: "http('http://www.sobot.com','blank')" })
  })

  it('accepts numbers for the order code and digit strings for integers; goods default to none', () => {
    expect(validateOrderCard({ type: 'order', orderCode: 11111, orderStatus: '7', totalFee: '1000', goodsCount: '0' })).toEqual({
      type: 'order',
      orderCode: '11111',
      orderStatus: 7,
      totalFee: 1000,
      goodsCount: 0,
      goods: [],
    })
  })

  it('reads a bare mini-program path as an xcx navigateTo link', () => {
    expect(validateOrderCard({ ...order, orderUrl: '/pages/order?id=1' }).orderUrl).toBe("xcx('/pages/order?id=1','navigateTo')")
    expect(validateOrderCard({ ...order, orderUrl: "xcx('/pages/order','redirectTo')" }).orderUrl).toBe("xcx('/pages/order','redirectTo')")
    expect(issuesOf({ ...order, orderUrl: '//evil.example/x' })).toHaveLength(1)
    expect(issuesOf({ ...order, orderUrl: "apiUrl(1,'reload')" })).toEqual([
      { path: 'orderUrl', message: 'apiUrl() links are for staff only' },
    ])
  })

  it('needs statusCustom for status 0 only', () => {
    expect(validateOrderCard({ ...order, orderStatus: 0, statusCustom: '已退款' })).toMatchObject({ orderStatus: 0, statusCustom: '已退款' })
    expect(issuesOf({ ...order, orderStatus: 0 })).toEqual([{ path: 'statusCustom', message: 'is required' }])
    expect(issuesOf({ ...order, orderStatus: 0, statusCustom: 'x'.repeat(65) })).toEqual([
      { path: 'statusCustom', message: 'must be at most 64 characters' },
    ])
  })

  it('says the total must be an integer number of fen', () => {
    const message = 'must be a non-negative integer number of fen (1000 = 10.00)'
    for (const totalFee of [10.5, '10.00', -1, '1e3', Number.MAX_SAFE_INTEGER + 1, Number.NaN, true]) {
      expect(issuesOf({ ...order, totalFee })).toEqual([{ path: 'totalFee', message }])
    }
    expect(validateOrderCard({ ...order, totalFee: 0 }).totalFee).toBe(0)
    expect(validateOrderCard({ ...order, totalFee: Number.MAX_SAFE_INTEGER }).totalFee).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('collects every problem with its path', () => {
    expect(
      issuesOf({
        orderCode: '',
        orderStatus: 8,
        createTime: -5,
        orderUrl: 'javascript:alert(1)',
        goodsCount: 1.5,
        goods: [{ name: '' }, 'x', { name: 'ok', pictureUrl: 'data:image/png;base64,AAAA' }, { name: 'n'.repeat(257) }],
      }),
    ).toEqual([
      { path: 'type', message: "must be 'order'" },
      { path: 'orderStatus', message: 'must be an integer from 0 to 7' },
      { path: 'orderCode', message: 'is required' },
      { path: 'createTime', message: 'must be a non-negative integer (milliseconds)' },
      { path: 'orderUrl', message: LINK_MESSAGE },
      { path: 'goodsCount', message: 'must be a non-negative integer' },
      { path: 'totalFee', message: 'is required' },
      { path: 'goods.0.name', message: 'is required' },
      { path: 'goods.1', message: 'must be an object' },
      { path: 'goods.2.pictureUrl', message: 'must be an absolute http(s) URL' },
      { path: 'goods.3.name', message: 'must be at most 256 characters' },
    ])
  })

  it('limits the goods list', () => {
    expect(issuesOf({ ...order, goods: 'saaadad' })).toEqual([{ path: 'goods', message: 'must be an array' }])
    const goods = Array.from({ length: 51 }, (_, index) => ({ name: `g${index}` }))
    expect(issuesOf({ ...order, goods })).toEqual([{ path: 'goods', message: 'must have at most 50 items' }])
    expect(validateOrderCard({ ...order, goods: goods.slice(0, 50) }).goods).toHaveLength(50)
  })

  it('refuses an order code longer than 64 and a non-object card', () => {
    expect(issuesOf({ ...order, orderCode: '9'.repeat(65) })).toEqual([{ path: 'orderCode', message: 'must be at most 64 characters' }])
    expect(issuesOf('order')).toEqual([{ path: '', message: 'card must be an object' }])
  })
})

describe('ORDER_STATUS_TEXT and formatFen', () => {
  it('has the seed statuses in every locale', () => {
    expect(ORDER_STATUS_TEXT['zh-CN']).toEqual(['自定义状态', '待付款', '待发货', '运输中', '派送中', '已完成', '待评价', '已取消'])
    expect(ORDER_STATUS_TEXT['zh-TW'][7]).toBe('已取消')
    expect(ORDER_STATUS_TEXT.en[1]).toBe('Awaiting payment')
    for (const texts of Object.values(ORDER_STATUS_TEXT)) expect(Object.keys(texts)).toHaveLength(8)
  })

  it('formats fen as yuan with two decimals, exactly', () => {
    expect(formatFen(1000)).toBe('10.00')
    expect(formatFen(0)).toBe('0.00')
    expect(formatFen(5)).toBe('0.05')
    expect(formatFen(99)).toBe('0.99')
    expect(formatFen(100)).toBe('1.00')
    expect(formatFen(123456789)).toBe('1234567.89')
    expect(formatFen(-250)).toBe('-2.50')
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91')
  })
})
