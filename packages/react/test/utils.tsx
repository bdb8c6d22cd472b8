import { StrictMode, type ReactNode } from 'react'
import { describe } from 'vitest'
import { createChat, memoryStorage, type ChatClient, type ChatOptions } from '@kefu/core'
import { createTestAgent, createTestVisibility, type TestAgent, type TestAgentOptions } from '@kefu/core/testing'

export interface ReactMode {
  readonly name: 'plain' | 'strict'
  readonly strict: boolean
  /**
   * How many times a component function runs for one render: StrictMode calls it twice in development.
   * A render counter incremented in the component body moves by exactly this much per re-render.
   */
  readonly callsPerRender: 1 | 2
  /** Wraps a tree in `<StrictMode>` in strict mode, returns it as is otherwise. */
  readonly wrap: (node: ReactNode) => ReactNode
}

const MODES: readonly ReactMode[] = [
  { name: 'plain', strict: false, callsPerRender: 1, wrap: (node) => node },
  { name: 'strict', strict: true, callsPerRender: 2, wrap: (node) => <StrictMode>{node}</StrictMode> },
]

/** Runs a suite twice, plainly and under `<StrictMode>` (after XState's `describeEachReactMode`). */
export function describeEachReactMode(title: string, suite: (mode: ReactMode) => void): void {
  for (const mode of MODES) {
    describe(`${title} (${mode.name})`, () => suite(mode))
  }
}

/** A page whose visibility a test can flip, so the client never reads `document`. */
/** A page whose visibility a test can flip, so the client never reads `document`. */
export function fakeVisibility(initiallyVisible = true) {
  const source = createTestVisibility(initiallyVisible)
  return { source, set: source.set }
}

/** Options for a client of `agent` that touches neither localStorage nor `document`. */
export function chatOptions(agent: TestAgent, overrides: Partial<ChatOptions> = {}): ChatOptions {
  let ids = 0
  return {
    companyId: 'demo',
    transport: agent.transport,
    storage: memoryStorage(),
    visibility: fakeVisibility().source,
    generateId: () => `c${++ids}`,
    ...overrides,
  }
}

export function setup(
  agentOptions: TestAgentOptions = {},
  overrides: Partial<ChatOptions> = {},
): { agent: TestAgent; client: ChatClient } {
  const agent = createTestAgent(agentOptions)
  const client = createChat(chatOptions(agent, overrides))
  return { agent, client }
}

/**
 * Counts a client's live store subscriptions and event listeners by wrapping `subscribe` and `on`
 * (before anything renders). An unsubscribe counts once however often it is called.
 */
export function trackListeners(client: ChatClient): { readonly subscriptions: number; readonly eventListeners: number } {
  const subscriptions = new Set<object>()
  const eventListeners = new Set<object>()
  const subscribe = client.subscribe
  const on = client.on
  Object.assign(client, {
    subscribe(listener: () => void) {
      const token = {}
      subscriptions.add(token)
      const off = subscribe(listener)
      return () => {
        subscriptions.delete(token)
        off()
      }
    },
    on(name: never, listener: never) {
      const token = {}
      eventListeners.add(token)
      const off = on(name, listener)
      return () => {
        eventListeners.delete(token)
        off()
      }
    },
  })
  return {
    get subscriptions() {
      return subscriptions.size
    },
    get eventListeners() {
      return eventListeners.size
    },
  }
}

export const productCard = { title: 'Trench coat', imageUrl: 'https://shop.example/coat.jpg', content: '¥100.00' }

export const orderCard = { type: 'order', orderCode: 'A1', orderStatus: 1, totalFee: 1000, goods: [] } as const
