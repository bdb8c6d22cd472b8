import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, type Ref } from 'vue'
import {
  createKefu,
  useChatSelector,
  useChatStatus,
  useChatWindow,
  useConnection,
  useEvaluation,
  useMessages,
  useQueuePosition,
  useStaff,
  useUnread,
} from '../src'
import { flush, mountWithKefu, setup } from './helpers'

const SLICES = {
  unread: useUnread,
  status: useChatStatus,
  staff: useStaff,
  queue: useQueuePosition,
  messages: useMessages,
  connection: useConnection,
  window: useChatWindow,
  evaluation: useEvaluation,
} satisfies Record<string, () => Readonly<Ref<unknown>>>

type SliceName = keyof typeof SLICES
const NAMES = Object.keys(SLICES) as SliceName[]

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

/** Eight components side by side, one per composable, each counting its renders. */
function mountCounters(agentOptions: Parameters<typeof setup>[0] = {}) {
  const { agent, client } = setup(agentOptions)
  const renders = Object.fromEntries(NAMES.map((name) => [name, 0])) as Record<SliceName, number>
  const Counter = (name: SliceName) =>
    defineComponent({
      name: `Counter-${name}`,
      setup() {
        const slice = SLICES[name]()
        return () => {
          renders[name]++
          return h('pre', { 'data-slice': name }, JSON.stringify(slice.value))
        }
      },
    })
  const App = defineComponent({ setup: () => () => h('div', NAMES.map((name) => h(Counter(name)))) })
  const mounted = mountWithKefu(App, createKefu({ client }))
  cleanup = mounted.unmount
  const text = (name: SliceName) => mounted.container.querySelector(`[data-slice="${name}"]`)!.textContent

  let seen = Object.fromEntries(NAMES.map((name) => [name, 0])) as Record<SliceName, number>
  /** Asserts that exactly `changed` re-rendered since the last call, each exactly once. */
  const expectRendered = (...changed: SliceName[]) => {
    const delta = Object.fromEntries(NAMES.map((name) => [name, renders[name] - seen[name]]))
    const expected = Object.fromEntries(NAMES.map((name) => [name, changed.includes(name) ? 1 : 0]))
    expect(delta).toEqual(expected)
    seen = { ...renders }
  }
  /** Starts counting afresh (after a step that changes several slices over several ticks). */
  const resetCounts = () => void (seen = { ...renders })
  return { agent, client, renders, text, expectRendered, resetCounts }
}

describe('render counts', () => {
  it('renders each component once on mount, then only the connection and status as the client connects', async () => {
    const { agent, text, expectRendered } = mountCounters()
    expectRendered(...NAMES)
    // app.mount connected the client: idle -> connecting is one change, to the link only.
    await nextTick()
    expect(text('connection')).toBe('"connecting"')
    expectRendered('connection')
    // The welcome brings the link online and says agents are online (part of the status view).
    await flush(agent)
    expect(text('connection')).toBe('"online"')
    expect(JSON.parse(text('status')!)).toMatchObject({ code: 0, agentsOnline: true })
    expectRendered('connection', 'status')
  })

  it('re-renders only the components whose slice changed, once per change', async () => {
    const { agent, client, text, expectRendered, resetCounts } = mountCounters({ onRequest: 'queue' })
    await flush(agent)
    client.open()
    await flush(agent)
    expect(JSON.parse(text('status')!)).toMatchObject({ code: 1, label: 'waiting' })
    expect(text('queue')).toBe('1')
    expect(text('window')).toBe('"open"')
    resetCounts()

    agent.queue(3)
    await flush(agent)
    expect(text('queue')).toBe('3')
    expectRendered('queue')

    client.minimize()
    await nextTick()
    expect(text('window')).toBe('"minimized"')
    expectRendered('window')

    agent.say('hello')
    await flush(agent)
    expect(JSON.parse(text('messages')!)).toHaveLength(1)
    expect(text('unread')).toBe('1')
    expectRendered('messages', 'unread')

    agent.accept({ staffId: 'a7', staffNickName: 'Amy', recordId: '1_77' })
    await flush(agent)
    expect(JSON.parse(text('status')!)).toMatchObject({ code: 2, label: 'chatting' })
    expect(JSON.parse(text('staff')!)).toMatchObject({ staffId: 'a7' })
    expect(text('queue')).toBe('null')
    expectRendered('status', 'staff', 'queue')

    agent.setAgentsOnline(false)
    await flush(agent)
    expect(JSON.parse(text('status')!)).toMatchObject({ code: 2, agentsOnline: false })
    expectRendered('status')

    agent.end(2, { evaluate: true })
    await flush(agent)
    expect(JSON.parse(text('status')!)).toMatchObject({ code: 4, label: 'end-2-1' })
    expect(JSON.parse(text('evaluation')!)).toMatchObject({ status: 'pending' })
    expect(text('staff')).toBe('null')
    expectRendered('status', 'staff', 'evaluation')

    agent.dropConnections()
    await flush(agent)
    expect(text('connection')).toBe('"reconnecting"')
    expectRendered('connection')

    // The resync after reconnecting changes the link only: nothing else re-renders.
    agent.restoreConnections()
    await flush(agent)
    expect(text('connection')).toBe('"online"')
    expectRendered('connection')
  })

  it('does not re-render when the snapshot changes but no slice does', async () => {
    const { agent, client, text, expectRendered, resetCounts } = mountCounters({ onRequest: 'accept' })
    await flush(agent)
    client.open()
    await flush(agent)
    expect(JSON.parse(text('status')!)).toMatchObject({ code: 2 })
    resetCounts()

    const listener = vi.fn()
    client.subscribe(listener)
    const before = client.getSnapshot()
    agent.typing(true)
    await flush(agent)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(client.getSnapshot()).not.toBe(before)
    expect(client.getSnapshot().agentTyping).toBe(true)
    expectRendered()

    // The same agent assigned again: the core currently commits a new but equal staff object (and
    // the same status); the default shallow comparison keeps the old one, so nothing re-renders.
    const staff = client.getSnapshot().staff
    agent.accept()
    await flush(agent)
    expect(client.getSnapshot().staff).toEqual(staff)
    expectRendered()
  })

  it('useChatSelector compares shallowly by default, and takes a custom comparison', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    let pairRenders = 0
    let customRenders = 0
    const Pair = defineComponent({
      setup() {
        // A new object every time: equal by the default shallow comparison.
        const pair = useChatSelector((s) => ({ unread: s.unread, window: s.window }))
        return () => {
          pairRenders++
          return h('span', `${pair.value.unread}/${pair.value.window}`)
        }
      },
    })
    const Custom = defineComponent({
      setup() {
        // Only the count of messages matters here.
        const count = useChatSelector(
          (s) => s.messages,
          (a, b) => a.length === b.length,
        )
        return () => {
          customRenders++
          return h('span', String(count.value.length))
        }
      },
    })
    const mounted = mountWithKefu(
      defineComponent({ setup: () => () => h('div', [h(Pair), h(Custom)]) }),
      createKefu({ client }),
    )
    cleanup = mounted.unmount
    await flush(agent)
    expect([pairRenders, customRenders]).toEqual([1, 1])

    agent.typing(true)
    await flush(agent)
    expect([pairRenders, customRenders]).toEqual([1, 1])

    client.minimize()
    await nextTick()
    expect(mounted.container.textContent).toBe('0/minimized0')
    expect([pairRenders, customRenders]).toEqual([2, 1])

    agent.say('one')
    await flush(agent)
    expect(mounted.container.textContent).toBe('1/minimized1')
    expect([pairRenders, customRenders]).toEqual([3, 2])
  })
})
