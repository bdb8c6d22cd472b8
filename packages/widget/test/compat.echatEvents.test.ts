import { describe, expect, it } from 'vitest'
import {
  END_REASONS,
  INITIAL_CHAT_SNAPSHOT,
  toVisitorSendMsg,
  type ChatMessage,
  type ChatSnapshot,
  type ChatStatus,
  type MessageBody,
  type StaffInfo,
  type TrackInfo,
  type VisitorSendMsgPayload,
  type WindowState,
} from '@kefu/core'
import { echatButtonClicked, echatEventsFor, type EchatEvent } from '../src/compat'

const snap = (patch: Partial<ChatSnapshot> = {}): ChatSnapshot => ({ ...INITIAL_CHAT_SNAPSHOT, ready: true, ...patch })
const pairs = (events: readonly EchatEvent[]) => events.map((e) => [e.eventCategory, e.eventAction, e.eventLabel])

const staff: StaffInfo = {
  staffId: '1001',
  staffNickName: '小洽',
  staffPhone: '400-000-0000',
  staffHead: 'https://cdn.example.com/head.png',
  staffInfo: '金牌客服',
  recordId: '1_12312',
}

const W: ChatStatus = { name: 'waiting' }
const B: ChatStatus = { name: 'bot' }
const C: ChatStatus = { name: 'chatting' }
const I: ChatStatus = { name: 'idle' }

const status = (next: ChatStatus, previous: ChatStatus, after: Partial<ChatSnapshot> = {}) =>
  echatEventsFor('statusChange', { status: next, previous }, snap({ status: next, ...after }))

describe('echatEventsFor: chatStatus (seed 13.2)', () => {
  it('labels waiting, chatting and the three offline modes as the seed does', () => {
    expect(pairs(status(W, I))).toEqual([['echat', 'chatStatus', 'waiting']])
    expect(pairs(status({ name: 'offline', mode: 'disabled' }, I))).toEqual([['echat', 'chatStatus', 'leaveDisabled']])
    expect(pairs(status({ name: 'offline', mode: 'leave-message' }, I))).toEqual([['echat', 'chatStatus', 'leaveToService']])
    expect(pairs(status({ name: 'offline', mode: 'redirect', url: 'https://help.example.com' }, I))).toEqual([
      ['echat', 'chatStatus', 'leaveToUrl'],
    ])
  })

  it('labels the end end-[reason]-[0/1] for every reason the seed lists, e.g. end-2-1', () => {
    expect(pairs(status({ name: 'ended', reason: 2, needsEvaluation: true }, C))).toEqual([['echat', 'chatStatus', 'end-2-1']])
    const labels = END_REASONS.flatMap((reason) =>
      [false, true].map((needsEvaluation) => status({ name: 'ended', reason, needsEvaluation }, C)[0]!.eventLabel),
    )
    expect(labels).toEqual([
      'end-0-0', 'end-0-1', 'end-1-0', 'end-1-1', 'end-2-0', 'end-2-1',
      'end-5-0', 'end-5-1', 'end-6-0', 'end-6-1', 'end-8-0', 'end-8-1',
    ])
  })

  it('a status change to chatting is chatStatus chatting plus analytics Served by Agent with the nickname', () => {
    expect(pairs(status(C, W, { staff }))).toEqual([
      ['echat', 'chatStatus', 'chatting'],
      ['analytics', 'Served by Agent', '小洽'],
    ])
    expect(pairs(status(C, I))).toEqual([
      ['echat', 'chatStatus', 'chatting'],
      ['analytics', 'Served by Agent', ''],
    ])
  })

  it('the bot is chatting; its handoff to an agent adds Served by Agent without repeating chatStatus', () => {
    expect(pairs(status(B, W))).toEqual([['echat', 'chatStatus', 'chatting']])
    expect(pairs(status(C, B, { staff }))).toEqual([['analytics', 'Served by Agent', '小洽']])
  })

  it('reports nothing for states the seed has no label for, nor for an evaluation clearing end-x-1', () => {
    expect(status(I, W)).toEqual([])
    expect(status({ name: 'overloaded' }, I)).toEqual([])
    expect(status({ name: 'ended', reason: 2, needsEvaluation: false }, { name: 'ended', reason: 2, needsEvaluation: true })).toEqual([])
  })
})

