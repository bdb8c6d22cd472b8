import { describe, expect, it } from 'vitest'
import { readChatParams } from '../src/params'

const params = (source: Parameters<typeof readChatParams>[0]) => {
  const read = readChatParams(source)
  expect(read.problems).toStrictEqual([])
  return read
}
const problemsOf = (source: Parameters<typeof readChatParams>[0]) => readChatParams(source).problems

describe('readChatParams: Sobot identity and routing', () => {
  it('reads the CRM example', () => {
    expect(
      params({
        uname: '小丁哥',
        realname: '丁丁猫',
        tel: '18888888888',
        email: 'dingmao@163.com',
        qq: '2345678',
        face: 'https://img.sobot.com/console/common/face/admin.png',
        remark: 'vip客户,每次响应不能超过5秒钟',
      }).identity,
    ).toStrictEqual({
      uname: '小丁哥',
      realname: '丁丁猫',
      tel: '18888888888',
      email: 'dingmao@163.com',
      qq: '2345678',
      face: 'https://img.sobot.com/console/common/face/admin.png',
      remark: 'vip客户,每次响应不能超过5秒钟',
    })
  })

  it('reads the params and customer_fields examples (JSON strings) as objects', () => {
    const args = { 等级: 'Boss', 惯称: '智齿sobot', 来自: '北京' }
    const fields = { customField4: '北京智齿科技', customField5: '小智呀' }
    const read = params({ params: JSON.stringify(args), customer_fields: JSON.stringify(fields) })
    expect(read.identity).toStrictEqual({ params: args, customer_fields: fields })
    // The same from a link, and from objects.
    expect(params(`params=${encodeURIComponent(JSON.stringify(args))}&customer_fields=${encodeURIComponent(JSON.stringify(fields))}`).identity).toStrictEqual(
      read.identity,
    )
    expect(params({ params: args, customer_fields: fields }).identity).toStrictEqual(read.identity)
  })

  it('reports params that are JSON but not an object of plain values', () => {
    expect(problemsOf({ params: '[1,2]' })).toStrictEqual([{ param: 'params', message: 'params: must be an object (or its JSON) with at most 50 fields' }])
    expect(problemsOf({ customer_fields: { a: { b: 1 } } })).toStrictEqual([
      { param: 'customer_fields', message: 'customer_fields: values must be strings, numbers or booleans' },
    ])
  })

  it('reads is_vip, vip_level, user_label, partnerid and sign', () => {
    expect(
      params({ is_vip: 1, vip_level: '05bcdc56e68149d1841962caf593d077', user_label: '05bcdc56e68149d1841962caf593d077' }).identity,
    ).toStrictEqual({ is_vip: 1, vip_level: '05bcdc56e68149d1841962caf593d077', user_label: '05bcdc56e68149d1841962caf593d077' })
    expect(params('is_vip=0&partnerid=u1&sign=0cc175b9c0f1b6a831c399e269772661').identity).toStrictEqual({
      is_vip: 0,
      partnerid: 'u1',
      sign: '0cc175b9c0f1b6a831c399e269772661',
    })
  })

  it('reports each bad identity field and keeps the others', () => {
    const read = readChatParams({ uname: 'ok', email: 'nope', params: '{bad', is_vip: 'yes', sign: 'abc', face: 'javascript:alert(1)' })
    expect(read.identity).toStrictEqual({ uname: 'ok' })
    expect(read.problems).toStrictEqual([
      { param: 'params', message: 'params: is not valid JSON' },
      { param: 'is_vip', message: 'is_vip: must be 0 or 1' },
      { param: 'sign', message: 'sign: needs partnerid' },
      { param: 'email', message: 'email: is not an e-mail address' },
      { param: 'face', message: 'face: must be an http(s) URL' },
    ])
  })

  it('reads the reception-mode example', () => {
    expect(params({ type: 3, robotid: 2, agentid: '1q2w3e4r', groupid: '4r3e2w1q' }).routing).toStrictEqual({
      mode: 3,
      robotId: '2',
      agentId: '1q2w3e4r',
      groupId: '4r3e2w1q',
    })
    expect(params('type=1&agent_mode_flag=0&queueFirst=true').routing).toStrictEqual({ mode: 1, agentModeFlag: 0, queueFirst: true })
    expect(problemsOf({ type: 5, robotid: 1 })).toStrictEqual([{ param: 'type', message: 'type: must be one of 1, 2, 3, 4, got 5' }])
  })

  it('reads the transfer_action example', () => {
    const action = [
      { actionType: 'to_group', optionId: '3', deciId: '162bb6bb038d4a9ea018241a30694064', spillId: '4' },
      { actionType: 'to_group', optionId: '4', deciId: 'cae6834444ac43e39d95b1725d2ae454' },
    ]
    const payload = JSON.stringify(action)
    const expected = [
      { actionType: 'to_group', deciId: '162bb6bb038d4a9ea018241a30694064', optionId: 3, spillId: 4 },
      { actionType: 'to_group', deciId: 'cae6834444ac43e39d95b1725d2ae454', optionId: 4 },
    ]
    expect(params({ transfer_action: payload }).routing).toStrictEqual({ transferActions: expected })
    expect(params(`transfer_action=${encodeURIComponent(payload)}`).routing.transferActions).toStrictEqual(expected)
    expect(params({ transfer_action: [{ actionType: 'to_service', deciId: 'a1', optionId: 1, spillId: 2 }] }).routing.transferActions).toStrictEqual([
      { actionType: 'to_service', deciId: 'a1', optionId: 1, spillId: 2 },
    ])
  })

  it('drops a transfer_action with a bad rule, naming the rule', () => {
    const read = readChatParams({
      groupid: 'g',
      transfer_action: JSON.stringify([
        { actionType: 'to_group', optionId: 1, deciId: 'g1' },
        { actionType: 'to_agent', deciId: 'x', optionId: 1 },
        { actionType: 'to_service', optionId: 2, deciId: 'a', spillId: 5 },
      ]),
    })
    expect(read.routing).toStrictEqual({ groupId: 'g' })
    expect(read.problems).toStrictEqual([
      { param: 'transfer_action.0.optionId', message: 'transfer_action.0.optionId: must be 3 (overflow) or 4 for to_group' },
      { param: 'transfer_action.1.actionType', message: "transfer_action.1.actionType: must be 'to_group' or 'to_service'" },
      { param: 'transfer_action.2.spillId', message: 'transfer_action.2.spillId: must be 1, 2, 3 for to_service' },
    ])
    expect(problemsOf({ transfer_action: '[{"actionType":' })).toStrictEqual([{ param: 'transfer_action', message: 'transfer_action: is not valid JSON' }])
    expect(problemsOf({ transfer_action: '{}' })).toStrictEqual([
      { param: 'transfer_action', message: 'transfer_action: must be a JSON array of at most 20 rules' },
    ])
  })
})

