import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, shallowRef } from 'vue'
import type { ChatMessage } from '@kefu/core'
import { createKefu, useChatEvent } from '../src'
import { flush, mountWithKefu, probe, setup } from './helpers'

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

const text = (m: ChatMessage) => (m.body.type === 'text' ? m.body.text : m.body.type)

describe('useChatEvent', () => {
  it('receives agent messages while mounted and stops after unmount', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    const received: string[] = []
    const shown = shallowRef(true)
    const Listener = probe(() => useChatEvent('message', (m) => void received.push(`${m.sender}:${text(m)}`)))
    const mounted = mountWithKefu(
      defineComponent({ setup: () => () => h('div', shown.value ? [h(Listener)] : []) }),
      createKefu({ client }),
    )
    cleanup = mounted.unmount
    await flush(agent)
    agent.accept()
    agent.say('Hi!')
    agent.say('How can I help?')
    await flush(agent)
    expect(received).toEqual(['agent:Hi!', 'agent:How can I help?'])

    shown.value = false
    await nextTick()
    agent.say('Still there?')
    await flush(agent)
    expect(received).toEqual(['agent:Hi!', 'agent:How can I help?'])
    // The client is alive and got the message: only the listener is gone.
    expect(client.getSnapshot().messages.map(text)).toEqual(['Hi!', 'How can I help?', 'Still there?'])
  })

  it('gives typed payloads for other events', async () => {
    const { agent, client } = setup({ onRequest: 'queue' })
    const statusChange = vi.fn()
    const unreadChange = vi.fn()
    const mounted = mountWithKefu(
      probe(() => {
        useChatEvent('statusChange', ({ status, previous }) => statusChange(`${previous.name}->${status.name}`))
        useChatEvent('unreadChange', ({ unread }) => unreadChange(unread))
      }),
      createKefu({ client }),
    )
    cleanup = mounted.unmount
    await flush(agent)
    await client.requestChat()
    agent.accept()
    agent.say('hello')
    await flush(agent)
    expect(statusChange.mock.calls).toEqual([['idle->waiting'], ['waiting->chatting']])
    expect(unreadChange.mock.calls).toEqual([[1]])
  })
})