describe('echatEventsFor: agent, queue and presence', () => {
  it('chatStaffInfo is a JSON string with the seed fields staffId, staffNickName, staffPhone, staffHead, staffInfo, recordId', () => {
    const [event, ...rest] = echatEventsFor('staffChange', { staff }, snap({ status: C, staff }))
    expect(rest).toEqual([])
    expect(event).toEqual({ eventCategory: 'echat', eventAction: 'chatStaffInfo', eventLabel: expect.any(String) })
    const parsed = JSON.parse(event!.eventLabel as string)
    expect(Object.keys(parsed)).toEqual(['staffId', 'staffNickName', 'staffPhone', 'staffHead', 'staffInfo', 'recordId'])
    expect(parsed).toEqual(staff)
  })

  it('chatStaffInfo fills the optional fields with empty strings; no event when the agent leaves', () => {
    const bare: StaffInfo = { staffId: '7', staffNickName: 'Amy', recordId: '1_7' }
    const [event] = echatEventsFor('staffChange', { staff: bare }, snap({ status: C, staff: bare }))
    expect(event!.eventLabel).toBe('{"staffId":"7","staffNickName":"Amy","staffPhone":"","staffHead":"","staffInfo":"","recordId":"1_7"}')
    expect(echatEventsFor('staffChange', { staff: null }, snap())).toEqual([])
  })

  it('staffStatus is the int 1 online, 2 offline', () => {
    expect(echatEventsFor('staffStatus', { online: true }, snap())).toEqual([
      { eventCategory: 'echat', eventAction: 'staffStatus', eventLabel: 1 },
    ])
    expect(echatEventsFor('staffStatus', { online: false }, snap())).toEqual([
      { eventCategory: 'echat', eventAction: 'staffStatus', eventLabel: 2 },
    ])
  })

  it('queuePostion (the seed spelling) carries the int position', () => {
    const events = echatEventsFor('queuePosition', { position: 3 }, snap({ status: W, queuePosition: 3 }))
    expect(events).toEqual([{ eventCategory: 'echat', eventAction: 'queuePostion', eventLabel: 3 }])
    expect(typeof events[0]!.eventLabel).toBe('number')
  })
})

describe('echatEventsFor: newMsg', () => {
  let seq = 10
  const msg = (body: MessageBody, patch: Partial<ChatMessage> = {}): ChatMessage => ({
    id: `m${++seq}`,
    seq,
    sender: 'agent',
    createdAt: 1586414406391,
    state: 'sent',
    visibility: 'both',
    body,
    ...patch,
  })
  const label = (message: ChatMessage, readSeq = 0) => {
    const events = echatEventsFor('message', message, snap({ status: C, readSeq, messages: [message] }))
    expect(events.every((e) => e.eventCategory === 'echat' && e.eventAction === 'newMsg')).toBe(true)
    return events.map((e) => e.eventLabel)
  }

  it('text as the text, [image] for images, [file] for files, voice and video', () => {
    expect(label(msg({ type: 'text', text: '您好，请问有什么可以帮您？' }))).toEqual(['您好，请问有什么可以帮您？'])
    expect(label(msg({ type: 'image', url: 'https://x.test/a.png' }))).toEqual(['[image]'])
    expect(label(msg({ type: 'file', url: 'https://x.test/a.pdf', name: 'a.pdf', size: 5210000 }))).toEqual(['[file]'])
    expect(label(msg({ type: 'voice', url: 'https://x.test/a.mp3' }))).toEqual(['[file]'])
    expect(label(msg({ type: 'video', url: 'https://x.test/a.mp4' }))).toEqual(['[file]'])
  })

  it('the label is HTML like the seed’s (emoji <img> tags): text is escaped, Unicode emoji pass through', () => {
    expect(label(msg({ type: 'text', text: '<img src="/res/emoji/32/ws.png" /> & \'x\'' }))).toEqual([
      '&lt;img src=&quot;/res/emoji/32/ws.png&quot; /&gt; &amp; &#39;x&#39;',
    ])
    expect(label(msg({ type: 'text', text: '好的😀' }))).toEqual(['好的😀'])
  })

  it('cards and forms: the product title, [order], [form]; status notices are not new messages', () => {
    expect(label(msg({ type: 'product', card: { type: 'product', title: '风衣 <新款>' } }))).toEqual(['风衣 &lt;新款&gt;'])
    const order = { type: 'order', orderCode: '11111', orderStatus: 1, totalFee: 1000, goods: [] } as const
    expect(label(msg({ type: 'order', card: order }))).toEqual(['[order]'])
    expect(label(msg({ type: 'form', formId: 2345, formName: '在线客服需求收集表' }))).toEqual(['[form]'])
    // "The chat has ended" reaches the page as a chatStatus event; counting it as unread would make one reply read "2".
    expect(label(msg({ type: 'notice', text: 'The chat has ended', code: 'chat.ended.2' }, { sender: 'system' }))).toEqual([])
  })

  it('from the agent side only (agent, bot, system), visible to the visitor, and not already read', () => {
    const text = { type: 'text', text: 'hi' } as const
    expect(label(msg(text, { sender: 'bot' }))).toEqual(['hi'])
    expect(label(msg(text, { sender: 'system' }))).toEqual(['hi'])
    expect(label(msg(text, { sender: 'visitor' }))).toEqual([])
    expect(label(msg(text, { visibility: 'agent' }))).toEqual([])
    const old = msg(text)
    expect(label(old, old.seq!)).toEqual([])
    expect(label(old, old.seq! - 1)).toEqual(['hi'])
  })
})

