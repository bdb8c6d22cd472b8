import { describe, expect, it } from 'vitest'
import { createChat, memoryStorage, type ChatMessage } from '@kefu/core'
import { createAsyncAction } from '@kefu/core/store'
import { rawTransport, setup, welcome } from './helpers'

const agentMessage = (seq: number): ChatMessage => ({
  id: `m${seq}`,
  seq,
  sender: 'agent',
  createdAt: seq,
  state: 'sent',
  visibility: 'both',
  body: { type: 'text', text: `reply ${seq}` },
})

describe('listeners that call back into the chat client', () => {
  it('markRead() inside an unreadChange handler: the last unreadChange every listener sees agrees with the snapshot', () => {
    const { transport, push } = rawTransport()
    const chat = createChat({ companyId: 'demo', transport, storage: memoryStorage(), autoMarkRead: false })
    const first: string[] = []
    const second: string[] = []
    const changes: number[] = []
    const subscribed: number[] = []
    chat.on('unreadChange', ({ unread, previous }) => {
      first.push(`${previous}→${unread}`)
      if (unread > 0) chat.markRead()
    })
    chat.on('unreadChange', ({ unread, previous }) => second.push(`${previous}→${unread}`))
    chat.on('change', (snapshot) => changes.push(snapshot.unread))
    chat.subscribe(() => subscribed.push(chat.getSnapshot().unread))
    chat.connect()
    push(welcome())
    push({ type: 'message', message: agentMessage(1) })
    push({ type: 'unread', count: 1, readSeq: 0 })

    expect(chat.getSnapshot().unread).toBe(0)
    // Every listener hears 0→1, then 1→0: never the second change before the first.
    expect(first).toEqual(['0→1', '1→0'])
    expect(second).toEqual(['0→1', '1→0'])
    expect(changes.at(-1)).toBe(0)
    expect(subscribed.at(-1)).toBe(0)
  })

  it('a change made from a subscriber reaches every listener after the change that caused it', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' }, { autoMarkRead: false })
    const windows: string[] = []
    // Minimizes the window whenever it opens; other listeners must see open, then minimized.
    chat.subscribe(() => {
      if (chat.getSnapshot().window === 'open') chat.minimize()
    })
    chat.on('windowChange', ({ window, previous }) => windows.push(`${previous}→${window}`))
    chat.connect()
    await agent.settle()
    chat.open()
    expect(windows).toEqual(['closed→open', 'open→minimized'])
    expect(chat.getSnapshot().window).toBe('minimized')
  })

  it('events that are not state (visitorSendMsg) come after the change they are about', async () => {
    const { agent, chat } = setup({ onRequest: 'accept' })
    const order: string[] = []
    const stateOf = () => chat.getSnapshot().messages.at(-1)?.state
    chat.on('message', (message) => order.push(`message ${message.state}`))
    chat.on('change', () => order.push(`change ${stateOf()}`))
    chat.on('visitorSendMsg', () => order.push(`visitorSendMsg ${stateOf()}`))
    chat.connect()
    await agent.settle()
    order.length = 0
    await chat.send('hello')
    expect(order.slice(0, 2)).toEqual(['message pending', 'change pending'])
    expect(order.slice(order.indexOf('change sent'))).toEqual(['change sent', 'visitorSendMsg sent'])
  })

  it('handles one frame as one change', () => {
    const { transport, push } = rawTransport()
    const chat = createChat({ companyId: 'demo', transport, storage: memoryStorage() })
    chat.connect()
    push(welcome({ status: { name: 'ended', reason: 2, needsEvaluation: true } }))
    chat.open()
    chat.close() // stays open: an evaluation is asked for
    expect(chat.getSnapshot().window).toBe('open')
    const snapshots: string[] = []
    chat.subscribe(() => snapshots.push(`${chat.getSnapshot().evaluation.status}/${chat.getSnapshot().window}`))
    // The evaluation (given in another tab) also lets the window close: subscribers hear both at once.
    push({ type: 'evaluation', evaluation: { score: 5, phase: 'ended' } })
    expect(snapshots).toEqual(['submitted/closed'])
  })
})

describe('async actions', () => {
  it('a subscriber that resets on success is not called again until every subscriber heard of the success', async () => {
    const action = createAsyncAction(async (n: number) => n)
    const calls: string[] = []
    let inside = false
    let reentered = false
    action.subscribe(() => {
      // Being called in the middle of its own call is what a listener must never see.
      reentered ||= inside
      inside = true
      calls.push(`first ${action.getSnapshot().status}`)
      if (action.getSnapshot().status === 'success') action.reset()
      inside = false
    })
    action.subscribe(() => calls.push(`second ${action.getSnapshot().status}`))
    await action.run(1)
    await Promise.resolve()
    // The second subscriber's call for the success comes before the first one's call for the reset.
    expect(calls).toEqual(['first pending', 'second pending', 'first success', 'second idle', 'first idle', 'second idle'])
    expect(reentered).toBe(false)
    expect(action.getSnapshot()).toBe(action.getInitialSnapshot())
  })
})
