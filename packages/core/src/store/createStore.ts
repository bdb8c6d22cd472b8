/** What the framework bindings read: a synchronous snapshot and a change subscription (zustand's contract). */
export interface ReadableStore<S> {
  /** The current state; a new object only when something changed. */
  getSnapshot(): S
  /** The state the store started with: what server rendering and hydration read. */
  getInitialSnapshot(): S
  /** Called after each delivered change, never when nothing changed. */
  subscribe(listener: () => void): () => void
}

export interface Store<S> extends ReadableStore<S> {
  /** Replaces the state (the same object is no change); subscribers hear of it when the outermost `batch` ends. */
  set(next: S): void
  /** Runs `fn` with notifications held, then delivers them in order once the outermost `batch` returns. */
  batch<T>(fn: () => T): T
  /** Runs `job` once every change made before it has been delivered: for events that are not state. */
  queue(job: () => void): void
  /** Forgets every subscriber and queued job. */
  clear(): void
}

export interface StoreOptions<S> {
  /** Called for each delivered change after the subscribers, with the states before and after it. */
  readonly onChange?: (next: S, prev: S) => void
  /** A subscriber or a job threw; the rest still run. Default: `console.error`. */
  readonly onError?: (error: unknown) => void
}

/**
 * The one store kefu's clients are built on. Notifications never run in the middle of a change: a
 * subscriber that changes the store again (`markRead()` inside an `unreadChange` handler) has its change
 * delivered after the current one has reached everybody, so the last notification always describes
 * the state `getSnapshot()` returns. Changes made before a delivery starts are delivered as one.
 */
export function createStore<S>(
  initial: S,
  { onChange, onError = (error) => console.error(error) }: StoreOptions<S> = {},
): Store<S> {
  const listeners = new Set<() => void>()
  const pending: (() => void)[] = []
  let state = initial
  let delivered = initial
  let depth = 0

  const run = (fn: () => void) => {
    try {
      fn()
    } catch (error) {
      onError(error)
    }
  }

  /** Tells everybody of the state as it is now, unless they already know it. */
  const deliver = () => {
    const prev = delivered
    const next = (delivered = state)
    if (next !== prev) {
      // A Set's forEach skips a listener removed during the loop.
      listeners.forEach(run)
      if (onChange) run(() => onChange(next, prev))
    }
  }

  const batch = <T>(fn: () => T): T => {
    depth++
    try {
      return fn()
    } finally {
      // The outermost batch runs what is pending. That counts as a batch too, so whatever a listener
      // changes or queues waits its turn; `run` catches every throw, so nothing escapes the loop.
      if (!--depth) {
        depth++
        for (let job; (job = pending.shift()); ) run(job)
        depth--
      }
    }
  }

  const queue = (job: () => void) => batch(() => pending.push(job))

  return {
    getSnapshot: () => state,
    getInitialSnapshot: () => initial,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    set(next) {
      if (next !== state) {
        state = next
        queue(deliver)
      }
    },
    batch,
    queue,
    clear() {
      listeners.clear()
      pending.length = 0
    },
  }
}
