import { describe, expect, it, vi } from 'vitest'
import { createStore } from '@kefu/core'

/** A store of numbers whose deliveries (`prev→next`) are recorded, with what subscribers read. */
function recorded(initial = 0) {
  const deliveries: string[] = []
  const store = createStore(initial, { onChange: (next, prev) => deliveries.push(`${prev}→${next}`) })
  return { store, deliveries }
}

describe('createStore', () => {
  it('notifies once per change and never when the same state is set', () => {
    const { store, deliveries } = recorded()
    const listener = vi.fn()
    store.subscribe(listener)
    store.set(1)
    store.set(1)
    store.set(2)
    expect(listener).toHaveBeenCalledTimes(2)
    expect(deliveries).toEqual(['0→1', '1→2'])
    expect(store.getSnapshot()).toBe(2)
    expect(store.getInitialSnapshot()).toBe(0)
  })

  it('delivers a change made by a subscriber after the current one has reached every subscriber', () => {
    const { store, deliveries } = recorded()
    const seen: string[] = []
    // The first subscriber answers 1 with 0 (like markRead() inside an unreadChange handler).
    store.subscribe(() => {
      seen.push(`a:${store.getSnapshot()}`)
      if (store.getSnapshot() === 1) store.set(0)
    })
    store.subscribe(() => seen.push(`b:${store.getSnapshot()}`))
    store.set(1)
    // Nobody was called in the middle of another delivery, and the last delivery is the snapshot.
    expect(deliveries).toEqual(['0→1', '1→0'])
    expect(seen).toEqual(['a:1', 'b:0', 'a:0', 'b:0'])
    expect(store.getSnapshot()).toBe(0)
  })

  it('holds notifications until the outermost batch ends, and delivers consecutive changes as one', () => {
    const { store, deliveries } = recorded()
    const listener = vi.fn()
    store.subscribe(listener)
    const result = store.batch(() => {
      store.set(1)
      store.batch(() => store.set(2))
      expect(listener).not.toHaveBeenCalled()
      store.set(3)
      return 'done'
    })
    expect(result).toBe('done')
    expect(listener).toHaveBeenCalledTimes(1)
    expect(deliveries).toEqual(['0→3'])
  })

  it('delivers nothing for a batch that ends where it started', () => {
    const { store, deliveries } = recorded()
    const listener = vi.fn()
    store.subscribe(listener)
    store.batch(() => {
      store.set(1)
      store.set(0)
    })
    expect(listener).not.toHaveBeenCalled()
    expect(deliveries).toEqual([])
  })

  it('runs a queued job once the changes made before it were delivered', () => {
    const { store, deliveries } = recorded()
    store.batch(() => {
      store.set(1)
      store.queue(() => deliveries.push(`job at ${store.getSnapshot()}`))
      store.set(2)
      store.set(3)
    })
    // The job runs after the changes made before it were delivered (with those made since: one delivery).
    expect(deliveries).toEqual(['0→3', 'job at 3'])
  })

  it('runs a job at once when nothing is being delivered', () => {
    const store = createStore('a')
    const job = vi.fn()
    store.queue(job)
    expect(job).toHaveBeenCalledOnce()
  })

  it('still delivers after a batch that threw', () => {
    const { store, deliveries } = recorded()
    expect(() =>
      store.batch(() => {
        store.set(1)
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(deliveries).toEqual(['0→1'])
    store.set(2)
    expect(deliveries).toEqual(['0→1', '1→2'])
  })

  it('keeps going when a subscriber, the change handler or a job throws, and reports each', () => {
    const errors: unknown[] = []
    const changes: number[] = []
    const store = createStore(0, {
      onChange: (next) => {
        changes.push(next)
        if (next === 2) throw new Error('change')
      },
      onError: (error) => errors.push((error as Error).message),
    })
    const after = vi.fn()
    store.subscribe(() => {
      throw new Error('subscriber')
    })
    store.subscribe(after)
    store.set(1)
    store.queue(() => {
      throw new Error('job')
    })
    store.set(2)
    store.set(3)
    expect(after).toHaveBeenCalledTimes(3)
    expect(changes).toEqual([1, 2, 3])
    expect(errors).toEqual(['subscriber', 'job', 'subscriber', 'change', 'subscriber'])
  })

  it('does not call a subscriber removed during a delivery', () => {
    const store = createStore(0)
    const second = vi.fn()
    let off = () => {}
    store.subscribe(() => off())
    off = store.subscribe(second)
    store.set(1)
    expect(second).not.toHaveBeenCalled()
  })

  it('clear() drops subscribers and queued jobs', () => {
    const store = createStore(0)
    const listener = vi.fn()
    const job = vi.fn()
    store.subscribe(listener)
    store.batch(() => {
      store.set(1)
      store.queue(job)
      store.clear()
    })
    store.set(2)
    expect(listener).not.toHaveBeenCalled()
    expect(job).not.toHaveBeenCalled()
    expect(store.getSnapshot()).toBe(2)
  })
})
