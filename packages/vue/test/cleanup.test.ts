import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, effectScope, h, nextTick, shallowRef } from 'vue'
import { KefuError, createChat, type ChatClient } from '@kefu/core'
import { createTestAgent } from '@kefu/core/testing'
import {
  createKefu,
  useChat,
  useChatEvent,
  useChatStatus,
  useChatWindow,
  useConnection,
  useEvaluation,
  useMessages,
  useQueuePosition,
  useSendCard,
  useStaff,
  useUnread,
} from '../src'
import { chatOptions, flush, mountWithKefu, probe, setup, trackSubscriptions } from './helpers'

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

/** Every composable once; returns how many subscriptions (`subscribe`, `on`) it opens. */
function useEverything(onMessage: () => void) {
  useUnread()
  useChatStatus()
  useStaff()
  useQueuePosition()
  useMessages()
  useConnection()
  useChatWindow()
  useEvaluation()
  useSendCard()
  useChat()
  useChatEvent('message', onMessage)
  useChatEvent('statusChange', () => {})
}

describe('cleanup', () => {
  it('unsubscribes everything when the app unmounts', async () => {
    const { agent, client } = setup()
    const active = trackSubscriptions(client)
    const onMessage = vi.fn()
    const mounted = mountWithKefu(
      defineComponent({
        setup: () => () => h('div', [h(probe(() => useEverything(onMessage))), h(probe(() => useEverything(onMessage)))]),
      }),
      createKefu({ client }),
    )
    expect(active).toEqual({ subscribe: 16, on: 4 })
    await flush(agent)
    mounted.unmount()
    expect(active).toEqual({ subscribe: 0, on: 0 })

    // The plugin does not end a client it was given: it still works, but no component hears it.
    client.connect()
    agent.say('anyone?')
    await flush(agent)
    expect(client.getSnapshot().messages).toHaveLength(1)
    expect(onMessage).not.toHaveBeenCalled()
  })

  it('unsubscribes a component removed while the app lives on', async () => {
    const { agent, client } = setup()
    const active = trackSubscriptions(client)
    const shown = shallowRef(true)
    const Child = probe(() => useEverything(() => {}))
    const mounted = mountWithKefu(
      defineComponent({ setup: () => () => h('div', shown.value ? [h(Child), h(Child)] : []) }),
      createKefu({ client }),
    )
    cleanup = mounted.unmount
    await flush(agent)
    expect(active).toEqual({ subscribe: 16, on: 4 })
    shown.value = false
    await nextTick()
    expect(active).toEqual({ subscribe: 0, on: 0 })
    shown.value = true
    await nextTick()
    expect(active).toEqual({ subscribe: 16, on: 4 })
  })

  it('cleans up composables in a standalone effect scope on scope.stop()', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    const active = trackSubscriptions(client)
    const app = createApp({ render: () => null }).use(createKefu({ client }))
    const onMessage = vi.fn()
    const scope = effectScope()
    const unread = app.runWithContext(() => scope.run(() => (useEverything(onMessage), useUnread())))!
    expect(active).toEqual({ subscribe: 9, on: 2 })

    client.connect()
    agent.say('one')
    await flush(agent)
    expect(unread.value).toBe(1)
    expect(onMessage).toHaveBeenCalledTimes(1)

    scope.stop()
    expect(active).toEqual({ subscribe: 0, on: 0 })
    agent.say('two')
    await flush(agent)
    expect(client.getSnapshot().unread).toBe(2)
    expect(unread.value).toBe(1)
    expect(onMessage).toHaveBeenCalledTimes(1)
    client.destroy()
  })

  it('an app that created its client destroys it on unmount', async () => {
    const agent = createTestAgent({ onRequest: 'accept' })
    let client!: ChatClient
    const mounted = mountWithKefu(
      probe(() => {
        client = useChat()
      }),
      createKefu(chatOptions(agent)),
    )
    await flush(agent)
    expect(agent.connectionCount).toBe(1)
    expect(client.getSnapshot().connection).toBe('online')

    mounted.unmount()
    expect(agent.connectionCount).toBe(0)
    expect(client.getSnapshot().connection).toBe('offline')
    await expect(client.send('still there?')).rejects.toMatchObject({ code: 'destroyed' })
    await expect(client.send('still there?')).rejects.toBeInstanceOf(KefuError)
    client.connect()
    await flush(agent)
    expect(agent.connectionCount).toBe(0)
  })

  it('destroys its client on unmount on Vue before 3.5 too (no app.onUnmount)', async () => {
    const agent = createTestAgent()
    let client!: ChatClient
    const app = createApp(probe(() => void (client = useChat())))
    Object.assign(app, { onUnmount: undefined })
    app.use(createKefu(chatOptions(agent)))
    app.mount(document.createElement('div'))
    await flush(agent)
    expect(agent.connectionCount).toBe(1)
    app.unmount()
    expect(agent.connectionCount).toBe(0)
    await expect(client.send('hello?')).rejects.toMatchObject({ code: 'destroyed' })
  })

  it('each app installing the same plugin object gets its own client', async () => {
    const agent = createTestAgent()
    const plugin = createKefu(chatOptions(agent))
    const apps = [createApp(probe(() => {})).use(plugin), createApp(probe(() => {})).use(plugin)]
    const [first, second] = apps.map((app) => app.runWithContext(() => useChat()))
    expect(first).toBeDefined()
    expect(first).not.toBe(second)
    await flush(agent)
    expect(agent.connectionCount).toBe(0)
  })

  it('does not connect before the app is mounted', async () => {
    const agent = createTestAgent()
    const client = createChat(chatOptions(agent))
    const app = createApp(probe(() => useUnread())).use(createKefu({ client }))
    await flush(agent)
    expect(agent.connectionCount).toBe(0)
    expect(client.getSnapshot().connection).toBe('idle')
    const container = document.createElement('div')
    app.mount(container)
    await flush(agent)
    expect(agent.connectionCount).toBe(1)
    expect(client.getSnapshot().connection).toBe('online')
    app.unmount()
    client.destroy()
  })
})
