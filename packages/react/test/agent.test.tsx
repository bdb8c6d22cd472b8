import { act, cleanup, render, renderHook, screen } from '@testing-library/react'
import { renderToString } from 'react-dom/server'
import type { ReactNode } from 'react'
import { afterEach, expect, it, vi } from 'vitest'
import { createTestWorkbench, testSelectedVisitor, type TestWorkbenchOptions } from '@kefu/agent/testing'
import { createAgentPlugin, PluginArgumentError, PluginError, type AgentPlugin, type ReceivedMessage } from '@kefu/agent'
import {
  AgentPluginProvider,
  useAgentPluginError,
  useAgentPluginStatus,
  usePushCard,
  useSelectedVisitor,
  useVisitorMessages,
  type PushCardState,
} from '../src/agent'
import { describeEachReactMode, type ReactMode } from './utils'

afterEach(cleanup)

const SIGNED = { timestamp: 1_790_000_000, nonce: 'n0nce-0001', signature: 'ab'.repeat(32) }

function received(visitorId: string, content: string): ReceivedMessage {
  return {
    visitorId,
    msgType: 1,
    content,
    message: { id: `m-${content}`, seq: 1, sender: 'visitor', createdAt: 0, state: 'sent', visibility: 'both', body: { type: 'text', text: content } },
  }
}

describeEachReactMode('@kefu/react/agent', (mode: ReactMode) => {
  function setup(options: TestWorkbenchOptions = {}) {
    const workbench = createTestWorkbench(options)
    const plugin = createAgentPlugin({ window: workbench.window })
    const wrapper = ({ children }: { children: ReactNode }) =>
      mode.wrap(
        <AgentPluginProvider plugin={plugin} config={SIGNED}>
          {children}
        </AgentPluginProvider>,
      )
    return { workbench, plugin, wrapper }
  }

  it('sends the signature once after mounting and reports ready', async () => {
    const verified: unknown[] = []
    const { workbench, wrapper } = setup({ verify: (signature) => (verified.push(signature), null) })
    const { result } = renderHook(() => useAgentPluginStatus(), { wrapper })
    expect(result.current).toBe('verifying')
    await act(() => workbench.settle())
    expect(result.current).toBe('ready')
    expect(verified).toEqual([{ ...SIGNED, pageUrl: 'https://plugin.test/page' }])
  })

  it('shows why a refused signature was refused', async () => {
    const { workbench, wrapper } = setup({ verify: () => 'nonce_replayed' })
    const { result } = renderHook(() => ({ status: useAgentPluginStatus(), error: useAgentPluginError() }), { wrapper })
    await act(() => workbench.settle())
    expect(result.current.status).toBe('error')
    expect(result.current.error).toBeInstanceOf(PluginError)
    expect(result.current.error?.reason).toBe('nonce_replayed')
  })

  it('useSelectedVisitor follows the agent, and useVisitorMessages starts over for each visitor', async () => {
    const { workbench, wrapper } = setup()
    const { result } = renderHook(() => ({ selected: useSelectedVisitor(), messages: useVisitorMessages() }), { wrapper })
    await act(() => workbench.settle())
    expect(result.current.selected).toBeNull()
    act(() => workbench.select(testSelectedVisitor('v_1')))
    await act(() => workbench.settle())
    expect(result.current.selected?.visitorData.visitorId).toBe('v_1')
    act(() => workbench.receive(received('v_1', '这件有L码吗')))
    await act(() => workbench.settle())
    expect(result.current.messages.map((m) => m.content)).toEqual(['这件有L码吗'])
    act(() => workbench.select(testSelectedVisitor('v_2')))
    await act(() => workbench.settle())
    expect(result.current.selected?.visitorData.visitorId).toBe('v_2')
    expect(result.current.messages).toEqual([])
  })

  it('re-renders a component only when its own slice changes', async () => {
    const { workbench, wrapper } = setup()
    let renders = 0
    const Selected = () => {
      renders++
      return <p>{useSelectedVisitor()?.visitorData.visitorId ?? 'none'}</p>
    }
    render(<Selected />, { wrapper })
    await act(() => workbench.settle())
    act(() => workbench.select(testSelectedVisitor('v_1')))
    await act(() => workbench.settle())
    expect(screen.getByText('v_1')).toBeTruthy()
    const before = renders
    act(() => workbench.receive(received('v_1', 'hello')))
    await act(() => workbench.settle())
    expect(renders).toBe(before)
  })

  it('usePushCard goes idle → pushing → pushed, and the workbench gets the product card', async () => {
    const { workbench, wrapper } = setup()
    const states: PushCardState[] = []
    const { result } = renderHook(
      () => {
        const push = usePushCard()
        if (states.at(-1) !== push.state) states.push(push.state)
        return push
      },
      { wrapper },
    )
    await act(() => workbench.settle())
    act(() => workbench.select(testSelectedVisitor('v_1')))
    let done!: Promise<void>
    act(() => {
      done = result.current.push({ title: '复古毛衣', imageUrl: 'https://shop.test/0.jpg', url: "apiUrl(263,'reload')" })
    })
    expect(result.current.state).toBe('pushing')
    await act(() => workbench.settle())
    await done
    expect(states).toEqual(['idle', 'pushing', 'pushed'])
    expect(workbench.calls).toEqual([
      { method: 'pushVisitorEvent', args: { card: expect.objectContaining({ title: '复古毛衣', imageUrl: 'https://shop.test/0.jpg', urlForStaff: "apiUrl(263,'reload')" }) } },
    ])
  })

  it('usePushCard reports a bad card as an error without calling the workbench', async () => {
    const { workbench, wrapper } = setup()
    const { result } = renderHook(() => usePushCard(), { wrapper })
    await act(() => workbench.settle())
    let outcome!: Promise<unknown>
    act(() => {
      outcome = result.current.push({ title: '' }).catch((error: unknown) => error)
    })
    expect(await outcome).toBeInstanceOf(PluginArgumentError)
    await act(() => workbench.settle())
    expect(result.current.state).toBe('error')
    expect(workbench.calls).toEqual([])
  })
})

it('throws a helpful error outside <AgentPluginProvider>', () => {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  expect(() => renderHook(() => useSelectedVisitor())).toThrow(/AgentPluginProvider/)
  vi.restoreAllMocks()
})

it('renders on the server without posting anything', () => {
  const posted = vi.fn()
  const plugin: AgentPlugin = createAgentPlugin({ window: { parent: { postMessage: posted } } as unknown as Window })
  const html = renderToString(
    <AgentPluginProvider plugin={plugin} config={SIGNED}>
      <Status />
    </AgentPluginProvider>,
  )
  expect(html).toContain('unconfigured')
  expect(posted).not.toHaveBeenCalled()
})

function Status() {
  return <p>{useAgentPluginStatus()}</p>
}
