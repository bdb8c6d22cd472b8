import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createChat, memoryStorage } from '@kefu/core'
import { createTestAgent } from '@kefu/core/testing'
import { createKefu, useLoadEarlier, useMessages, type LoadEarlier } from '../src'
import { chatOptions, flush, mountWithKefu } from './helpers'

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

describe('useLoadEarlier', () => {
  it('loads the page before the first message shown: loading → loaded, and hasEarlier follows the server', async () => {
    // A returning visitor with 130 agent messages: the welcome brings the newest 100.
    const agent = createTestAgent({ onRequest: 'accept' })
    const storage = memoryStorage()
    const first = createChat(chatOptions(agent, { storage }))
    first.connect()
    first.open()
    await agent.settle()
    for (let i = 1; i <= 130; i++) agent.say(`第 ${i} 条`)
    await agent.settle()
    first.destroy()
    // Its own client ids: the server answers a repeated id with its first answer.
    let ids = 0
    const client = createChat(chatOptions(agent, { storage, generateId: () => `second-${++ids}` }))
    let earlier!: LoadEarlier
    const mounted = mountWithKefu(
      defineComponent({
        setup() {
          earlier = useLoadEarlier()
          const messages = useMessages()
          return () => h('output', `${messages.value.filter((m) => m.sender === 'agent').length} ${earlier.state.value} ${earlier.hasEarlier.value}`)
        },
      }),
      createKefu({ client }),
    )
    cleanup = () => {
      mounted.unmount()
      client.destroy()
    }
    client.connect()
    await flush(agent)
    expect(mounted.container.textContent).toBe('100 idle true')
    const loading = earlier.load()
    await Promise.resolve()
    expect(earlier.state.value).toBe('loading')
    await flush(agent)
    expect(await loading).toBe(30)
    await flush(agent)
    expect(mounted.container.textContent).toBe('130 loaded false')
  })
})