describe('readChatParams: Sobot cards', () => {
  it('reads the zc card config, card_url and card_picture encodeURIComponent-ed', () => {
    const read = params({
      card_title: '云客服_智齿客服',
      card_url: encodeURIComponent('http://www.sobot.com'),
      card_desc: '云客服,在线客服系统,云呼叫中心,机器人客服,工单客服,智能客服',
      card_note: '1500,2000',
      card_picture: encodeURIComponent('https://img.sobot.com/console/common/face/admin.png'),
    })
    const card = {
      type: 'product',
      title: '云客服_智齿客服',
      content: '云客服,在线客服系统,云呼叫中心,机器人客服,工单客服,智能客服',
      imageUrl: 'https://img.sobot.com/console/common/face/admin.png',
      urlForVisitor: "http('http://www.sobot.com','blank')",
      urlForStaff: "http('http://www.sobot.com','blank')",
      memo: '1500,2000',
    }
    expect(read.cards).toStrictEqual([card])
    // In a link the encoded URL is encoded again; URLSearchParams decodes once and core once more.
    const link = `card_title=${encodeURIComponent('云客服_智齿客服')}&card_url=${encodeURIComponent(encodeURIComponent('http://www.sobot.com'))}&card_desc=${encodeURIComponent(card.content)}&card_note=1500,2000&card_picture=${encodeURIComponent(encodeURIComponent(card.imageUrl))}`
    expect(params(link).cards).toStrictEqual([card])
  })

  const goods = [{ name: 'saaadad', pictureUrl: encodeURIComponent('https://img.sobot.com/console/common/face/admin.png') }]
  const orderCard = {
    type: 'order',
    orderCode: '11111',
    orderStatus: 1,
    statusCustom: '自定义状态',
    createTime: 1586414406391,
    orderUrl: "http('http://www.sobot.com','blank')",
    goodsCount: 2,
    totalFee: 1000,
    goods: [{ name: 'saaadad', pictureUrl: 'https://img.sobot.com/console/common/face/admin.png' }],
  }

  it('reads the order config', () => {
    expect(
      params({
        order_status: 1,
        status_custom: '自定义状态',
        create_time: '1586414406391',
        order_code: 11111,
        order_url: encodeURIComponent('http://www.sobot.com'),
        goods_count: 2,
        total_fee: 1000,
        goods: JSON.stringify(goods),
      }).cards,
    ).toStrictEqual([orderCard])
  })

  it('reads the order link example, JSON not encoded', () => {
    const read = params(
      'https://***.sobot.com/chat/h5/v2/index.html?sysnum=4c349791a07b46c1a70b8ac88aa23257&order_status=1&create_time=1586414406391&order_code=121212&order_url=http://www.sobot.com&goods_count=2&total_fee=1000&goods=[{"name":"saaadad","pictureUrl":"https://img.sobot.com/console/common/face/admin.png"}]',
    )
    expect(read.companyId).toBe('4c349791a07b46c1a70b8ac88aa23257')
    const { statusCustom: _statusCustom, ...linked } = orderCard
    expect(read.cards).toStrictEqual([{ ...linked, orderCode: '121212' }])
  })

  it('reads visEvt, card_* and an order in that order', () => {
    const read = params({
      order_code: 'A1',
      order_status: 5,
      total_fee: 1,
      card_title: 'sobot',
      visEvt: { title: 'echat' },
    })
    expect(read.cards.map((card) => (card.type === 'order' ? card.orderCode : card.title))).toStrictEqual(['echat', 'sobot', 'A1'])
  })

  it('refuses a javascript: card link and keeps the other cards', () => {
    const read = readChatParams({ visEvt: { title: 'v' }, card_title: 't', card_url: 'javascript:alert(1)', order_code: 'A1', order_status: 1, total_fee: 1 })
    expect(read.cards.map((card) => card.type)).toStrictEqual(['product', 'order'])
    expect(read.problems).toHaveLength(1)
    expect(read.problems[0]?.param).toBe('card_url')
    expect(read.problems[0]?.message).toMatch(/^card_url: must be an http\(s\) URL/)
    // Encoded, it is refused the same.
    expect(problemsOf({ card_title: 't', card_url: encodeURIComponent('javascript:alert(1)') })[0]?.param).toBe('card_url')
  })

  it('reports malformed goods JSON and other bad order fields by their param names', () => {
    const read = readChatParams({ order_code: 'A1', order_status: 1, total_fee: 1, goods: '[{"name":', card_title: 'still here' })
    expect(read.problems).toStrictEqual([{ param: 'goods', message: 'goods: is not valid JSON' }])
    expect(read.cards).toStrictEqual([{ type: 'product', title: 'still here' }])
    expect(problemsOf({ order_code: 'A1', order_status: 9, total_fee: '1.5' })).toStrictEqual([
      { param: 'order_status', message: 'order_status: must be an integer from 0 to 7' },
      { param: 'total_fee', message: 'total_fee: must be a non-negative integer number of fen (1000 = 10.00)' },
    ])
    expect(problemsOf({ order_code: 'A1', order_status: 1, total_fee: 1, goods: [{ pictureUrl: 'x' }] }).map((p) => p.param)).toStrictEqual([
      'goods.0.name',
      'goods.0.pictureUrl',
    ])
  })
})

