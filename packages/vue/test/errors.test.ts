import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import { createTestAgent } from '@kefu/core/testing'
import {
  createKefu,
  useChat,
  useChatEvent,
  useChatSelector,
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
import { chatOptions, probe } from './helpers'

const COMPOSABLES: Record<string, () => unknown> = {
  useChat,
  useChatStatus,
  useUnread,
  useStaff,
  useQueuePosition,
  useMessages,
  useConnection,
  useChatWindow,
  useEvaluation,
  useSendCard,
  useChatSelector: () => useChatSelector((s) => s.unread),
  useChatEvent: () => useChatEvent('message', () => {}),
}

const WHAT_TO_DO = /app\.use\(createKefu\(/

afterEach(() => {
  vi.restoreAllMocks()
})

describe('without the plugin', () => {
  it.each(Object.entries(COMPOSABLES))('%s in setup() throws an error that says to install createKefu', (_, use) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const errors: unknown[] = []
    const app = createApp(probe(() => void use()))
    app.config.errorHandler = (error) => void errors.push(error)
    app.mount(document.createElement('div'))
    expect(errors).toHaveLength(1)
    expect(String((errors[0] as Error).message)).toMatch(WHAT_TO_DO)
    app.unmount()
  })

  it('the error reaches app.mount when there is no error handler', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const app = createApp(probe(() => void useUnread()))
    expect(() => app.mount(document.createElement('div'))).toThrow(WHAT_TO_DO)
  })

  it.each(Object.entries(COMPOSABLES))('%s outside setup() throws the same error', (_, use) => {
    expect(() => use()).toThrow(WHAT_TO_DO)
    expect(() => use()).toThrow(/inside setup\(\)/)
  })

  it('outside setup() throws even when an app with the plugin exists', () => {
    const agent = createTestAgent()
    createApp(probe(() => {})).use(createKefu(chatOptions(agent)))
    expect(() => useUnread()).toThrow(WHAT_TO_DO)
    // …while the same call inside the app's context works.
    const app = createApp(probe(() => {})).use(createKefu(chatOptions(agent)))
    expect(app.runWithContext(() => useChat().companyId)).toBe('demo')
  })
})
