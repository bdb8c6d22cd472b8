import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, defineComponent, effectScope, h, nextTick } from 'vue'
import { renderToString } from 'vue/server-renderer'
import type { ChatClient } from '@kefu/core'
import { createTestAgent } from '@kefu/core/testing'
import { createKefu, useChat, useChatEvent, useChatStatus, useConnection, useMessages, useUnread } from '../src'
import { chatOptions, flush, probe, setup, trackSubscriptions } from './helpers'

/** The app both sides render: the server to a string, the browser to hydrate it. */
function makeApp(clients: ChatClient[] = []) {
  return defineComponent({
    setup() {
      clients.push(useChat())
      const unread = useUnread()
      const status = useChatStatus()
      const messages = useMessages()
      const connection = useConnection()
      return () =>
        h('div', { class: 'chat' }, [
          h('span', { class: 'unread' }, String(unread.value)),
          h('span', { class: 'status' }, `${status.value.code}:${status.value.label ?? '-'}`),
          h('span', { class: 'connection', 'data-connection': connection.value }, connection.value),
          h(
            'ul',
            messages.value.map((m) => h('li', { key: m.id }, m.body.type === 'text' ? m.body.text : m.body.type)),
          ),
        ])
    },
  })
}

const hydrationMessages = (spy: { mock: { calls: unknown[][] } }): string[] =>
  spy.mock.calls.map((args) => args.map(String).join(' ')).filter((text) => /hydrat/i.test(text))

afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

describe('server rendering', () => {
  it('renders the initial state and opens no connection', async () => {
    const agent = createTestAgent({ onRequest: 'accept' })
    const clients: ChatClient[] = []
    const app = createSSRApp(makeApp(clients)).use(createKefu(chatOptions(agent)))
    const html = await renderToString(app)
    expect(html).toContain('<span class="unread">0</span>')
    expect(html).toContain('<span class="status">0:-</span>')
    expect(html).toContain('data-connection="idle"')
    expect(html).toContain('<ul></ul>')
    await flush(agent)
    expect(agent.connectionCount).toBe(0)
    expect(agent.received).toEqual([])
    expect(clients).toHaveLength(1)
    expect(clients[0]!.getSnapshot().connection).toBe('idle')
  })

  it('gives every request (app) its own client, even from one plugin object', async () => {
    const agent = createTestAgent()
    const plugin = createKefu(chatOptions(agent))
    const clients: ChatClient[] = []
    const [a, b] = await Promise.all([
      renderToString(createSSRApp(makeApp(clients)).use(plugin)),
      renderToString(createSSRApp(makeApp(clients)).use(createKefu(chatOptions(agent)))),
    ])
    const c = await renderToString(createSSRApp(makeApp(clients)).use(plugin))
    expect(clients).toHaveLength(3)
    expect(new Set(clients).size).toBe(3)
    expect(a).toBe(b)
    expect(c).toBe(a)
    // State from one request never leaks into the next.
    clients[0]!.open()
    expect(clients[0]!.getSnapshot().window).toBe('open')
    expect(clients[2]!.getSnapshot().window).toBe('closed')
    await flush(agent)
    expect(agent.connectionCount).toBe(0)
  })

  it('subscribes to nothing on the server, so a long-lived client given to every request gathers no listeners', async () => {
    const { agent, client } = setup()
    const active = trackSubscriptions(client)
    const warn = vi.spyOn(console, 'warn')
    const Listening = probe(() => useChatEvent('message', () => {}))
    const App = defineComponent({ setup: () => () => h('div', [h(makeApp()), h(Listening)]) })
    for (let i = 0; i < 3; i++) {
      const html = await renderToString(createSSRApp(App).use(createKefu({ client })))
      expect(html).toContain('<span class="unread">0</span>')
    }
    expect(active).toEqual({ subscribe: 0, on: 0 })
    expect(warn).not.toHaveBeenCalled()
    await flush(agent)
    expect(agent.connectionCount).toBe(0)
    // The same client in a browser app does subscribe.
    const app = createSSRApp(App).use(createKefu({ client }))
    const scope = effectScope()
    app.runWithContext(() => scope.run(() => useUnread()))
    expect(active.subscribe).toBe(1)
    scope.stop()
    expect(active.subscribe).toBe(0)
  })

  it('hydrates the server HTML without a mismatch, then connects and goes live', async () => {
    const agent = createTestAgent({ onRequest: 'accept' })
    const html = await renderToString(createSSRApp(makeApp()).use(createKefu(chatOptions(agent))))
    await flush(agent)
    expect(agent.connectionCount).toBe(0)

    const container = document.createElement('div')
    container.innerHTML = html
    document.body.appendChild(container)
    const serverSpan = container.querySelector('.unread')
    const warn = vi.spyOn(console, 'warn')
    const error = vi.spyOn(console, 'error')

    const clients: ChatClient[] = []
    const app = createSSRApp(makeApp(clients)).use(createKefu(chatOptions(agent)))
    app.mount(container)
    expect(hydrationMessages(warn)).toEqual([])
    expect(hydrationMessages(error)).toEqual([])
    expect(warn).not.toHaveBeenCalled()
    expect(error).not.toHaveBeenCalled()
    // Hydration adopted the server's nodes instead of re-creating them.
    expect(container.querySelector('.unread')).toBe(serverSpan)

    await flush(agent)
    expect(agent.connectionCount).toBe(1)
    expect(container.querySelector('.connection')!.textContent).toBe('online')

    await clients[0]!.requestChat()
    agent.say('Hello from the agent')
    await flush(agent)
    expect(container.querySelector('.unread')!.textContent).toBe('1')
    expect(container.querySelector('.status')!.textContent).toBe('2:chatting')
    expect([...container.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Hello from the agent'])
    expect(container.querySelector('.unread')).toBe(serverSpan)

    app.unmount()
    expect(agent.connectionCount).toBe(0)
  })

  it('(control) the hydration spies do catch a real mismatch', async () => {
    const agent = createTestAgent()
    const html = await renderToString(createSSRApp(makeApp()).use(createKefu(chatOptions(agent))))
    const container = document.createElement('div')
    container.innerHTML = html.replace('<span class="unread">0</span>', '<span class="unread">7</span>')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const app = createSSRApp(makeApp()).use(createKefu(chatOptions(agent)))
    app.mount(container)
    await nextTick()
    expect([...hydrationMessages(warn), ...hydrationMessages(error)].length).toBeGreaterThan(0)
    app.unmount()
  })
})
