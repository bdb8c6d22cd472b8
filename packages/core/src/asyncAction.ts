export interface AsyncActionState<Result> {
  readonly status: 'idle' | 'pending' | 'success' | 'error'
  readonly result: Result | undefined
  readonly error: unknown
}

/** An action with observable progress: what `useSendCard` shows as idle / sending / sent / error. */
export interface AsyncAction<Args extends unknown[], Result> {
  run(...args: Args): Promise<Result>
  reset(): void
  getSnapshot(): AsyncActionState<Result>
  subscribe(listener: () => void): () => void
}

const IDLE: AsyncActionState<never> = Object.freeze({ status: 'idle', result: undefined, error: undefined })

/** Only the latest call updates the state, so a slow earlier call cannot overwrite a newer result. */
export function createAsyncAction<Args extends unknown[], Result>(
  perform: (...args: Args) => Promise<Result>,
): AsyncAction<Args, Result> {
  let state: AsyncActionState<Result> = IDLE
  let latest = 0
  const listeners = new Set<() => void>()
  const set = (next: AsyncActionState<Result>) => {
    state = next
    for (const listener of [...listeners]) listener()
  }

  return {
    run(...args) {
      const call = ++latest
      set({ status: 'pending', result: undefined, error: undefined })
      let promise: Promise<Result>
      try {
        promise = perform(...args)
      } catch (error) {
        promise = Promise.reject(error)
      }
      promise.then(
        (result) => call === latest && set({ status: 'success', result, error: undefined }),
        (error: unknown) => call === latest && set({ status: 'error', result: undefined, error }),
      )
      return promise
    },
    reset() {
      latest++
      if (state !== IDLE) set(IDLE)
    },
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
