import { afterEach, describe, expect, it, vi } from 'vitest'

const globals = ['window', 'document', 'localStorage', 'navigator', 'location', 'sessionStorage'] as const

describe('importing @kefu/core', () => {
  afterEach(() => {
    for (const name of globals) delete (globalThis as Record<string, unknown>)[name]
    vi.resetModules()
  })

  it('touches no DOM or browser global', async () => {
    const touched: string[] = []
    for (const name of globals) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name)
          return undefined
        },
      })
    }
    vi.resetModules()
    const core = await import('@kefu/core')
    await import('@kefu/core/testing')
    // Creating a client is not connecting: still nothing read.
    core.createChat({ companyId: 'demo', transport: { connect() {}, send() {}, disconnect() {} } })
    expect(touched).toEqual([])
  })

  it('reads the page only on connect, and copes without one', async () => {
    vi.resetModules()
    const { createChat } = await import('@kefu/core')
    const chat = createChat({ companyId: 'demo', transport: { connect() {}, send() {}, disconnect() {} } })
    expect(() => chat.connect()).not.toThrow()
  })
})
