import type { ChatMessage, ConversationSummary, VisitorProfile } from '@kefu/core'
import { describe, expect, it } from 'vitest'
import { paramDataReader } from '../src'
import { parseApiUrl, pluginPageUrl, receivedMessageOf, selectedVisitorOf, type ContextProof } from '../src/host'

const VISITOR: VisitorProfile = {
  visitorId: 'v-1',
  companyId: 'co-1',
  partnerid: 'u-42',
  verifiedBy: 'sign-hmac',
  crm: { uname: '小张', realname: '张三', tel: '13800000000', email: 'z@example.com', remark: 'VIP & friend' },
  params: {},
  customerFields: {},
  isVip: true,
  vipLevel: 'gold',
  userLabel: null,
  myData: 'order=42&x=1',
  metaData: null,
  entry: { echatTag: 'spring', routeEntranceId: '7', enterUrl: 'https://shop.example/p?id=1' },
  trackInfo: { firstUrl: 'https://shop.example/', referrer: 'https://search.example/?q=毛衣', searcher: 'baidu', keyword: '毛衣', keywordType: 1 },
  trace: [],
  online: true,
  firstSeenAt: 1,
  lastSeenAt: 2,
}
const CONVERSATION: ConversationSummary = {
  conversationId: 'c-9',
  visitorId: 'v-1',
  status: 'chatting',
  agentId: 'a-1',
  groupId: null,
  queuePosition: null,
  endReason: null,
  needsEvaluation: false,
  evaluation: null,
  chatSign: 0,
  routing: {},
  createdAt: 1_700_000_000_000,
  startedAt: 1_700_000_005_000,
  endedAt: null,
}
const PROOF: ContextProof = { companyId: 'co-1', agentId: 'a-1', visitorId: 'v-1', issuedAt: 1_700_000_000, signature: 'ff' }

describe('selectedVisitorOf', () => {
  it('maps a visitor, conversation and proof to the seed’s parameter lists', () => {
    expect(selectedVisitorOf(VISITOR, CONVERSATION, PROOF)).toEqual({
      chatStatus: 1,
      metaData: '',
      myData: 'order=42&x=1',
      visitorData: { visitorId: 'v-1', partnerId: 'u-42', visitorName: '张三', nickName: '小张', vip: '1', vipLevel: 'gold', online: '1' },
      routeData: {
        echatTag: 'spring',
        routeEntranceId: '7',
        enterUrl: 'https://shop.example/p?id=1',
        firstUrl: 'https://shop.example/',
        referrer: 'https://search.example/?q=毛衣',
        searcher: 'baidu',
        keyword: '毛衣',
        keywordType: '1',
      },
      chatData: { recordId: 'c-9', staffId: 'a-1', chatStatus: '1', startTime: '1700000005000', chatSign: '0' },
      crmData: { name: '张三', nickName: '小张', phone: '13800000000', email: 'z@example.com', memo: 'VIP & friend' },
      proof: PROOF,
    })
  })

  it('crmData carries Echat’s gender, age and wechat; gender 0 (unknown) and age 0 are values, not blanks', () => {
    const crm = { ...VISITOR.crm, gender: 2, age: 35, wechat: 'wxid_zhang', qq: '10001' } as const
    expect(selectedVisitorOf({ ...VISITOR, crm }, null, null).crmData).toEqual({
      name: '张三',
      nickName: '小张',
      gender: '2',
      age: '35',
      phone: '13800000000',
      email: 'z@example.com',
      qq: '10001',
      wechat: 'wxid_zhang',
      memo: 'VIP & friend',
    })
    expect(selectedVisitorOf({ ...VISITOR, crm: { gender: 0, age: 0 } }, null, null).crmData).toEqual({ gender: '0', age: '0' })
  })

  it('chatStatus: 0 without a conversation, 1 waiting/bot/chatting, 2 ended', () => {
    const none = selectedVisitorOf(VISITOR, null, null)
    expect(none.chatStatus).toBe(0)
    expect(none.chatData).toEqual({})
    for (const status of ['waiting', 'bot', 'chatting'] as const) {
      expect(selectedVisitorOf(VISITOR, { ...CONVERSATION, status }, null).chatStatus).toBe(1)
    }
    const ended = selectedVisitorOf(VISITOR, { ...CONVERSATION, status: 'ended', endedAt: 1_700_000_100_000 }, null)
    expect(ended.chatStatus).toBe(2)
    expect(ended.chatData.endTime).toBe('1700000100000')
  })
})

