import { vi } from 'vitest'

// Stands in for Nuxt's `#imports` in component tests: the real composables, and fakes for Nuxt's own.
export * from '@kefu/vue'
export {
  useAgentPlugin,
  useAgentPluginError,
  useAgentPluginStatus,
  useSelectedVisitor,
  usePushCard,
  useVisitorMessages,
} from '@kefu/vue/agent'

/** The store's origin as `useRequestURL()` reports it. */
export const STORE_ORIGIN = 'http://shop.test:3001'
export const useRequestURL = () => new URL(`${STORE_ORIGIN}/products/longjing`)

/** `useKefuWidget()`'s calls, for assertions. */
export const widget = { open: vi.fn(), openTab: vi.fn(), call: vi.fn() }
export const useKefuWidget = () => widget
