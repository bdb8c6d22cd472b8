import { validateCard } from '@kefu/core/cards'
import { describe, expect, it } from 'vitest'
import { KefuError, ValidationError } from '@kefu/core'
import { chatParamsToQuery, mergeChatParams, readChatParams, readChatWindowParams, type ChatParams } from '../src/params'

// Everything at once, as a page would configure it (Echat and Sobot names mixed).
const richSource = {
  companyId: 12191,
  lan: 'en-US',
  echatTag: '商品咨询',
  routeEntranceId: '7',
  enterUrl: 'https://shop.example/item/1?from=ad&x=a%20b',
  enterTitle: 'Item | Shop',
  firstUrl: 'https://shop.example/',
  referrer: 'https://www.baidu.com/link?url=abc&wd=',
  source: 0,
  partnerid: 'u-1',
  sign: '0cc175b9c0f1b6a831c399e269772661',
  metaData: 'ab+c/d==',
  myData: '{"order":1}',
  uname: '小丁哥',
  email: 'dingmao@163.com',
  face: 'https://img.sobot.com/console/common/face/admin.png',
  params: { 等级: 'Boss', 次数: 3, 老客: true },
  customer_fields: '{"customField4":"北京智齿科技"}',
  is_vip: 1,
  vip_level: 'gold',
  user_label: 'l1',
  type: 4,
  groupid: 'g1',
  agentid: 'a1',
  agent_mode_flag: 1,
  robotid: 2,
  queueFirst: true,
  transfer_action: [{ actionType: 'to_group', optionId: 3, deciId: 'g2', spillId: 5 }, { actionType: 'to_service', optionId: 2, deciId: 'a2' }],
  visEvt: {
    eventId: 'prod-12617',
    title: '新款风衣 & "rain" coat',
    content: '<div style="color:red">原价:<span>¥100.00</span></div>',
    imageUrl: 'http://saastest.innourl.com/a.jpg',
    urlForVisitor: "xcx('/pages/item/item?id=1','navigateTo')",
    urlForStaff: "apiUrl(123,'reload')",
    memo: '评价 5 星',
    visibility: 1,
    customizeMsgType: 2,
  },
  card_title: '云客服_智齿客服',
  card_url: encodeURIComponent('http://www.sobot.com/?a=1&b=2'),
  card_desc: '云客服 <b>不是标记</b> & more',
  card_note: '1500,2000',
  card_picture: encodeURIComponent('https://img.sobot.com/console/common/face/admin.png'),
  order_status: 0,
  status_custom: '自定义状态',
  create_time: '1586414406391',
  order_code: 11111,
  order_url: '/pages/order/detail?id=11111',
  goods_count: 2,
  total_fee: 1000,
  goods: JSON.stringify([{ name: 'saaadad', pictureUrl: encodeURIComponent('https://img.sobot.com/a.png') }, { name: '第二件' }]),
  chatWindowParam: { maxWidth: 900, maxHeight: 600, bgColor: '#000000', bgImage: 'http://qnfile.echatsoft.com/a2abc059', bgRepeat: 1, name: 'echatChatWindow', width: 1000, height: 700 },
  pcMiniWinParam: { left: 20, bottom: 20, min: true, max: true, close: false, width: 320, height: 450 },
  container_style: 'border-radius:8px',
  leave_msg_flag: 1,
  msg_flag: 1,
  feedback_flag: 0,
  show_evaluate: 1,
  satDegree_A: false,
  photo_flag: 1,
  emoji_state: 'hide',
  is_link: 0,
  show_face: 1,
  time: 60,
  top_bar_flag: 1,
  title_flag: 2,
  custom_title: '智齿客服',
  robot_hello_word: '您好,我是机器人',
  agent_hello_word: '您好',
  agent_offline_title: '客服不在线',
  to_customsys_flag: 1,
  to_customsys_url: 'https://www.sobot.com/human?x=1&y=2',
  to_customsys_open_style: 1,
  leave_customsys_flag: 1,
  leave_customsys_url: 'https://www.sobot.com/leave',
  color: '04babc',
  reload: true,
  guide_flag: 0,
  show_manual: 1,
  cut_flag: 'hide',
  faqid: 9,
  custom: true,
  manual: false,
  auto_expand: true,
  anchor: false,
  location: 2,
  expand_size: 'half',
  gif: 1,
  invite: 1,
  tip_title: '欢迎咨询',
  submit_title: '开始聊天吧',
  first_timeout: 2,
  over_timeout: 10,
  invite_count: 5,
  invite_imgsrc: 'https://img.example/logo.png',
  invite_flag: true,
  man_trace: true,
  pre_visit_args: { pre_visit_url: 'https://shop.example/', pre_visit_title: '首页' },
  cur_visit_args: JSON.stringify({ cur_visit_url: 'https://shop.example/item/1', cur_tags: '风衣,新款' }),
}

