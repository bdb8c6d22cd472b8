import { afterEach, describe, expect, it, vi } from 'vitest'
import { isProxy, isReactive, isReadonly, isRef, nextTick } from 'vue'
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
import { flush, mountWithKefu, probe, setup } from './helpers'

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
  vi.restoreAllMocks()
})

function mountSlices() {
  const { agent, client } = setup({ onRequest: 'accept' })
  let slices!: {
    unread: ReturnType<typeof useUnread>
    status: ReturnType<typeof useChatStatus>
    staff: ReturnType<typeof useStaff>
    queue: ReturnType<typeof useQueuePosition>
    messages: ReturnType<typeof useMessages>
    connection: ReturnType<typeof useConnection>
    window: ReturnType<typeof useChatWindow>
    evaluation: ReturnType<typeof useEvaluation>
  }
  const mounted = mountWithKefu(
    probe(() => {
      slices = {
        unread: useUnread(),
        status: useChatStatus(),
        staff: useStaff(),
        queue: useQueuePosition(),
        messages: useMessages(),
        connection: useConnection(),
        window: useChatWindow(),
        evaluation: useEvaluation(),
      }
    }),
    createKefu({ client }),
  )
  cleanup = mounted.unmount
  return { agent, client, slices }
}

describe('readonly refs', () => {
  it('every composable returns a readonly ref', () => {
    const { slices } = mountSlices()
    for (const slice of Object.values(slices)) {
      expect(isRef(slice)).toBe(true)
      expect(isReadonly(slice)).toBe(true)
    }
  })

  it('ignores assignments to .value, with a readonly warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { agent, client, slices } = mountSlices()
    await flush(agent)
    client.open()
    agent.say('hi')
    await flush(agent)

    const writable = slices as unknown as Record<string, { value: unknown }>
    writable.unread!.value = 42
    writable.messages!.value = []
    writable.window!.value = 'closed'
    expect(slices.unread.value).toBe(client.getSnapshot().unread)
    expect(slices.messages.value).toBe(client.getSnapshot().messages)
    expect(slices.messages.value).toHaveLength(1)
    expect(slices.window.value).toBe('open')
    expect(warn).toHaveBeenCalledTimes(3)
    for (const [message] of warn.mock.calls) {
      expect(String(message)).toMatch(/Set operation on key "value" failed: target is readonly/)
    }

    // Still live after the refused writes.
    client.minimize()
    await nextTick()
    expect(slices.window.value).toBe('minimized')
  })

  it('holds the very objects of the snapshot, not deep proxies', async () => {
    const { agent, client, slices } = mountSlices()
    await flush(agent)
    client.open()
    agent.say('hello')
    await flush(agent)

    const snapshot = client.getSnapshot()
    expect(snapshot.messages).toHaveLength(1)
    expect(slices.messages.value).toBe(snapshot.messages)
    expect(slices.messages.value[0]).toBe(snapshot.messages[0])
    expect(slices.staff.value).toBe(snapshot.staff)
    expect(slices.evaluation.value).toBe(snapshot.evaluation)
    expect(slices.status.value.status).toBe(snapshot.status)
    for (const value of [slices.messages.value, slices.messages.value[0], slices.staff.value, slices.evaluation.value]) {
      expect(isProxy(value)).toBe(false)
      expect(isReactive(value)).toBe(false)
    }
  })

  it('useChatSelector returns the selected value as is', async () => {
    const { agent, client } = setup({ onRequest: 'accept' })
    let snapshotRef!: ReturnType<typeof useChatSelector<ReturnType<typeof client.getSnapshot>>>
    const mounted = mountWithKefu(
      probe(() => {
        snapshotRef = useChatSelector((s) => s)
      }),
      createKefu({ client }),
    )
    cleanup = mounted.unmount
    await flush(agent)
    expect(snapshotRef.value).toBe(client.getSnapshot())
    expect(isProxy(snapshotRef.value)).toBe(false)
  })
})
