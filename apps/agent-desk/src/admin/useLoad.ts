import { useCallback, useEffect, useState } from 'react'

export interface Loaded<T> {
  readonly data: T | undefined
  readonly error: unknown
  readonly loading: boolean
  /** Loads again (after a change); the old data stays shown meanwhile. */
  reload(): void
  /** Replaces the data with what a save returned, without a round trip. */
  set(data: T): void
}

/** Loads once when mounted and on `reload()`; an answer that arrives after unmounting is dropped. */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true })
  const [serial, setSerial] = useState(0)
  useEffect(() => {
    let live = true
    setState((s) => ({ ...s, loading: true }))
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error, loading: false })),
    )
    return () => {
      live = false
    }
    // `load` is a fresh closure each render: only `serial` asks for a new load.
  }, [serial])
  const reload = useCallback(() => setSerial((n) => n + 1), [])
  const set = useCallback((data: T) => setState({ data, error: null, loading: false }), [])
  return { ...state, reload, set }
}
