import { createApp, defineComponent, h, nextTick, type App, type Component, type Plugin } from 'vue'
import { createChat, memoryStorage, type ChatClient, type ChatOptions, type VisibilitySource } from '@kefu/core'
import { createTestAgent, type TestAgent, type TestAgentOptions } from '@kefu/core/testing'

/** A page that is always visible and never changes, so the client never reads `document`. */
export const visiblePage: VisibilitySource = { isVisible: () => true, subscribe: () => () => {} }

/** Client options that keep the client off `localStorage` and `document`. */
export function chatOptions(agent: TestAgent, overrides: Partial<ChatOptions> = {}): ChatOptions {
  let ids = 0
  return {
    companyId: 'demo',
    transport: agent.transport,
    storage: memoryStorage(),
    visibility: visiblePage,
    generateId: () => `c${++ids}`,
    ...overrides,
  }
}

/** A test agent and a client of our own, for `createKefu({ client })`. */
export function setup(agentOptions: TestAgentOptions = {}, overrides: Partial<ChatOptions> = {}) {
  const agent = createTestAgent(agentOptions)
  const client = createChat(chatOptions(agent, overrides))
  return { agent, client }
}

/** Delivers every frame in flight, then lets Vue flush its render queue. */
export async function flush(agent: TestAgent): Promise<void> {
  await agent.settle()
  await nextTick()
}

/** Mounts `root` in a fresh container with the kefu plugin; returns the app and container. */
export function mountWithKefu(root: Component, plugin: Plugin) {
  const container = document.createElement('div')
  document.body.appendChild(container)
  const app: App = createApp(root).use(plugin)
  app.mount(container)
  return {
    app,
    container,
    unmount() {
      app.unmount()
      container.remove()
    },
  }
}

/**
 * Wraps `client.subscribe` and `client.on` (in place) to count the subscriptions still active.
 * Returns live counters.
 */
export function trackSubscriptions(client: ChatClient) {
  const counts = { subscribe: 0, on: 0 }
  const subscribe = client.subscribe.bind(client)
  const on = client.on.bind(client)
  const track = (kind: 'subscribe' | 'on', off: () => void) => {
    counts[kind]++
    let active = true
    return () => {
      if (active) counts[kind]--
      active = false
      off()
    }
  }
  Object.assign(client, {
    subscribe: (listener: () => void) => track('subscribe', subscribe(listener)),
    on: (name: never, listener: never) => track('on', on(name, listener)),
  })
  return counts
}

/** A component that renders nothing but runs `setup` (for composables under test). */
export function probe(setupFn: () => void): Component {
  return defineComponent({
    setup() {
      setupFn()
      return () => h('div')
    },
  })
}
