import { expect, it } from 'vitest'
import { createChat, memoryStorage, type ChatEventMap } from '@kefu/core'
import { rawTransport, welcome } from './helpers'

type Recorded = { [K in keyof ChatEventMap]: [K, ChatEventMap[K]] }[keyof ChatEventMap]

const SLICE_EVENTS = [
  'connectionChange',
  'statusChange',
  'staffChange',
  'staffStatus',
  'queuePosition',
  'unreadChange',
  'windowChange',
  'evaluation',
  'typing',
] as const

it('each slice event carries exactly the payload ChatEventMap describes', () => {
  const { transport, push } = rawTransport()
  const chat = createChat({ companyId: 'demo', transport, storage: memoryStorage(), autoMarkRead: false })
  const events: Recorded[] = []
  for (const name of SLICE_EVENTS) chat.on(name, (payload) => events.push([name, payload] as Recorded))
  const staff = { staffId: 's1', staffNickName: 'Amy', recordId: 'r1' }
  const record = { score: 5, phase: 'ended' } as const

  chat.connect()
  push(welcome({ status: { name: 'waiting' }, queuePosition: 3, agentsOnline: false }))
  push({ type: 'queue', position: 2 })
  push({ type: 'agents', online: true })
  push({ type: 'status', event: { type: 'assigned', staff } })
  push({ type: 'typing', typing: true })
  push({ type: 'unread', count: 1, readSeq: 0 })
  chat.open()
  push({ type: 'status', event: { type: 'ended', reason: 2, needsEvaluation: true } })
  push({ type: 'evaluation', evaluation: record })

  expect(events).toEqual([
    ['connectionChange', { connection: 'connecting', previous: 'idle' }],
    ['connectionChange', { connection: 'online', previous: 'connecting' }],
    ['statusChange', { status: { name: 'waiting' }, previous: { name: 'idle' } }],
    ['queuePosition', { position: 3 }],
    ['queuePosition', { position: 2 }],
    ['staffStatus', { online: true }],
    ['statusChange', { status: { name: 'chatting' }, previous: { name: 'waiting' } }],
    ['staffChange', { staff }],
    ['typing', { typing: true }],
    ['unreadChange', { unread: 1, previous: 0 }],
    ['windowChange', { window: 'open', previous: 'closed' }],
    ['statusChange', { status: { name: 'ended', reason: 2, needsEvaluation: true }, previous: { name: 'chatting' } }],
    ['staffChange', { staff: null }],
    ['evaluation', { evaluation: { status: 'pending', submitted: null }, submitted: null }],
    ['typing', { typing: false }],
    ['evaluation', { evaluation: { status: 'submitted', submitted: record }, submitted: record }],
  ])
})