describe('pluginPageUrl', () => {
  const selected = selectedVisitorOf(VISITOR, CONVERSATION, PROOF)

  it('adds kefuOrigin and the four lists, keeping the page’s own query and hash', () => {
    const url = pluginPageUrl('https://crm.example/page?tab=orders&q=a%20b#top', selected, 'https://desk.example')
    expect(url.startsWith('https://crm.example/page?tab=orders&q=a%20b&kefuOrigin=https%3A%2F%2Fdesk.example&visitorData=')).toBe(true)
    expect(url.endsWith('#top')).toBe(true)
    // What the SDK reads back is exactly what was put in, `&`, `=`, spaces and Chinese included.
    const read = paramDataReader(new URL(url).search)
    expect(read('tab')).toBe('orders')
    expect(read('kefuOrigin')).toBe('https://desk.example')
    expect(read('visitorData', 'visitorName')).toBe('张三')
    expect(read('crmData', 'memo')).toBe('VIP & friend')
    expect(read('routeData', 'enterUrl')).toBe('https://shop.example/p?id=1')
    expect(read('routeData', 'referrer')).toBe('https://search.example/?q=毛衣')
    expect(read('chatData', 'recordId')).toBe('c-9')
  })

  it('without a visitor adds only kefuOrigin, and replaces parameters of our names already in the URL', () => {
    expect(pluginPageUrl('https://crm.example/p', null, 'https://desk.example')).toBe('https://crm.example/p?kefuOrigin=https%3A%2F%2Fdesk.example')
    expect(pluginPageUrl('https://crm.example/p?kefuOrigin=evil&visitorData=x&a=1', null, 'https://desk.example')).toBe(
      'https://crm.example/p?a=1&kefuOrigin=https%3A%2F%2Fdesk.example',
    )
  })
})

describe('receivedMessageOf', () => {
  const message = (body: ChatMessage['body'], sender: ChatMessage['sender'] = 'visitor'): ChatMessage => ({
    id: 'm',
    seq: 1,
    sender,
    createdAt: 1,
    state: 'sent',
    visibility: 'both',
    body,
  })

  it('maps the five seed message types', () => {
    const text = message({ type: 'text', text: '你好' })
    expect(receivedMessageOf('v-1', text)).toEqual({ visitorId: 'v-1', msgType: 1, content: '你好', message: text })
    const image = message({ type: 'image', url: 'https://f.example/a.png', thumbnailUrl: 'https://f.example/a_s.png' })
    expect(receivedMessageOf('v-1', image)).toMatchObject({ msgType: 2, smallImg: 'https://f.example/a_s.png', sourceImg: 'https://f.example/a.png' })
    const bare = message({ type: 'image', url: 'https://f.example/b.png' })
    expect(receivedMessageOf('v-1', bare)).toMatchObject({ msgType: 2, smallImg: 'https://f.example/b.png' })
    const video = message({ type: 'video', url: 'https://f.example/v.mp4', thumbnailUrl: 'https://f.example/t.png' })
    expect(receivedMessageOf('v-1', video)).toMatchObject({ msgType: 3, fileUrl: 'https://f.example/v.mp4', videoThumbUrl: 'https://f.example/t.png' })
    const voice = message({ type: 'voice', url: 'https://f.example/a.mp3', duration: 4 })
    expect(receivedMessageOf('v-1', voice)).toMatchObject({ msgType: 4, fileUrl: 'https://f.example/a.mp3', voiceDuration: 4 })
    const file = message({ type: 'file', url: 'https://f.example/a.pdf', name: 'a.pdf', size: 10 })
    expect(receivedMessageOf('v-1', file)).toMatchObject({ msgType: 5, fileUrl: 'https://f.example/a.pdf', fileName: 'a.pdf', fileSize: 10 })
  })

  it('is null for cards, forms, notices and messages not from the visitor', () => {
    expect(receivedMessageOf('v-1', message({ type: 'product', card: { type: 'product', title: 't' } }))).toBeNull()
    expect(receivedMessageOf('v-1', message({ type: 'form', formId: 1, formName: 'f' }))).toBeNull()
    expect(receivedMessageOf('v-1', message({ type: 'notice', text: 'x' }, 'system'))).toBeNull()
    expect(receivedMessageOf('v-1', message({ type: 'text', text: 'from agent' }, 'agent'))).toBeNull()
  })
})

describe('parseApiUrl', () => {
  it('reads apiUrl links', () => {
    expect(parseApiUrl("apiUrl(263,'reload')")).toEqual({ pageId: 263, openType: 'reload' })
    expect(parseApiUrl(' apiUrl( 7 , "hash" ) ')).toEqual({ pageId: 7, openType: 'hash' })
  })

  it('is null for other links and malformed ones', () => {
    for (const link of ["http('https://a.example','blank')", 'https://a.example/', "apiUrl(263,'popup')", "apiUrl('abc','reload')", 'apiUrl(1)', '']) {
      expect(parseApiUrl(link)).toBeNull()
    }
  })
})
