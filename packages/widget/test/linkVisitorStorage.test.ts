import { memoryStorage } from '@kefu/core'
import { describe, expect, it } from 'vitest'
import { linkVisitorStorage, type LinkVisitorInput } from '../src/bridge/linkVisitorStorage'

const KEFU = 'https://kefu.example'
const SHOP = 'https://shop.example'
const TOKEN = 'kefu:c1:visitorToken'

function setup(stored?: { token?: string; identity?: string }) {
  const persistent = memoryStorage()
  const tab = memoryStorage()
  if (stored?.token) persistent.setItem(TOKEN, stored.token)
  if (stored?.identity) persistent.setItem('kefu:c1:linkIdentity', stored.identity)
  const choose = (input: Partial<LinkVisitorInput>) =>
    linkVisitorStorage({ companyId: 'c1', persistent, tab, fragmentToken: undefined, identity: {}, hasCards: false, openerOrigin: undefined, ownOrigin: KEFU, siteOrigins: [SHOP], ...input })
  return { persistent, tab, choose }
}

describe('linkVisitorStorage: which visitor a chat link acts for', () => {
  it('a link with a card or an identity from a page not of the company gets a visitor of its own, leaving the stored one untouched', () => {
    const { persistent, tab, choose } = setup({ token: 'victim' })
    for (const openerOrigin of ['https://evil.example', undefined]) {
      expect(choose({ hasCards: true, openerOrigin })).toBe(tab)
      expect(choose({ identity: { partnerid: 'attacker', uname: 'x' }, openerOrigin })).toBe(tab)
    }
    expect(persistent.getItem(TOKEN)).toBe('victim')
    expect(persistent.getItem('kefu:c1:linkIdentity')).toBeNull()
  })

  it('the company’s site, kefu’s own pages and the store’s host (which knows the token) act for the stored visitor', () => {
    const { persistent, choose } = setup({ token: 'v1' })
    expect(choose({ hasCards: true, openerOrigin: SHOP })).toBe(persistent)
    expect(choose({ hasCards: true, openerOrigin: KEFU })).toBe(persistent)
    expect(choose({ hasCards: true, openerOrigin: 'https://evil.example', fragmentToken: 'v1' })).toBe(persistent)
    expect(persistent.getItem(TOKEN)).toBe('v1')
  })

  it('a plain link, or a first visit, keeps the stored visitor as before', () => {
    const { persistent, choose } = setup({ token: 'v1' })
    expect(choose({ openerOrigin: 'https://evil.example' })).toBe(persistent)
    const first = setup()
    expect(first.choose({ hasCards: true, openerOrigin: 'https://evil.example' })).toBe(first.persistent)
  })

  it('a link that changes the visitor’s identity starts a new visitor, even from the company’s site; a new sign does not', () => {
    const { persistent, choose } = setup({ token: 'v1' })
    choose({ identity: { partnerid: 'm1', uname: '张三', sign: 'a', timestamp: '1' }, openerOrigin: SHOP })
    expect(persistent.getItem(TOKEN)).toBe('v1') // an anonymous visitor signing in keeps its chat
    choose({ identity: { partnerid: 'm1', uname: '张三', sign: 'b', timestamp: '2' }, openerOrigin: SHOP })
    expect(persistent.getItem(TOKEN)).toBe('v1')
    choose({ identity: { partnerid: 'm2', uname: '李四' }, openerOrigin: SHOP })
    expect(persistent.getItem(TOKEN)).toBe('')
  })
})