describe('readChatParams: Sobot switches and texts', () => {
  it('reads the leave-message / evaluation / upload example', () => {
    expect(params({ leave_msg_flag: true, msg_flag: false, feedback_flag: true, photo_flag: true, show_evaluate: 0 }).ui).toStrictEqual({
      leaveMessageButton: true,
      leaveMessageAfterEnd: true,
      evaluationButton: true,
      uploads: true,
      evaluateOnClose: false,
    })
  })

  it("reads the table's 1/0 spelling: msg_flag 1 turns the entry off, the others 1 on", () => {
    expect(params('msg_flag=1&leave_msg_flag=0&feedback_flag=0&photo_flag=0&show_evaluate=1&show_face=1&top_bar_flag=1').ui).toStrictEqual({
      leaveMessageAfterEnd: false,
      leaveMessageButton: false,
      evaluationButton: false,
      uploads: false,
      evaluateOnClose: true,
      showAvatars: true,
      topBar: true,
    })
    expect(params('msg_flag=0&satDegree_A=true&guide_flag=1&show_manual=0').ui).toStrictEqual({
      leaveMessageAfterEnd: true,
      visitorMayEvaluateAfterAgentEnds: true,
      robotGuide: true,
      delayedHumanButton: false,
    })
  })

  it('reads emoji_state, is_link, show_face, reload, refresh and cut_flag', () => {
    expect(params({ emoji_state: 'hide', is_link: 1, show_face: 1, reload: true, cut_flag: 'hide' }).ui).toStrictEqual({
      emoji: false,
      autoLink: true,
      showAvatars: true,
      reloadOnOpen: true,
      screenshot: false,
    })
    expect(params('is_link=0&emoji_state=show&refresh=true').ui).toStrictEqual({ autoLink: false, emoji: true, reloadOnOpen: true })
    // "0为不可跳转,不为0的时候默认可跳转": any other value leaves links working.
    expect(params({ is_link: 2 }).ui.autoLink).toBe(true)
  })

  it('reports a switch that is not 1/0 or true/false', () => {
    const read = readChatParams({ feedback_flag: 'yes', photo_flag: 1 })
    expect(read.ui).toStrictEqual({ uploads: true })
    expect(read.problems).toStrictEqual([{ param: 'feedback_flag', message: 'feedback_flag: must be 1 or 0 (true or false), got "yes"' }])
  })

  it('reads time in minutes, clamped to 10–2880', () => {
    expect(params({ time: 15 }).ui.historyMinutes).toBe(15)
    expect(params('time=5').ui.historyMinutes).toBe(10)
    expect(params('time=100000').ui.historyMinutes).toBe(2880)
    expect(params({}).ui.historyMinutes).toBeUndefined()
    const read = readChatParams({ time: '15m' })
    expect(read.ui).toStrictEqual({})
    expect(read.problems[0]?.param).toBe('time')
  })

  it('reads the to_customsys example, and the open style and leave-message redirect', () => {
    expect(params({ to_customsys_flag: true, to_customsys_url: 'https://www.sobot.com' }).ui).toStrictEqual({
      humanRedirect: { url: 'https://www.sobot.com', newWindow: false },
    })
    expect(
      params(`to_customsys_flag=1&to_customsys_open_style=1&to_customsys_url=${encodeURIComponent(encodeURIComponent('https://a.com/x?y=1'))}`).ui
        .humanRedirect,
    ).toStrictEqual({ url: 'https://a.com/x?y=1', newWindow: true })
    expect(params({ to_customsys_flag: 0, to_customsys_url: 'https://www.sobot.com' }).ui).toStrictEqual({})
    expect(params('leave_customsys_flag=1&leave_customsys_url=https://a.com/leave').ui).toStrictEqual({
      leaveMessageRedirect: { url: 'https://a.com/leave' },
    })
  })

  it('refuses a javascript: to_customsys_url and reads the rest', () => {
    const read = readChatParams({ to_customsys_flag: true, to_customsys_url: 'javascript:alert(document.cookie)', color: '04babc' })
    expect(read.ui).toStrictEqual({ themeColor: '#04babc' })
    expect(read.problems).toStrictEqual([
      { param: 'to_customsys_url', message: 'to_customsys_url: must be an http(s) URL, got "javascript:alert(document.cookie)"' },
    ])
    expect(problemsOf({ to_customsys_flag: 1 })).toStrictEqual([
      { param: 'to_customsys_url', message: 'to_customsys_url: is required when to_customsys_flag is 1' },
    ])
  })

  it("reads color: Sobot's six hex digits, or with '#'", () => {
    expect(params({ color: '04babc', uname: '智齿客服' }).ui.themeColor).toBe('#04babc')
    expect(params('color=%2304BABC').ui.themeColor).toBe('#04babc')
    const read = readChatParams({ color: 'red', uname: '智齿客服' })
    expect(read.ui).toStrictEqual({})
    expect(read.identity).toStrictEqual({ uname: '智齿客服' })
    expect(read.problems).toStrictEqual([{ param: 'color', message: 'color: must be six hex digits like 04babc (or #04babc), got "red"' }])
    expect(problemsOf({ color: '#fff' })[0]?.param).toBe('color')
  })

  it('reads locale en, tw and cn, and prefers it to lan', () => {
    expect(params({ locale: 'en' }).locale).toBe('en')
    expect(params({ locale: 'tw' }).locale).toBe('zh-TW')
    expect(params({ locale: 'cn' }).locale).toBe('zh-CN')
    expect(params({ locale: 'tw', lan: 'en' })).toMatchObject({ locale: 'zh-TW', entry: { lan: 'en' } })
  })

  it('reads title_flag and custom_title', () => {
    expect(params({ top_bar_flag: 1, title_flag: 2, custom_title: '智齿客服' }).ui).toStrictEqual({
      topBar: true,
      title: { mode: 'custom', text: '智齿客服' },
    })
    expect(params({ title_flag: 3 }).ui.title).toStrictEqual({ mode: 'agent' })
    expect(params({ title_flag: '1', custom_title: '页面标题' }).ui.title).toStrictEqual({ mode: 'company', text: '页面标题' })
    expect(params({ custom_title: '页面标题' }).ui.title).toStrictEqual({ mode: 'custom', text: '页面标题' })
    expect(problemsOf({ title_flag: 2 })).toStrictEqual([{ param: 'title_flag', message: 'title_flag: is 2 (custom text) but there is no valid custom_title' }])
    expect(problemsOf({ custom_title: 'x'.repeat(31) })).toStrictEqual([{ param: 'custom_title', message: 'custom_title: must be at most 30 characters' }])
  })

  it('reads the hello words, faqid and source', () => {
    const read = params({ robot_hello_word: '您好', agent_hello_word: '客服为您服务', agent_offline_title: '暂无客服', faqid: 3, source: '4' })
    expect(read.ui).toStrictEqual({ robotHelloWord: '您好', agentHelloWord: '客服为您服务', agentOfflineTitle: '暂无客服', faqGroupId: '3' })
    expect(read.source).toBe(4)
  })
})

