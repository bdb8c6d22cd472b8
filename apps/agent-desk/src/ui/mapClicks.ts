import type { MapMessageClick } from '@kefu/agent/host'

/** The agent clicked a location message: every plugin page hears it as WeChat's `OnMapMsgClick`. */
export interface MapClicks {
  /** A plain function (no `this`), so it can be handed to components as it is. */
  readonly click: (click: MapMessageClick) => void
  /** Returns the unsubscribe. */
  on(listener: (click: MapMessageClick) => void): () => void
}

/** A click is an event, not state: nothing is kept, and a page loaded later does not hear old clicks. */
export function createMapClicks(): MapClicks {
  const listeners = new Set<(click: MapMessageClick) => void>()
  return {
    click: (click) => {
      for (const listener of [...listeners]) listener(click)
    },
    on(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
