import type { ChatClient } from '@kefu/core'
import { ECHAT_SOURCE_EVENTS, echatEventsFor, type EchatEvent, type EchatPageContext } from '../compat'
import { safeCall } from './safeCall'

/** What `_echat('on', handlers)` registers. */
export interface EchatHandlers {
  readonly ready?: () => void
  readonly newMsg?: (unread: number) => void
  readonly newEvent?: (event: EchatEvent) => void
}


export interface EchatListeners {
  add(handlers: EchatHandlers): void
  /** Sends events the client cannot know about (a button click) to every `newEvent`. */
  emit(events: readonly EchatEvent[]): void
  destroy(): void
}

/**
 * Echat's page events: any number of `_echat('on', …)` handler sets; `ready` once each (at once when
 * registered after the server welcomed the visitor), `newMsg(unread)` on every unread change,
 * `newEvent(payload)` for every payload `echatEventsFor` gives, in order. `page` is read when an event
 * is sent, so its fields may be getters that fill in later.
 */
export function createEchatListeners(client: ChatClient, page: EchatPageContext): EchatListeners {
  const all: EchatHandlers[] = []
  const emit = (events: readonly EchatEvent[]) => {
    for (const event of events) for (const handlers of all) safeCall('newEvent', handlers.newEvent, event)
  }
  // Window changes before the first welcome wait for it: `echatPageStatus` carries the company name,
  // which only the welcome tells (a first visit with autoExpand opens the window at once).
  const beforeWelcome: (() => void)[] = []
  const offs = [
    client.on('ready', () => {
      all.forEach((handlers) => safeCall('ready', handlers.ready))
      beforeWelcome.splice(0).forEach((flush) => flush())
    }),
    client.on('unreadChange', ({ unread }) => all.forEach((handlers) => safeCall('newMsg', handlers.newMsg, unread))),
    ...ECHAT_SOURCE_EVENTS.map((name) =>
      client.on(name, (payload) => {
        const snapshot = client.getSnapshot()
        const flush = () => emit(echatEventsFor(name, payload as never, snapshot, page))
        if (name === 'windowChange' && !snapshot.ready) beforeWelcome.push(flush)
        else flush()
      }),
    ),
  ]
  return {
    add(handlers) {
      if (!handlers || typeof handlers !== 'object') {
        console.error("[kefu] _echat('on', handlers): handlers must be an object with ready, newMsg or newEvent")
        return
      }
      all.push(handlers)
      if (client.getSnapshot().ready) safeCall('ready', handlers.ready)
    },
    emit,
    destroy: () => offs.forEach((off) => off()),
  }
}