describe('chatParamsToQuery', () => {
  it('round-trips a rich example through readChatParams', () => {
    const rich = readChatParams(richSource)
    expect(rich.problems).toStrictEqual([])
    // Every part is there.
    expect(rich.cards.map((card) => card.type)).toStrictEqual(['product', 'product', 'order'])
    expect(Object.keys(rich.ui)).toHaveLength(23)
    expect(Object.keys(rich.entrance)).toHaveLength(9)
    expect(rich.locale).toBe('en')
    const query = chatParamsToQuery(rich)
    expect(readChatParams(query)).toStrictEqual(rich)
    expect(readChatParams(query.toString())).toStrictEqual(rich)
    expect(readChatParams(`https://kefu.example/chat?${query}#top`)).toStrictEqual(rich)
  })

  it('the chat window page reads the same, without what only the store page acts on (entrance, trace, container_style)', () => {
    const rich = readChatParams({ ...richSource, container_style: 'border-radius: 12px', invite: 'sometimes' })
    const { containerStyle, ...miniWindow } = rich.miniWindow!
    expect(containerStyle).toStrictEqual({ 'border-radius': '12px' })
    expect(rich.problems.map((p) => p.param)).toStrictEqual(['invite'])
    const { trace, identity: validated, miniWindow: _mini, cards: validCards, ...rest } = rich
    expect(trace).toBeDefined()
    const { identity, miniWindow: windowMini, cards, ...windowRest } = readChatWindowParams({ ...richSource, container_style: 'border-radius: 12px', invite: 'sometimes' })
    expect(windowRest).toStrictEqual({ ...rest, entrance: {}, problems: [] })
    // The cards as the link gives them, mapped to card fields; the server validates (and normalises) them.
    expect(cards.map((card) => ('title' in card ? card.title : card.type))).toStrictEqual(validCards.map((card) => ('title' in card ? card.title : card.type)))
    expect(validateCard(cards[0])).toStrictEqual(validCards[0])
    // Of the in-page window, only whether its × is wanted.
    expect(windowMini).toStrictEqual(miniWindow.close === undefined ? undefined : { close: miniWindow.close })
    // The identity goes as the link gives it: the server validates it (and names refused fields).
    expect(Object.keys(identity).sort()).toStrictEqual(Object.keys(validated).sort())
  })

  it('round-trips a hand-written ChatParams', () => {
    const params: ChatParams = {
      companyId: 'c1',
      locale: 'zh-TW',
      entry: { echatTag: 'order' },
      identity: { partnerid: 'p', uname: 'n' },
      routing: { mode: 2, agentId: 'a' },
      cards: [{ type: 'order', orderCode: 'A-1', orderStatus: 3, totalFee: 250, goods: [] }],
      miniWindow: { right: 10, containerStyle: { opacity: '0.9' } },
      ui: { leaveMessageAfterEnd: false, emoji: true, autoLink: true, title: { mode: 'company' }, humanRedirect: { url: 'https://a.example/', newWindow: false } },
      entrance: { allowAgentInvite: true, position: 'right', invitation: { enabled: false } },
      trace: { enabled: false },
      problems: [],
    }
    expect(readChatParams(chatParamsToQuery(params))).toStrictEqual(params)
  })

  it('writes the seed parameter names and spellings', () => {
    const query = chatParamsToQuery({
      locale: 'en',
      ui: { leaveMessageAfterEnd: false, leaveMessageButton: true, emoji: false, themeColor: '#04babc', reloadOnOpen: false },
      entrance: { allowAgentInvite: false, autoExpand: true, position: 'left' },
      routing: { transferActions: [{ actionType: 'to_group', deciId: 'g', optionId: 4 }] },
    })
    expect(Object.fromEntries(query)).toStrictEqual({
      locale: 'en',
      transfer_action: '[{"actionType":"to_group","deciId":"g","optionId":4}]',
      leave_msg_flag: '1',
      msg_flag: '1',
      emoji_state: 'hide',
      reload: 'false',
      color: '04babc',
      auto_expand: 'true',
      invite_flag: 'true',
      location: '2',
    })
    // JSON values are JSON.stringify'd, then encoded as encodeURIComponent would.
    const card = { title: 'a&b=c', imageUrl: 'https://img.example/a.png?x=1' }
    const written = chatParamsToQuery({ cards: [card] }).toString()
    expect(written).toBe(`visEvt=${encodeURIComponent(JSON.stringify(card))}`)
  })

  it('writes lan for Echat and adds locale only when lan does not say it', () => {
    expect(chatParamsToQuery({ locale: 'zh-CN', entry: { lan: 'zh' } }).toString()).toBe('lan=zh')
    expect(chatParamsToQuery({ locale: 'zh-TW', entry: { lan: 'en' } }).toString()).toBe('lan=en&locale=tw')
    expect(chatParamsToQuery({ locale: 'zh-CN' }).toString()).toBe('')
  })

  it('throws a ValidationError naming what readChatParams would refuse', () => {
    const bad = () => chatParamsToQuery({ ui: { themeColor: 'red', humanRedirect: { url: 'javascript:alert(1)', newWindow: true } } })
    expect(bad).toThrow(ValidationError)
    expect(bad).toThrow(
      'color: must be six hex digits like 04babc (or #04babc), got "red"; to_customsys_url: must be an http(s) URL, got "javascript:alert(1)"',
    )
    expect(() => chatParamsToQuery({ cards: [{ title: '' }] })).toThrow(ValidationError)
  })

  it('throws KefuError unsupported for cards a link cannot carry', () => {
    const card = { title: 't', eventId: 'e' }
    const error = (() => {
      try {
        chatParamsToQuery({ cards: [card, card] })
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(KefuError)
    expect((error as KefuError).code).toBe('unsupported')
    expect(() => chatParamsToQuery({ cards: [card, { title: 'x' }, { title: 'y' }] })).toThrow('at most two product cards')
    const order = { type: 'order', orderCode: 'A', orderStatus: 1, totalFee: 1, goods: [] } as const
    expect(() => chatParamsToQuery({ cards: [order, order] })).toThrow('one order card')
    expect(() => chatParamsToQuery({ cards: [{ ...order, orderUrl: "http('https://a.example/','inner')" }] })).toThrow('cannot carry')
    // A second product card that card_* carries whole is fine.
    expect(readChatParams(chatParamsToQuery({ cards: [card, { title: 'x', memo: 'm' }] })).cards).toStrictEqual([
      { type: 'product', ...card },
      { type: 'product', title: 'x', memo: 'm' },
    ])
  })
})

describe('readChatParams: the member sign', () => {
  it('passes a signed timestamp on with partnerid and sign, and it survives a chat link', () => {
    const params = readChatParams({ companyId: 1, partnerid: 'u-1', sign: 'ab'.repeat(32), timestamp: '1700000000' })
    expect(params.identity).toStrictEqual({ partnerid: 'u-1', sign: 'ab'.repeat(32), timestamp: 1_700_000_000 })
    expect(readChatParams(Object.fromEntries(new URLSearchParams(chatParamsToQuery(params)))).identity).toStrictEqual(params.identity)
  })
})

describe('readChatParams on odd values', () => {
  it('never throws, whatever each parameter holds', () => {
    const odd: unknown[] = [Object.create(null), Symbol('s'), () => 1, [1], [], NaN, Infinity, -1, 1.5, true, { a: { b: 1 } }, '%E0%A4%A', '\u0000', 'x'.repeat(5000)]
    const keys = [...Object.keys(richSource), 'sysnum', 'locale', 'refresh', 'width', 'height', 'pre_visit_url', 'cur_tags', 'toString', '__proto__']
    for (const key of keys) {
      for (const value of odd) {
        const read = readChatParams(Object.fromEntries([[key, value]]))
        expect(read.locale).toMatch(/^(?:zh-CN|zh-TW|en)$/)
        expect(Array.isArray(read.problems)).toBe(true)
      }
    }
  })
})

describe('mergeChatParams', () => {
  it('reads zc("config") calls as one, later values winning, problems from all', () => {
    const merged = mergeChatParams({ color: '04babc', uname: '智齿客服' }, 'locale=en&color=ff0000', { manual: true, time: 'soon' })
    expect(merged.ui).toStrictEqual({ themeColor: '#ff0000' })
    expect(merged.identity).toStrictEqual({ uname: '智齿客服' })
    expect(merged.entrance).toStrictEqual({ manual: true })
    expect(merged.locale).toBe('en')
    expect(merged.problems.map((p) => p.param)).toStrictEqual(['time'])
    expect(mergeChatParams().problems).toStrictEqual([])
  })
})
