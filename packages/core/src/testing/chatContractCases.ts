import type { ChatStatusName } from '../chatStatus'
import type { ChatClient } from '../createChat'
import { KefuError } from '../errors'
import {
  check,
  checkEqual,
  checkMatch,
  ready,
  textsOf,
  until,
  type ChatContractCase,
  type ChatContractScene,
  type ChatContractTarget,
  type ChatContractVisitor,
} from './chatContract'

const statusOf = (client: ChatClient) => client.getSnapshot().status

/** The names of the statuses a client goes through from now on. */
function recordStatuses(client: ChatClient): ChatStatusName[] {
  const seen: ChatStatusName[] = []
  client.on('statusChange', ({ status }) => seen.push(status.name))
  return seen
}

/** Runs `body` with a fresh visitor of `scene` and one ready tab, closing the scene afterwards. */
async function withVisitor(
  target: ChatContractTarget,
  scene: ChatContractScene,
  body: (visitor: ChatContractVisitor, tab: ChatClient) => Promise<void>,
): Promise<void> {
  const visitor = await target.start(scene)
  try {
    const tab = visitor.tab()
    await ready(tab)
    await body(visitor, tab)
  } finally {
    await visitor.close()
  }
}

/** A second tab of the same visitor, once it is welcomed. */
async function secondTab(visitor: ChatContractVisitor): Promise<ChatClient> {
  const tab = visitor.tab()
  await ready(tab)
  return tab
}

async function chatting(tab: ChatClient): Promise<void> {
  await tab.requestChat()
  await until(() => statusOf(tab).name === 'chatting' && tab.getSnapshot().staff !== null, 'the chat to be served by the agent')
}

const PRODUCT = {
  title: '羊毛围巾',
  content: '<span style="color:red" onclick="x()">新品 ¥199</span>',
  imageUrl: 'https://shop.example.com/p/1.jpg',
  urlForVisitor: 'https://shop.example.com/p/1',
}

