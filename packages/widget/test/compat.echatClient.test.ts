import { describe, expect, it } from 'vitest'
import { createChat, memoryStorage, type ChatClient } from '@kefu/core'
import { createTestAgent, createTestVisibility, type TestAgentOptions } from '@kefu/core/testing'
import { ECHAT_SOURCE_EVENTS, echatEventsFor, echatGetters, type EchatEvent } from '../src/compat'


/** A real client against core's test agent, forwarding every event through echatEventsFor as the widget will. */
function setup(options: TestAgentOptions = {}) {
  const agent = createTestAgent({ staff: { staffId: '1001', staffNickName: '小洽', recordId: '1_12312' }, ...options })
  let ids = 0
  const chat: ChatClient = createChat({
    companyId: '1',
    transport: agent.transport,
    storage: memoryStorage(),
    visibility: createTestVisibility(true),
    generateId: () => `c${++ids}`,
  })
  const events: EchatEvent[] = []
  for (const name of ECHAT_SOURCE_EVENTS) {
    chat.on(name, (payload) => {
      events.push(...echatEventsFor(name, payload as never, chat.getSnapshot(), { companyId: 1, companyName: '一洽客服系统' }))
    })
  }
  const take = () => events.splice(0).map((e) => `${e.eventAction}=${typeof e.eventLabel === 'object' ? JSON.stringify(e.eventLabel) : e.eventLabel}`)
  return { agent, chat, take }
}

describe('Echat events from a live client', () => {
  it('a whole conversation: open, queue, agent, messages both ways, end 2 asking for an evaluation, evaluation, close', async () => {
    const { agent, chat, take } = setup()
    chat.connect()
    await agent.settle()
    expect(take()).toEqual(['staffStatus=1'])

    chat.open()
    await agent.settle()
    expect(take()).toEqual([
      'echatPageStatus={"event":7,"eventValue":{"companyId":1,"companyName":"一洽客服系统"}}',
      'chatStatus=waiting',
      'queuePostion=1',
    ])

    agent.queue(2)
    agent.accept()
    await agent.settle()
    expect(take()).toEqual([
      'queuePostion=2',
      'chatStatus=chatting',
      'Served by Agent=小洽',
      'chatStaffInfo={"staffId":"1001","staffNickName":"小洽","staffPhone":"","staffHead":"","staffInfo":"","recordId":"1_12312"}',
    ])
    expect(echatGetters(chat.getSnapshot()).getChatStatus()).toBe(2)

    agent.say('您好')
    await chat.send('在吗')
    await agent.settle()
    expect(take()).toEqual(['newMsg=您好', 'visitorSendMsg={"msgType":"text","textContent":"在吗"}'])

    chat.minimize()
    agent.say('还在吗？')
    await agent.settle()
    expect(take()).toEqual(['echatPageStatus={"event":8,"eventValue":""}', 'visitorHide=', 'newMsg=还在吗？'])
    expect(echatGetters(chat.getSnapshot()).getUnReadMsgCount()).toBe(1)

    chat.maximize()
    agent.end(2, { evaluate: true })
    await agent.settle()
    expect(take()).toEqual([
      'echatPageStatus={"event":7,"eventValue":{"companyId":1,"companyName":"一洽客服系统"}}',
      'chatStatus=end-2-1',
    ])
    expect(echatGetters(chat.getSnapshot()).getChatStatus()).toBe(4)

    await chat.evaluate({ score: 4, comment: '很专业' })
    chat.close()
    await agent.settle()
    expect(take()).toEqual([
      'visitorEvaluate=1-2',
      'Chat_Evaluate_4=end',
      'Chat_Comment_submit=end',
      'echatPageStatus={"event":8,"eventValue":""}',
      'visitorHide=',
    ])
    expect(echatGetters(chat.getSnapshot()).getMiniStatus()).toBe('close')
  })

  it('the bot, then the handoff to an agent; offline and agents going away', async () => {
    const { agent, chat, take } = setup({ onRequest: 'bot' })
    chat.connect()
    chat.open()
    await agent.settle()
    agent.sayAsBot('我是智能客服', { offerHandoff: true })
    await agent.settle()
    expect(take()).toEqual([
      'echatPageStatus={"event":7,"eventValue":{"companyId":1,"companyName":"一洽客服系统"}}',
      'staffStatus=1',
      'chatStatus=chatting',
      'newMsg=我是智能客服',
    ])
    agent.accept()
    await agent.settle()
    expect(take()).toEqual(['Served by Agent=小洽', expect.stringMatching(/^chatStaffInfo=\{"staffId":"1001"/)])
    agent.end(6)
    agent.setAgentsOnline(false)
    agent.goOffline('disabled')
    await agent.settle()
    expect(take()).toEqual(['chatStatus=end-6-0', 'staffStatus=2', 'chatStatus=leaveDisabled'])
  })

  it('dismissing the evaluation after the end: 0-2 and Chat_Evaluate_Cancel', async () => {
    const { agent, chat, take } = setup({ onRequest: 'accept', evaluateOnVisitorEnd: true })
    chat.connect()
    chat.open()
    await agent.settle()
    await chat.endChat()
    await agent.settle()
    take()
    chat.dismissEvaluation()
    await agent.settle()
    expect(take()).toEqual(['visitorEvaluate=0-2', 'Chat_Evaluate_Cancel=end'])
  })

  it('trackInfo from the server becomes visitorTrackInfo', async () => {
    const { agent, chat, take } = setup()
    chat.connect()
    await agent.settle()
    take()
    agent.sendTrackInfo({ country: '中国', searcher: 'baidu', keywordType: 2 })
    await agent.settle()
    expect(take()).toEqual(['visitorTrackInfo={"country":"中国","searcher":"baidu","keywordType":2}'])
  })
})
