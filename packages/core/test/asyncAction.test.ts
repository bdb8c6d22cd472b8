import { describe, expect, it, vi } from 'vitest'
import { createAsyncAction } from '@kefu/core/store'

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('createAsyncAction', () => {
  it('goes idle → pending → success and notifies each step', async () => {
    const d = deferred<string>()
    const action = createAsyncAction(() => d.promise)
    const listener = vi.fn()
    action.subscribe(listener)
    expect(action.getSnapshot().status).toBe('idle')
    const run = action.run()
    expect(action.getSnapshot().status).toBe('pending')
    d.resolve('done')
    await run
    expect(action.getSnapshot()).toEqual({ status: 'success', result: 'done', error: undefined })
    expect(listener).toHaveBeenCalledTimes(2)
  })

  it('records a rejection and a synchronous throw as error', async () => {
    const action = createAsyncAction((fail: boolean) => {
      if (fail) throw new Error('sync')
      return Promise.reject(new Error('async'))
    })
    await expect(action.run(true)).rejects.toThrow('sync')
    await Promise.resolve()
    expect(action.getSnapshot()).toMatchObject({ status: 'error', error: new Error('sync') })
    await expect(action.run(false)).rejects.toThrow('async')
    await Promise.resolve()
    expect(action.getSnapshot()).toMatchObject({ status: 'error', error: new Error('async') })
  })

  it('lets only the latest call update the state', async () => {
    const slow = deferred<string>()
    const fast = deferred<string>()
    const calls = [slow, fast]
    const action = createAsyncAction(() => calls.shift()!.promise)
    const first = action.run()
    const second = action.run()
    fast.resolve('fast')
    await second
    slow.resolve('slow')
    await first
    expect(action.getSnapshot().result).toBe('fast')
  })

  it('reset() returns to idle and ignores the call in flight', async () => {
    const d = deferred<number>()
    const action = createAsyncAction(() => d.promise)
    const run = action.run()
    action.reset()
    d.resolve(1)
    await run
    expect(action.getSnapshot().status).toBe('idle')
  })
})