describe('echatEventsFor: evaluation (visitorEvaluate 0/1-1/2 and the analytics events)', () => {
  const ended: ChatStatus = { name: 'ended', reason: 2, needsEvaluation: false }
  const evaluation = (state: ChatSnapshot['evaluation'], status: ChatStatus) =>
    pairs(echatEventsFor('evaluation', { evaluation: state, submitted: state.submitted }, snap({ status, evaluation: state })))

  it('submitted after the end with a comment: 1-2, Chat_Evaluate_<score> end, Chat_Comment_submit end', () => {
    const submitted = { score: 5, comment: '很专业', phase: 'ended' } as const
    expect(evaluation({ status: 'submitted', submitted }, ended)).toEqual([
      ['echat', 'visitorEvaluate', '1-2'],
      ['analytics', 'Chat_Evaluate_5', 'end'],
      ['analytics', 'Chat_Comment_submit', 'end'],
    ])
  })

  it('submitted while chatting without a comment: 1-1 and Chat_Evaluate_<score> chating (the seed spelling)', () => {
    const submitted = { score: 3, phase: 'chatting' } as const
    expect(evaluation({ status: 'submitted', submitted }, C)).toEqual([
      ['echat', 'visitorEvaluate', '1-1'],
      ['analytics', 'Chat_Evaluate_3', 'chating'],
    ])
  })

  it('dismissed: 0-2 / 0-1 by the chat state, with Chat_Evaluate_Cancel end / chating', () => {
    expect(evaluation({ status: 'dismissed', submitted: null }, ended)).toEqual([
      ['echat', 'visitorEvaluate', '0-2'],
      ['analytics', 'Chat_Evaluate_Cancel', 'end'],
    ])
    expect(evaluation({ status: 'dismissed', submitted: null }, C)).toEqual([
      ['echat', 'visitorEvaluate', '0-1'],
      ['analytics', 'Chat_Evaluate_Cancel', 'chating'],
    ])
  })

  it('asking for an evaluation, or a new chat clearing it, is not an Echat event', () => {
    expect(evaluation({ status: 'pending', submitted: null }, { name: 'ended', reason: 1, needsEvaluation: true })).toEqual([])
    expect(evaluation({ status: 'none', submitted: null }, W)).toEqual([])
  })
})

describe('echatEventsFor: window (echatPageStatus, visitorHide)', () => {
  const page = { companyId: 1, companyName: '一洽客服系统' }
  const windowChange = (window: WindowState, previous: WindowState) =>
    echatEventsFor('windowChange', { window, previous }, snap({ window }), page)

  it('opening is the seed’s example object exactly, key order included', () => {
    const seedExample = {
      act: 100,
      eventAction: 'echatPageStatus',
      eventLabel: { event: 7, eventValue: { companyId: 1, companyName: '一洽客服系统' } },
      eventCategory: 'echat',
    }
    for (const previous of ['closed', 'minimized'] as const) {
      const events = windowChange('open', previous)
      expect(events).toEqual([seedExample])
      expect(JSON.stringify(events[0])).toBe(JSON.stringify(seedExample))
    }
  })

  it('hiding (minimize or close) is echatPageStatus 8 with an empty eventValue, then visitorHide with an empty label', () => {
    const hidden = [
      { act: 100, eventAction: 'echatPageStatus', eventLabel: { event: 8, eventValue: '' }, eventCategory: 'echat' },
      { eventCategory: 'echat', eventAction: 'visitorHide', eventLabel: '' },
    ]
    expect(windowChange('minimized', 'open')).toEqual(hidden)
    expect(windowChange('closed', 'open')).toEqual(hidden)
  })

  it('moving between minimized and closed changes nothing Echat sees', () => {
    expect(windowChange('closed', 'minimized')).toEqual([])
    expect(windowChange('minimized', 'closed')).toEqual([])
  })

  it('without a page context the account fields are empty', () => {
    const [event] = echatEventsFor('windowChange', { window: 'open', previous: 'closed' }, snap({ window: 'open' }))
    expect(event!.eventLabel).toEqual({ event: 7, eventValue: { companyId: '', companyName: '' } })
  })
})

