import type { Bus } from './Bus'

/** The in-process bus: handlers run synchronously, in subscription order, so frames keep their order. */
export function memoryBus(): Bus {
  const handlers = new Map<string, Set<(frame: object) => void>>()
  return {
    publish(room, frame) {
      const set = handlers.get(room)
      if (set) for (const handler of [...set]) handler(frame)
    },
    subscribe(room, handler) {
      let set = handlers.get(room)
      if (!set) handlers.set(room, (set = new Set()))
      set.add(handler)
      return () => {
        set.delete(handler)
        if (set.size === 0) handlers.delete(room)
      }
    },
    close: async () => handlers.clear(),
  }
}