export const CHAT_CONTRACT: readonly ChatContractCase[] = [
  {
    name: 'a first visit is welcomed as a new visitor without a chat; a second tab is the same visitor',
    run: (target) =>
      withVisitor(target, { reception: 'agent' }, async (visitor, a) => {
        const first = a.getSnapshot()
        check(first.visitorId, 'the welcome names the visitor')
        checkMatch(first, { status: { name: 'idle' }, unread: 0, queuePosition: null, staff: null, agentsOnline: true }, 'a new visitor')
        checkEqual(first.messages.length, 0, 'messages of a new visitor')
        const b = await secondTab(visitor)
        checkEqual(b.getSnapshot().visitorId, first.visitorId, 'the second tab’s visitor')
      }),
  },
  {
    name: 'opening the window starts no chat (startChatOn message, the default); the first message does, served by the agent',
    run: (target) =>
      withVisitor(target, { reception: 'agent' }, async (visitor, a) => {
        a.open()
        await new Promise((resolve) => setTimeout(resolve, 200))
        checkEqual(statusOf(a).name, 'idle', 'the status after opening')
        await a.send('在吗？')
        await until(() => statusOf(a).name === 'chatting', 'the first message to start the chat')
        await until(async () => (await visitor.agent.received()).includes('在吗？'), 'the agent to receive the first message')
      }),
  },
  {
    name: 'startChatOn open: opening the window starts the chat at once',
    run: (target) =>
      withVisitor(target, { reception: 'agent', startChatOn: 'open' }, async (_visitor, a) => {
        a.open()
        await until(() => statusOf(a).name === 'chatting', 'opening to start the chat')
      }),
  },
  {
    name: 'an available agent takes the chat at once; every tab follows the status and the staff',
    run: (target) =>
      withVisitor(target, { reception: 'agent' }, async (visitor, a) => {
        const b = await secondTab(visitor)
        const seen = recordStatuses(a)
        await chatting(a)
        checkEqual(seen, ['chatting'], 'statuses of the requesting tab')
        const staff = a.getSnapshot().staff!
        check(staff.staffId && staff.staffNickName && staff.recordId, 'the staff has an id, a nickname and the conversation id')
        await until(() => statusOf(b).name === 'chatting' && b.getSnapshot().staff?.recordId === staff.recordId, 'the second tab to follow')
      }),
  },
  {
    name: 'a busy agent: the visitor waits at position 1, then chats when the agent takes it',
    run: (target) =>
      withVisitor(target, { reception: 'queue' }, async (visitor, a) => {
        const seen = recordStatuses(a)
        await a.requestChat()
        await until(() => statusOf(a).name === 'waiting' && a.getSnapshot().queuePosition === 1, 'waiting at position 1')
        await visitor.agent.accept()
        await until(() => statusOf(a).name === 'chatting' && a.getSnapshot().staff !== null, 'the agent to take the chat')
        checkEqual(seen, ['waiting', 'chatting'], 'statuses')
        checkEqual(a.getSnapshot().queuePosition, null, 'the queue position once served')
      }),
  },
  {
    name: 'messages both ways: acknowledged with a sequence number, shown once in every tab, unread until read in any tab',
    run: (target) =>
      withVisitor(target, { reception: 'agent' }, async (visitor, a) => {
        const b = await secondTab(visitor)
        await chatting(a)
        const sent = await a.send('你好，在吗？')
        check(typeof sent.seq === 'number' && sent.seq > 0, 'a sent message has a sequence number')
        checkEqual(sent.state, 'sent', 'the acknowledged message’s state')
        await until(() => textsOf(b, 'visitor').includes('你好，在吗？'), 'the other tab to show the visitor’s message')
        await until(async () => (await visitor.agent.received()).includes('你好，在吗？'), 'the agent to receive it')
        await visitor.agent.say('在的，请讲。')
        for (const tab of [a, b]) await until(() => textsOf(tab, 'agent').includes('在的，请讲。'), 'both tabs to show the reply')
        await until(() => a.getSnapshot().unread === 1 && b.getSnapshot().unread === 1, 'the reply to count as unread in both tabs')
        b.open() // an open window on a visible page reads
        await until(() => a.getSnapshot().unread === 0 && b.getSnapshot().unread === 0, 'reading in one tab to clear the other')
        checkEqual(a.getSnapshot().readSeq, b.getSnapshot().readSeq, 'both tabs’ read marks')
        for (const tab of [a, b]) {
          const seqs = tab.getSnapshot().messages.map((m) => m.seq!)
          checkEqual(seqs, [...new Set(seqs)].sort((x, y) => x - y), 'sequence numbers, once each and in order')
        }
        checkEqual((await visitor.agent.received()).filter((t) => t === '你好，在吗？').length, 1, 'times the agent received the message')
      }),
  },
  {
    name: 'cards: a product card arrives sanitized; an invalid one is refused with invalid_card and never delivered',
    run: (target) =>
      withVisitor(target, { reception: 'agent' }, async (visitor, a) => {
        await chatting(a)
        const card = await a.sendCard(PRODUCT)
        check(card.body.type === 'product', 'a product message')
        check(!JSON.stringify(card.body).includes('onclick'), 'event handler attributes are removed')
        let refused: unknown
        await a.sendCard({ title: '', url: 'javascript:alert(1)' } as never).catch((error: unknown) => (refused = error))
        check(refused instanceof KefuError && refused.code === 'invalid_card', `an invalid card is refused with invalid_card, got ${String(refused)}`)
        await visitor.agent.sendCard({ ...PRODUCT, title: '推荐：真丝围巾' })
        await until(() => a.getSnapshot().messages.some((m) => m.sender === 'agent' && m.body.type === 'product' && m.body.card.title === '推荐：真丝围巾'), 'the agent’s card')
        checkEqual(a.getSnapshot().messages.filter((m) => m.body.type === 'product' && m.state === 'sent').length, 2, 'cards delivered')
      }),
  },
  {
    name: 'the agent’s typing shows in the visitor’s tabs',
    run: (target) =>
      withVisitor(target, { reception: 'agent' }, async (visitor, a) => {
        await chatting(a)
        await visitor.agent.typing(true)
        await until(() => a.getSnapshot().agentTyping, 'typing on')
        await visitor.agent.typing(false)
        await until(() => !a.getSnapshot().agentTyping, 'typing off')
      }),
  },
  {
    name: 'the agent ends the chat (2) asking for an evaluation; evaluating clears it in every tab',
    run: (target) =>
      withVisitor(target, { reception: 'agent', evaluateOnEnd: true }, async (visitor, a) => {
        const b = await secondTab(visitor)
        await chatting(a)
        await visitor.agent.end()
        for (const tab of [a, b]) await until(() => statusOf(tab).name === 'ended', 'the end in every tab')
        checkEqual(statusOf(a), { name: 'ended', reason: 2, needsEvaluation: true }, 'the ended status')
        checkEqual(a.getSnapshot().staff, null, 'the staff after the end')
        await a.evaluate({ score: 5, comment: '很满意' })
        for (const tab of [a, b]) {
          await until(() => statusOf(tab).name === 'ended' && !(statusOf(tab) as { needsEvaluation: boolean }).needsEvaluation, 'the evaluation to be taken in every tab')
          await until(() => tab.getSnapshot().evaluation.submitted?.score === 5, 'the evaluation record in every tab')
        }
        checkMatch(b.getSnapshot().evaluation.submitted, { score: 5, comment: '很满意', phase: 'ended' }, 'the evaluation record')
      }),
  },
  {
    name: 'the visitor ends the chat (1); without evaluateOnEnd nothing is asked',
    run: (target) =>
      withVisitor(target, { reception: 'agent', evaluateOnEnd: false }, async (_visitor, a) => {
        await chatting(a)
        await a.endChat()
        await until(() => statusOf(a).name === 'ended', 'the end')
        checkEqual(statusOf(a), { name: 'ended', reason: 1, needsEvaluation: false }, 'the ended status')
      }),
  },
  {
    name: 'bot first: the bot serves, requestHuman() hands over to an available agent; ending a bot chat asks nothing',
    run: async (target) => {
      await withVisitor(target, { reception: 'bot' }, async (_visitor, a) => {
        const seen = recordStatuses(a)
        await a.requestChat()
        await until(() => statusOf(a).name === 'bot', 'the bot')
        checkEqual(a.getSnapshot().staff, null, 'the staff while the bot serves')
        await a.requestHuman()
        await until(() => statusOf(a).name === 'chatting' && a.getSnapshot().staff !== null, 'the handoff to the agent')
        checkEqual(seen, ['bot', 'chatting'], 'statuses')
      })
      await withVisitor(target, { reception: 'bot', evaluateOnEnd: true }, async (_visitor, a) => {
        await a.requestChat()
        await until(() => statusOf(a).name === 'bot', 'the bot')
        await a.endChat()
        await until(() => statusOf(a).name === 'ended', 'the end')
        checkEqual(statusOf(a), { name: 'ended', reason: 1, needsEvaluation: false }, 'a bot chat’s end')
      })
    },
  },
  {
    name: 'nobody online: the request ends in offline (leave-message) and there is no chat to evaluate',
    run: (target) =>
      withVisitor(target, { reception: 'offline' }, async (_visitor, a) => {
        checkEqual(a.getSnapshot().agentsOnline, false, 'agentsOnline in the welcome')
        await a.requestChat()
        await until(() => statusOf(a).name === 'offline', 'offline')
        checkEqual(statusOf(a), { name: 'offline', mode: 'leave-message' }, 'the offline status')
        let refused: unknown
        await a.evaluate({ score: 3 }).catch((error: unknown) => (refused = error))
        check(refused instanceof KefuError && refused.code === 'conflict', `evaluating without a chat is refused with conflict, got ${String(refused)}`)
      }),
  },
  {
    name: 'a new request after the end starts a new conversation',
    run: (target) =>
      withVisitor(target, { reception: 'agent', evaluateOnEnd: false }, async (visitor, a) => {
        await chatting(a)
        const first = a.getSnapshot().staff!.recordId
        await visitor.agent.end()
        await until(() => statusOf(a).name === 'ended', 'the end')
        await chatting(a)
        check(a.getSnapshot().staff!.recordId !== first, 'the second conversation has its own id')
      }),
  },
  {
    name: 'a dropped connection loses and duplicates nothing: sends are resent once, missed replies resynced',
    run: (target) =>
      withVisitor(target, { reception: 'agent' }, async (visitor, a) => {
        await chatting(a)
        await a.send('before')
        await visitor.dropConnections()
        const sends = [a.send('during 1'), a.send('during 2')]
        await visitor.agent.say('while you were away')
        await Promise.all(sends)
        await until(() => textsOf(a, 'agent').includes('while you were away'), 'the missed reply')
        checkEqual(textsOf(a, 'visitor'), ['before', 'during 1', 'during 2'], 'the visitor’s messages, once each')
        checkEqual(a.getSnapshot().connection, 'online', 'the connection')
        await until(async () => (await visitor.agent.received()).length >= 3, 'the agent to receive all three')
        checkEqual(await visitor.agent.received(), ['before', 'during 1', 'during 2'], 'what the agent received')
      }),
  },
]