describe('echatEventsFor: visitorTrackInfo and visitorSendMsg (JSON strings)', () => {
  it('visitorTrackInfo is the seed example as a JSON string', () => {
    const seedExample: TrackInfo = {
      city: '成都市',
      country: '中国',
      firstUrl: 'https://www.echatsoft.com/',
      keyword: '一洽客服系统',
      province: '四川省',
      referrer:
        'https://www.baidu.com/link?url=OJ_GV4co3VzFIsx3LMbh7M1std23sPTEC0DYtUKWUGtuKol3M38YtqbdqSuZBtkG&wd=&eqid=f4ca1bee0004c8e4000000065f10124c',
      keywordType: 2,
      searcher: 'baidu',
    }
    const [event, ...rest] = echatEventsFor('trackInfo', seedExample, snap())
    expect(rest).toEqual([])
    expect(event).toEqual({ eventCategory: 'echat', eventAction: 'visitorTrackInfo', eventLabel: JSON.stringify(seedExample) })
    expect(JSON.parse(event!.eventLabel as string)).toEqual(seedExample)
  })

  const seedExamples: readonly VisitorSendMsgPayload[] = [
    { msgType: 'text', textContent: '文本消息内容' },
    {
      msgType: 'file',
      fileName: '在线客服解决方案.pdf',
      fileUrl: 'https://www.echatsoft.com/file/a.pdf',
      fileType: 0,
      fileSize: 5210000,
    },
    {
      msgType: 'image',
      smallImg: 'https://www.echatsoft.com/visitormsg/smallImg.png',
      bigImg: 'https://www.echatsoft.com/visitormsg/bigImg.png',
      sourceImg: 'https://www.echatsoft.com/visitormsg/sourceImg.png',
    },
    { msgType: 'formData', formName: '在线客服需求收集表', formId: 2345 },
  ]

  it.each(seedExamples)('visitorSendMsg $msgType is the seed example as a JSON string', (payload) => {
    const [event] = echatEventsFor('visitorSendMsg', payload, snap())
    expect(event).toEqual({ eventCategory: 'echat', eventAction: 'visitorSendMsg', eventLabel: JSON.stringify(payload) })
    expect(JSON.parse(event!.eventLabel as string)).toEqual(payload)
  })

  it('core’s toVisitorSendMsg turns message bodies into the seed shapes this event carries', () => {
    const bodies: MessageBody[] = [
      { type: 'text', text: '文本消息内容' },
      { type: 'file', name: '在线客服解决方案.pdf', url: 'https://www.echatsoft.com/file/a.pdf', size: 5210000 },
      {
        type: 'image',
        url: 'https://www.echatsoft.com/visitormsg/sourceImg.png',
        thumbnailUrl: 'https://www.echatsoft.com/visitormsg/smallImg.png',
      },
      { type: 'form', formId: 2345, formName: '在线客服需求收集表' },
    ]
    const labels = bodies.map((body) => echatEventsFor('visitorSendMsg', toVisitorSendMsg(body)!, snap())[0]!.eventLabel)
    expect(labels.map((l) => JSON.parse(l as string).msgType)).toEqual(['text', 'file', 'image', 'formData'])
    expect(JSON.parse(labels[0] as string)).toEqual(seedExamples[0])
    expect(JSON.parse(labels[1] as string)).toEqual(seedExamples[1])
    expect(JSON.parse(labels[3] as string)).toEqual(seedExamples[3])
  })
})

describe('analytics Button Clicked', () => {
  it('has an empty label', () => {
    expect(echatButtonClicked()).toEqual({ eventCategory: 'analytics', eventAction: 'Button Clicked', eventLabel: '' })
  })
})

describe('every payload has the seed’s newEvent shape', () => {
  it('eventCategory echat|analytics, a string eventAction, and act only on echatPageStatus', () => {
    const all: EchatEvent[] = [
      ...status(C, W, { staff }),
      ...echatEventsFor('windowChange', { window: 'open', previous: 'closed' }, snap()),
      ...echatEventsFor('windowChange', { window: 'closed', previous: 'open' }, snap()),
      echatButtonClicked(),
    ]
    for (const event of all) {
      const general: { eventCategory: 'echat' | 'analytics'; eventAction: string; eventLabel: string | number | object; act?: number } = event
      expect(general).toBe(event)
      expect(['echat', 'analytics']).toContain(event.eventCategory)
      expect(typeof event.eventAction).toBe('string')
      expect('act' in event).toBe(event.eventAction === 'echatPageStatus')
    }
  })
})
