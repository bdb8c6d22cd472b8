import { describe, expect, it } from 'vitest'
import { validateCard } from '@kefu/core/cards'
import { validateProductCard } from '@kefu/core/cards'
import { ValidationError, type ValidationIssue } from '@kefu/core'

function issuesOf(input: unknown): readonly ValidationIssue[] {
  try {
    validateProductCard(input)
  } catch (error) {
    if (error instanceof ValidationError && error.code === 'invalid_card') return error.issues
    throw error
  }
  throw new Error('accepted')
}

describe('validateProductCard', () => {
  it('accepts the seed pageVisEvt (示例一) and adds the type', () => {
    const card = validateProductCard({
      eventId: 'prod-12617',
      title: '这是一条来自api文档的测试图文消息',
      content: '原价:¥100.00',
      imageUrl: 'http://saastest.innourl.com/images/ADIDAS/201707/thumb_img/10124_thumb_G_1499411207663.jpg',
    })
    expect(card).toEqual({
      type: 'product',
      eventId: 'prod-12617',
      title: '这是一条来自api文档的测试图文消息',
      content: '原价:¥100.00',
      imageUrl: 'http://saastest.innourl.com/images/ADIDAS/201707/thumb_img/10124_thumb_G_1499411207663.jpg',
    })
  })

  it('keeps only known fields, trims text and leaves absent fields out', () => {
    const card = validateProductCard({ title: '  Coat  ', memo: '', eventId: undefined, url: 'https://x.example', extra: 1 })
    expect(card).toEqual({ type: 'product', title: 'Coat' })
    expect(Object.keys(card)).toEqual(['type', 'title'])
  })

  it('normalises links to their canonical form, per audience', () => {
    const card = validateProductCard({
      title: 't',
      urlForVisitor: 'https://shop.example/p/1',
      urlForStaff: "apiUrl('263', 'reload')",
    })
    expect(card.urlForVisitor).toBe("http('https://shop.example/p/1','blank')")
    expect(card.urlForStaff).toBe("apiUrl(263,'reload')")
    expect(validateProductCard({ title: 't', urlForVisitor: "xcx('/pages/p','navigateTo')" }).urlForVisitor).toBe(
      "xcx('/pages/p','navigateTo')",
    )
  })

  it('sanitizes content', () => {
    expect(validateProductCard({ title: 't', content: '<b onclick=x>bold</b><div style="color:red;position:fixed">d</div>' }).content).toBe(
      'bold<div style="color:red">d</div>',
    )
    // Nothing left after sanitizing means no content.
    expect(validateProductCard({ title: 't', content: '<script>alert(1)</script>' })).not.toHaveProperty('content')
  })

  it('reads visibility and customizeMsgType from numbers or numeric strings', () => {
    expect(validateProductCard({ title: 't', visibility: '2', customizeMsgType: 1 })).toMatchObject({ visibility: 2, customizeMsgType: 1 })
    expect(validateProductCard({ title: 't', visibility: 1, customizeMsgType: ' 2 ' })).toMatchObject({ visibility: 1, customizeMsgType: 2 })
  })

  it('accepts an explicit product type and eventId numbers', () => {
    expect(validateProductCard({ type: 'product', title: 't', eventId: 12617 })).toEqual({ type: 'product', title: 't', eventId: '12617' })
  })

  it('refuses anything but a plain object', () => {
    for (const input of [null, undefined, 'card', 42, [], [{ title: 't' }], new Date()]) {
      expect(issuesOf(input)).toEqual([{ path: '', message: 'card must be an object' }])
    }
  })

  it('collects every problem with its path before throwing', () => {
    expect(
      issuesOf({
        type: 'order-ish',
        title: '   ',
        eventId: 'e'.repeat(129),
        content: 'c'.repeat(4097),
        imageUrl: 'javascript:alert(1)',
        urlForVisitor: "apiUrl(263,'reload')",
        urlForStaff: "xcx('/pages/a','navigateTo')",
        memo: { text: 'm' },
        visibility: 3,
        customizeMsgType: '1.5',
      }),
    ).toEqual([
      { path: 'type', message: "must be 'product'" },
      { path: 'eventId', message: 'must be at most 128 characters' },
      { path: 'title', message: 'is required' },
      { path: 'content', message: 'must be at most 4096 characters' },
      { path: 'imageUrl', message: 'must be an absolute http(s) URL' },
      { path: 'urlForVisitor', message: 'apiUrl() links are for staff only' },
      { path: 'urlForStaff', message: 'xcx() links are for visitors only' },
      { path: 'memo', message: 'must be a string' },
      { path: 'visibility', message: 'must be 1 or 2' },
      { path: 'customizeMsgType', message: 'must be 1 or 2' },
    ])
  })

  it('checks the limits exactly', () => {
    expect(validateProductCard({ title: 't'.repeat(256), memo: 'm'.repeat(512), eventId: 'e'.repeat(128) }).title).toHaveLength(256)
    expect(issuesOf({ title: 't'.repeat(257), memo: 'm'.repeat(513) })).toEqual([
      { path: 'title', message: 'must be at most 256 characters' },
      { path: 'memo', message: 'must be at most 512 characters' },
    ])
    expect(validateProductCard({ title: 't', content: 'c'.repeat(4096) }).content).toHaveLength(4096)
    expect(issuesOf({ title: 't', imageUrl: 'https://x.example/' + 'a'.repeat(2048) })).toEqual([
      { path: 'imageUrl', message: 'must be at most 2048 characters' },
    ])
  })

  it('rejects text fields that are neither strings nor finite numbers', () => {
    expect(issuesOf({ title: Number.NaN, memo: true, eventId: ['e'] })).toEqual([
      { path: 'eventId', message: 'must be a string' },
      { path: 'title', message: 'must be a string' },
      { path: 'memo', message: 'must be a string' },
    ])
  })

  it('rejects non-numeric and boolean enum values', () => {
    expect(issuesOf({ title: 't', visibility: true, customizeMsgType: [1] })).toEqual([
      { path: 'visibility', message: 'must be 1 or 2' },
      { path: 'customizeMsgType', message: 'must be 1 or 2' },
    ])
  })

  it('throws a ValidationError whose message lists the issues', () => {
    expect(() => validateProductCard({ title: '' })).toThrow('title: is required')
  })
})

describe('validateCard', () => {
  it('picks the validator by type', () => {
    expect(validateCard({ title: 't' }).type).toBe('product')
    expect(validateCard({ type: 'order', orderCode: '1', orderStatus: 1, totalFee: 0 }).type).toBe('order')
  })
})