describe('readChatParams: Sobot entrance, window and trace', () => {
  it('reads the invitation example', () => {
    expect(params({ invite: 1, tip_title: '欢迎咨询', submit_title: '开始聊天吧', first_timeout: 2, over_timeout: 10, invite_count: 5 }).entrance).toStrictEqual({
      invitation: { enabled: true, tipTitle: '欢迎咨询', submitTitle: '开始聊天吧', firstTimeoutSeconds: 2, overTimeoutSeconds: 10, perDay: 5 },
    })
    // Texts without invite: the invitation is described but off (the seed's default).
    expect(params({ tip_title: '欢迎' }).entrance.invitation).toStrictEqual({ enabled: false, tipTitle: '欢迎' })
  })

  it('reads auto_expand, invite_flag (true turns agent invitations off), anchor, custom, manual, location, expand_size, gif', () => {
    expect(params({ auto_expand: true, invite_flag: true, anchor: true }).entrance).toStrictEqual({
      autoExpand: true,
      allowAgentInvite: false,
      openInNewWindow: true,
    })
    expect(params({ custom: true, manual: true, location: 2, expand_size: 'half', gif: 1, invite_flag: false }).entrance).toStrictEqual({
      customButtons: true,
      manual: true,
      position: 'left',
      expandSize: 'half',
      animatedIcon: true,
      allowAgentInvite: true,
    })
    expect(params({ location: 1 }).entrance.position).toBe('right')
    expect(problemsOf({ location: 3, expand_size: 'big' }).map((p) => p.param)).toStrictEqual(['location', 'expand_size'])
  })

  it('reads Sobot width, height and container_style into the mini window', () => {
    expect(params({ width: '400px', height: 600, container_style: 'border-radius: 8px; box-shadow: 0 0 4px #ccc' }).miniWindow).toStrictEqual({
      width: 400,
      height: 600,
      containerStyle: { 'border-radius': '8px', 'box-shadow': '0 0 4px #ccc' },
    })
    const read = readChatParams({ container_style: 'width:10px;background:url(javascript:x);right:0' })
    expect(read.miniWindow).toStrictEqual({ containerStyle: { right: '0' } })
    expect(read.problems.map((p) => p.message)).toStrictEqual([
      'container_style: width is set with the width parameter',
      'container_style: refused declaration "background:url(javascript:x)"',
    ])
  })

  const preArgs = {
    pre_abstract: '来源页的摘要 没有 则不传',
    pre_visit_url: '来源页的url 没有 则不传',
    pre_visit_title: '来源来的标题 没有 则不传',
    pre_thumbnail: '来源页的缩略图 没有 则不传',
    pre_tags: '来源页的标签 没有 则不传',
  }
  const curArgs = {
    cur_abstract: '当前页的摘要 没有 则不传',
    cur_visit_url: '当前页的url 没有 则不传',
    cur_visit_title: '当前页的标题 没有 则不传',
    pcur_thumbnail: '当前页的缩略图 没有 则不传',
    cur_tags: '当前页的标签 没有 则不传',
  }

  it('reads the trace example: texts kept, the placeholder URLs refused', () => {
    const read = readChatParams({ man_trace: true, pre_visit_args: preArgs, cur_visit_args: curArgs })
    expect(read.trace).toStrictEqual({
      enabled: true,
      pre: { pre_abstract: preArgs.pre_abstract, pre_visit_title: preArgs.pre_visit_title, pre_tags: preArgs.pre_tags },
      cur: { cur_abstract: curArgs.cur_abstract, cur_visit_title: curArgs.cur_visit_title, cur_tags: curArgs.cur_tags },
    })
    expect(read.problems.map((p) => p.param)).toStrictEqual([
      'pre_visit_args.pre_visit_url',
      'pre_visit_args.pre_thumbnail',
      'cur_visit_args.cur_visit_url',
      'cur_visit_args.pcur_thumbnail',
    ])
  })

  it('reads trace args as objects, JSON strings or flat params', () => {
    const pre = { pre_visit_url: 'https://shop.example/list', pre_visit_title: '列表', pre_thumbnail: 'https://img.example/a.png' }
    const cur = { cur_visit_url: 'https://shop.example/item/1', cur_tags: '鞋' }
    const expected = { enabled: false, pre, cur }
    expect(params({ pre_visit_args: pre, cur_visit_args: JSON.stringify(cur) }).trace).toStrictEqual(expected)
    expect(params(`pre_visit_args=${encodeURIComponent(JSON.stringify(pre))}&cur_visit_url=https://shop.example/item/1&cur_tags=鞋`).trace).toStrictEqual(expected)
    expect(params({ man_trace: 'true' }).trace).toStrictEqual({ enabled: true })
    expect(params({}).trace).toBeUndefined()
  })

  it('ignores unknown parameters', () => {
    expect(params({ foo: 1, summaryparams: 'x', platformUnionCode: 'p', uname: 'a' })).toStrictEqual({
      locale: 'zh-CN',
      entry: {},
      identity: { uname: 'a' },
      routing: {},
      cards: [],
      ui: {},
      entrance: {},
      problems: [],
    })
  })
})
