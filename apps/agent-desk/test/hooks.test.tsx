import { act, cleanup, render } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDesk, type DeskSnapshot } from '../src/desk'
import { DeskContext, useDesk } from '../src/ui/useDesk'
import { linkify } from '../src/ui/linkify'
import { FakeSocket, LOGIN_ROUTES, fakeFetch, memorySession, welcome } from './fakes'

async function connectedDesk() {
  const desk = createDesk({ fetch: fakeFetch(LOGIN_ROUTES).fetch, WebSocket: FakeSocket, storage: memorySession(), pingMs: 0 })
  await desk.login('a@b.c', 'right')
  const socket = FakeSocket.last
  socket.open()
  socket.receive(welcome())
  return { desk, socket }
}

beforeEach(() => {
  FakeSocket.instances = []
})
afterEach(() => cleanup())

for (const mode of ['plain', 'StrictMode'] as const) {
  const wrap = (node: ReactNode) => (mode === 'StrictMode' ? <StrictMode>{node}</StrictMode> : node)

  describe(`useDesk (${mode})`, () => {
    it('re-renders only when its own slice changes', async () => {
      const { desk, socket } = await connectedDesk()
      let renders = 0
      const selectPresence = (s: DeskSnapshot) => s.presence
      function Presence() {
        renders++
        return <span data-testid="p">{useDesk(selectPresence)}</span>
      }
      const view = render(wrap(<DeskContext.Provider value={desk}><Presence /></DeskContext.Provider>))
      const base = renders
      act(() => socket.receive({ type: 'typing', conversationId: 'c1', typing: true }))
      act(() => socket.receive({ type: 'queue', queue: [{ conversationId: 'c9', visitorId: 'v9', position: 1, vip: false, groupId: null, agentId: null, queuedAt: 1 }] }))
      expect(renders).toBe(base)
      act(() => socket.receive({ type: 'presence', agentId: 'a1', presence: 'busy' }))
      expect(view.getByTestId('p').textContent).toBe('busy')
      expect(renders).toBeGreaterThan(base)
    })
  })
}

describe('linkify', () => {
  it('links http(s) URLs only, leaving trailing punctuation and other schemes as text', () => {
    render(<p data-testid="t">{linkify('see https://a.example/x?y=1. or javascript:alert(1) ftp://b.example')}</p>)
    const p = document.querySelector('[data-testid="t"]')!
    expect([...p.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://a.example/x?y=1'])
    expect(p.textContent).toBe('see https://a.example/x?y=1. or javascript:alert(1) ftp://b.example')
  })
})
