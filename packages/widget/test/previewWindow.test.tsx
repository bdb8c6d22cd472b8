// @vitest-environment jsdom
import type { ChatMessage, ServerFrame } from '@kefu/core'
import { act, screen, waitFor } from '@testing-library/preact'
import { render } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startPreviewWindow, type PreviewMessage } from '../src/chatWindow/previewWindow'

// The window in the admin console's preview: fed by the console page, never connected to a server.

afterEach(() => {
  render(null, document.body)
  document.body.innerHTML = ''
  localStorage.clear()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const bot = (text: string): ChatMessage => ({ id: `preview-${text}`, seq: 1, sender: 'bot', senderName: '小助手', body: { type: 'text', text }, createdAt: 1, state: 'sent', visibility: 'both' })

function welcome(patch: Partial<Extract<ServerFrame, { type: 'welcome' }>> = {}): PreviewMessage['welcome'] {
  return { type: 'welcome', v: 1, visitorId: 'preview', visitorToken: '', status: { name: 'bot' }, queuePosition: null, staff: null, agentsOnline: true, unread: 0, readSeq: 1, messages: [], evaluation: null, ...patch }
}

/** Posts as the console would: from the parent window (in jsdom, the window itself) and an origin. */
const post = (data: unknown, origin = location.origin) => act(() => void dispatchEvent(new MessageEvent('message', { data, origin, source: window })))

function start(query: string) {
  history.replaceState(null, '', `/chat?${query}#preview`)
  // In jsdom the window is its own parent.
  const ready = vi.spyOn(window, 'postMessage')
  const sockets = vi.fn()
  vi.stubGlobal('WebSocket', sockets)
  startPreviewWindow()
  return { ready, sockets }
}

describe('the preview window', () => {
  it('says it is ready to its page, then shows the welcome it is posted, in its colour, and another replaces it', async () => {
    const { ready, sockets } = start('companyId=c1&locale=en')
    await waitFor(() => expect(ready).toHaveBeenCalledWith({ type: 'kefu.preview.ready' }, location.origin))
    await post({ type: 'kefu.preview', welcome: welcome({ messages: [bot('Hi from the draft')], themeColor: '#0a7b5f' }) })
    expect(screen.getByText('Hi from the draft')).toBeTruthy()
    expect(document.querySelector<HTMLElement>('main.kf')!.getAttribute('style')).toContain('#0a7b5f')
    expect(document.documentElement.lang).toBe('en')

    // The admin types on: the next welcome is the whole window, not added to the last.
    await post({ type: 'kefu.preview', welcome: welcome({ messages: [bot('Hello again')], themeColor: '#aa3300' }) })
    expect(screen.queryByText('Hi from the draft')).toBeNull()
    expect(screen.getByText('Hello again')).toBeTruthy()
    expect(document.querySelector<HTMLElement>('main.kf')!.getAttribute('style')).toContain('#aa3300')
    // Nothing reached a server, and no visitor was kept.
    expect(sockets).not.toHaveBeenCalled()
    expect(localStorage.length).toBe(0)
  })

  it('nobody online: the offline status the welcome carries, in the locale of its address', async () => {
    start('companyId=c1&locale=zh-TW')
    await post({ type: 'kefu.preview', welcome: welcome({ status: { name: 'offline', mode: 'disabled' }, agentsOnline: false }) })
    expect((document.querySelector('#kf-input') as HTMLTextAreaElement).disabled).toBe(true)
    expect(document.documentElement.lang).toBe('zh-TW')
  })

  it('takes no focus from the console page: its text box is focused only once the preview has focus', async () => {
    const hasFocus = vi.spyOn(document, 'hasFocus').mockReturnValue(false)
    start('companyId=c1&locale=zh-CN')
    await post({ type: 'kefu.preview', welcome: welcome({ messages: [bot('hi')] }) })
    const input = document.querySelector<HTMLTextAreaElement>('#kf-input')!
    expect(document.activeElement).not.toBe(input)
    hasFocus.mockReturnValue(true)
    input.focus()
    expect(document.activeElement).toBe(input)
  })

  it("ignores another origin's messages and anything that is not a preview", async () => {
    start('companyId=c1&locale=zh-CN')
    await post({ type: 'kefu.preview', welcome: welcome({ messages: [bot('from elsewhere')] }) }, 'https://evil.example')
    await post({ type: 'something else', welcome: welcome({ messages: [bot('not a preview')] }) })
    await post('kefu.preview')
    expect(document.querySelector('main.kf')).toBeNull()
  })
})
