import { createStore, type ReadableStore } from './createStore'

export interface AsyncActionState<Result> {
  readonly status: 'idle' | 'pending' | 'success' | 'error'
  readonly result: Result | undefined
  readonly error: unknown
}

/** An action with observable progress: what `useSendCard` shows as idle / sending / sent / error. */
export interface AsyncAction<Args extends unknown[], Result> extends ReadableStore<AsyncActionState<Result>> {
  run(...args: Args): Promise<Result>
  reset(): void
}

const IDLE: AsyncActionState<never> = /* @__PURE__ */ Object.freeze({ status: 'idle', result: undefined, error: undefined })

/** Only the latest call updates the state, so a slow earlier call cannot overwrite a newer result. */
export function createAsyncAction<Args extends unknown[], Result>(
  perform: (...args: Args) => Promise<Result>,
): AsyncAction<Args, Result> {
  const store = createStore<AsyncActionState<Result>>(IDLE)
  let latest = 0

  return {
    run(...args) {
      const call = ++latest
      const settle = (status: AsyncActionState<Result>['status'], result?: Result, error?: unknown) =>
        call === latest && store.set({ status, result, error })
      settle('pending')
      // `perform` starts now; a synchronous throw becomes a rejection like any other failure.
      const promise = (async () => perform(...args))()
      promise.then(
        (result) => settle('success', result),
        (error: unknown) => settle('error', undefined, error),
      )
      return promise
    },
    reset() {
      latest++
      store.set(IDLE)
    },
    getSnapshot: store.getSnapshot,
    getInitialSnapshot: store.getInitialSnapshot,
    subscribe: store.subscribe,
  }
}
