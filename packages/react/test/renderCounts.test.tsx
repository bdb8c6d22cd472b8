import { act, cleanup, render, screen } from '@testing-library/react'
import { useEffect, type ReactElement } from 'react'
import { afterEach, expect, it } from 'vitest'
import type { ChatClient } from '@kefu/core'
import type { TestAgent } from '@kefu/core/testing'
import {
  KefuProvider,
  useChatStatus,
  useChatWindow,
  useConnection,
  useEvaluation,
  useMessages,
  useQueuePosition,
  useStaff,
  useUnread,
} from '../src'
import { describeEachReactMode, setup, type ReactMode } from './utils'

const HOOKS = {
  unread: useUnread,
  status: useChatStatus,
  staff: useStaff,
  queuePosition: useQueuePosition,
  messages: useMessages,
  connection: useConnection,
  window: useChatWindow,
  evaluation: useEvaluation,
} as const

type Slice = keyof typeof HOOKS
const SLICES = Object.keys(HOOKS) as Slice[]

/** Component-function calls per probe, since the test started. */
const calls: Record<Slice, number> = Object.fromEntries(SLICES.map((slice) => [slice, 0])) as Record<Slice, number>

/** One component per hook; each counts its own calls and shows its value. */
const PROBES = {} as Record<Slice, () => ReactElement>
for (const slice of SLICES) {
  const useSlice = HOOKS[slice] as () => unknown
  function Probe() {
    calls[slice]++
    const value = useSlice()
    return <output data-testid={slice}>{JSON.stringify(value)}</output>
  }
  Probe.displayName = `Probe(${slice})`
  PROBES[slice] = Probe
}

function shown(slice: Slice): unknown {
  return JSON.parse(screen.getByTestId(slice).textContent ?? 'null')
}

afterEach(cleanup)

describeEachReactMode('each hook re-renders only when its own slice changes', (mode: ReactMode) => {
  let agent: TestAgent
  let client: ChatClient
  let baseline: Record<Slice, number>

  /** Asserts which probes re-rendered since the last check, and how often (in renders, not calls). */
  function expectRerendered(expected: Partial<Record<Slice, number>>) {
    const rerenders = Object.fromEntries(SLICES.map((slice) => [slice, (calls[slice] - baseline[slice]) / mode.callsPerRender]))
    const want = Object.fromEntries(SLICES.map((slice) => [slice, expected[slice] ?? 0]))
    expect(rerenders).toEqual(want)
    baseline = { ...calls }
  }

  async function step(action: () => void) {
    await act(async () => {
      action()
      await agent.settle()
    })
  }

  async function mount() {
    for (const slice of SLICES) calls[slice] = 0
    ;({ agent, client } = setup())
    render(
      mode.wrap(
        <KefuProvider client={client}>
          {SLICES.map((slice) => {
            const Probe = PROBES[slice]
            return <Probe key={slice} />
          })}
        </KefuProvider>,
      ),
    )
    // Every probe rendered once on mount (twice as many calls under StrictMode).
    for (const slice of SLICES) expect(calls[slice]).toBeGreaterThanOrEqual(mode.callsPerRender)
    await act(() => agent.settle())
    expect(shown('connection')).toBe('online')
    baseline = { ...calls }
  }

  it('re-renders exactly the probes whose slice changed, once per change', async () => {
    await mount()

    // Open: window, status (waiting) and queue position change together.
    await step(() => client.open())
    expect(shown('status')).toMatchObject({ code: 1, label: 'waiting' })
    expect(shown('queuePosition')).toBe(1)
    expectRerendered({ window: 1, status: 1, queuePosition: 1 })

    await step(() => agent.queue(3))
    expect(shown('queuePosition')).toBe(3)
    expectRerendered({ queuePosition: 1 })

    await step(() => client.minimize())
    expect(shown('window')).toBe('minimized')
    expectRerendered({ window: 1 })

    await step(() => agent.accept())
    expect(shown('status')).toMatchObject({ code: 2, label: 'chatting' })
    expect(shown('staff')).toMatchObject({ staffId: 'agent-1' })
    expect(shown('queuePosition')).toBeNull()
    expectRerendered({ status: 1, staff: 1, queuePosition: 1 })

    // The window is minimized, so the message stays unread.
    await step(() => void agent.say('Hi, how can I help?'))
    expect(shown('messages')).toHaveLength(1)
    expect(shown('unread')).toBe(1)
    expectRerendered({ messages: 1, unread: 1 })

    await step(() => agent.setAgentsOnline(false))
    expect(shown('status')).toMatchObject({ agentsOnline: false, code: 2 })
    expectRerendered({ status: 1 })

    // A transfer to another agent: the staff changes, the status stays `chatting`.
    await step(() => agent.accept({ staffId: 'agent-2', staffNickName: 'Bo' }))
    expect(shown('staff')).toMatchObject({ staffId: 'agent-2' })
    expectRerendered({ staff: 1 })

    // The snapshot changes (agentTyping), but no probe's slice does.
    const before = client.getSnapshot()
    await step(() => agent.typing(true))
    expect(client.getSnapshot()).not.toBe(before)
    expect(client.getSnapshot().agentTyping).toBe(true)
    expectRerendered({})

    // Opening the window marks the message read: window and unread change.
    await step(() => client.maximize())
    expect(shown('window')).toBe('open')
    expect(shown('unread')).toBe(0)
    expectRerendered({ window: 1, unread: 1 })

    await step(() => agent.dropConnections())
    expect(shown('connection')).toBe('reconnecting')
    expectRerendered({ connection: 1 })

    // The resync after reconnecting brings equal values: only the connection changes.
    await step(() => agent.restoreConnections())
    expect(shown('connection')).toBe('online')
    expectRerendered({ connection: 1 })

    await step(() => agent.end(2, { evaluate: true }))
    expect(shown('status')).toMatchObject({ code: 4, label: 'end-2-1' })
    expect(shown('evaluation')).toEqual({ status: 'pending', submitted: null })
    expect(shown('staff')).toBeNull()
    expectRerendered({ status: 1, staff: 1, evaluation: 1 })

    // Nothing changes at all: no re-render.
    await step(() => client.maximize())
    expectRerendered({})
  })

  it('useChatStatus does not re-render while only messages, unread and typing change', async () => {
    await mount()
    await step(() => client.open())
    await step(() => agent.accept())
    await step(() => client.minimize())
    baseline = { ...calls }
    const statusView = screen.getByTestId('status').textContent

    for (const text of ['one', 'two', 'three']) {
      const before = client.getSnapshot()
      await step(() => {
        agent.typing(true)
        agent.say(text)
      })
      expect(client.getSnapshot()).not.toBe(before)
      expect(screen.getByTestId('status').textContent).toBe(statusView)
      expectRerendered({ messages: 1, unread: 1 })
    }
    expect(shown('unread')).toBe(3)
    expect(shown('messages')).toHaveLength(3)
  })

  it('shows a change made after render but before the probe subscribed', async () => {
    for (const slice of SLICES) calls[slice] = 0
    ;({ agent, client } = setup())
    const WindowProbe = PROBES.window
    // Sibling effects run in order, so this one runs before the probe subscribes.
    function MinimizeOnMount() {
      useEffect(() => client.minimize(), [])
      return null
    }
    render(
      mode.wrap(
        <KefuProvider client={client}>
          <MinimizeOnMount />
          <WindowProbe />
        </KefuProvider>,
      ),
    )
    await act(() => agent.settle())
    expect(client.getSnapshot().window).toBe('minimized')
    expect(shown('window')).toBe('minimized')
  })
})
