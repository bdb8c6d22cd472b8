// @vitest-environment jsdom
import { createChat } from '@kefu/core'
import { createTestAgent, createTestVisibility } from '@kefu/core/testing'
import { act, cleanup, fireEvent } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { startChatWindow } from '../src/chatWindow/startChatWindow'

afterEach(() => {
  cleanup()
  document.body.innerHTML = ''
  localStorage.clear()
  sessionStorage.clear()
})

describe('the chat window pages back through older history (issue 11.9)', () => {
  it('scrolled to the top it loads the page before the first message, and a button does the same for keyboards', async () => {
    history.replaceState(null, '', '/chat?companyId=c1')
    // A returning visitor (its token in this origin's storage) with 230 agent messages: the welcome brings 100.
    const agent = createTestAgent({ onRequest: 'accept' })
    const before = createChat({ companyId: 'c1', transport: agent.createTransport(), storage: localStorage, visibility: createTestVisibility(true) })
    before.connect()
    before.open()
    await agent.settle()
    for (let i = 1; i <= 230; i++) agent.say(`第 ${i} 条`)
    await agent.settle()
    before.destroy()

    const root = document.body.appendChild(document.createElement('div'))
    let client!: ReturnType<typeof startChatWindow>
    await act(() => {
      client = startChatWindow({ transport: agent.createTransport(), root })
    })
    // Frames delivered, then the window's effects and renders run.
    const settle = async () => {
      await act(() => agent.settle())
      await act(async () => undefined)
    }
    await settle()
    const list = root.querySelector('.kf-l') as HTMLElement
    const shown = () => [...list.querySelectorAll('li')].filter((li) => li.textContent?.includes('第 ')).length
    expect(shown()).toBe(100)

    list.scrollTop = 0
    fireEvent.scroll(list)
    await settle()
    expect(shown()).toBe(150)

    const button = list.querySelector('li.kf-n button') as HTMLButtonElement
    expect(button.textContent).toBe('查看更早的消息')
    fireEvent.click(button)
    await settle()
    fireEvent.click(list.querySelector('li.kf-n button')!)
    await settle()
    expect(shown()).toBe(230)
    expect(list.querySelector('li.kf-n button')).toBeNull()
    expect(client.getSnapshot().hasEarlier).toBe(false)
    client.destroy()
  })
})
