import { describe, expect, it, vi } from 'vitest'

// Any import of a framework from the core would hit these and fail the test.
vi.mock('react', () => {
  throw new Error('@kefu/core imported react')
})
vi.mock('react-dom', () => {
  throw new Error('@kefu/core imported react-dom')
})
vi.mock('vue', () => {
  throw new Error('@kefu/core imported vue')
})

describe('@kefu/core without React or Vue', () => {
  it('imports and runs a whole chat with the frameworks mocked away', async () => {
    const { createChat, memoryStorage } = await import('@kefu/core')
    const { createTestAgent } = await import('@kefu/core/testing')
    const agent = createTestAgent({ onRequest: 'accept' })
    const chat = createChat({ companyId: 'demo', transport: agent.transport, storage: memoryStorage() })
    chat.connect()
    await chat.send('hello')
    agent.say('hi there')
    await agent.settle()
    expect(chat.getSnapshot().unread).toBe(1)
    expect(chat.getSnapshot().status.name).toBe('chatting')
  })

  it('has no framework in its source imports', async () => {
    const { readFileSync, readdirSync } = await import('node:fs')
    const { join } = await import('node:path')
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      )
    const offenders = walk(join(__dirname, '..', 'src')).filter((file) =>
      /from ['"](react|react-dom|vue|@vue\/[^'"]+)['"]/.test(readFileSync(file, 'utf8')),
    )
    expect(offenders).toEqual([])
  })
})
