import { describe, expect, it } from 'vitest'
import { chatWindowUrl, readBridgeMessage, readChatWindowFragment } from '../src'

describe('readBridgeMessage', () => {
  it('accepts each side only its own messages', () => {
    expect(readBridgeMessage({ kefu: 1, type: 'minimize' }, 'window')).toEqual({ kefu: 1, type: 'minimize' })
    expect(readBridgeMessage({ kefu: 1, type: 'minimize' }, 'page')).toBeUndefined()
    expect(readBridgeMessage({ kefu: 1, type: 'visibility', visible: true }, 'page')).toEqual({ kefu: 1, type: 'visibility', visible: true })
    expect(readBridgeMessage({ kefu: 1, type: 'visibility', visible: true }, 'window')).toBeUndefined()
    expect(readBridgeMessage({ kefu: 1, type: 'sendCard', card: { title: 'Coat' } }, 'page')).toMatchObject({ type: 'sendCard' })
  })

  it('ignores everything else on the channel', () => {
    for (const data of [
      null,
      'ready',
      JSON.stringify({ kefu: 1, type: 'ready' }), // a string, as Sobot's zc_post_message is
      { type: 'ready' },
      { kefu: 2, type: 'ready' },
      { kefu: 1, type: 'navigate', url: 'javascript:alert(1)' },
      { kefu: 1, type: 'visibility', visible: 'yes' },
      { kefu: 1, type: 'sendCard', card: null },
    ]) {
      expect(readBridgeMessage(data, 'window'), JSON.stringify(data)).toBeUndefined()
      expect(readBridgeMessage(data, 'page'), JSON.stringify(data)).toBeUndefined()
    }
  })
})

describe('chat window URL', () => {
  it('puts parameters in the query and the visitor token and page origin in the fragment', () => {
    const url = chatWindowUrl('https://kefu.example/chat', new URLSearchParams({ companyId: '12191', echatTag: '商品咨询' }), {
      visitorToken: 'v1.abc.def',
      pageOrigin: 'https://shop.example',
    })
    const parsed = new URL(url)
    expect(parsed.searchParams.get('companyId')).toBe('12191')
    expect(parsed.searchParams.get('echatTag')).toBe('商品咨询')
    expect(parsed.searchParams.has('vt')).toBe(false)
    expect(readChatWindowFragment(parsed.hash)).toEqual({ visitorToken: 'v1.abc.def', pageOrigin: 'https://shop.example' })
    expect(chatWindowUrl('https://kefu.example/chat', new URLSearchParams(), {})).toBe('https://kefu.example/chat')
  })

  it('accepts only a real origin from the fragment', () => {
    expect(readChatWindowFragment('#origin=https%3A%2F%2Fshop.example%2Fpath')).toEqual({})
    expect(readChatWindowFragment('#origin=javascript%3Aalert(1)')).toEqual({})
    expect(readChatWindowFragment('#origin=*')).toEqual({})
    expect(readChatWindowFragment('#origin=http%3A%2F%2Flocalhost%3A3000')).toEqual({ pageOrigin: 'http://localhost:3000' })
  })
})
