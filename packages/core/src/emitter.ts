type Listener<T> = (payload: T) => void

export interface Emitter<Events extends object> {
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void
  once<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void
  emit<K extends keyof Events>(name: K, payload: Events[K]): void
  clear(): void
}

/** Any number of listeners per event, each with its own unsubscribe. A throwing listener does not stop the others. */
export function createEmitter<Events extends object>(onListenerError: (error: unknown) => void): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>()

  const on = <K extends keyof Events>(name: K, listener: Listener<Events[K]>) => {
    let set = listeners.get(name)
    if (!set) listeners.set(name, (set = new Set()))
    // Wrap so the same function can be added twice and removed independently.
    const entry: Listener<Events[K]> = (payload) => listener(payload)
    set.add(entry as Listener<never>)
    return () => void set.delete(entry as Listener<never>)
  }

  return {
    on,
    once(name, listener) {
      const off = on(name, (payload) => {
        off()
        listener(payload)
      })
      return off
    },
    emit(name, payload) {
      const set = listeners.get(name)
      if (!set) return
      for (const listener of [...set]) {
        try {
          ;(listener as Listener<typeof payload>)(payload)
        } catch (error) {
          onListenerError(error)
        }
      }
    },
    clear: () => listeners.clear(),
  }
}
