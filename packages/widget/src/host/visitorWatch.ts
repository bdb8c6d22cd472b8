import { PROTOCOL_VERSION, type ChatStatus, type EntryData, type KeyValueStorage, type ServerFrame, type StaffInfo, type Transport } from '@kefu/core'

/** What the store page shows of the visitor before the chat runs on it: badge, getters, `newMsg`. */
export interface VisitorView {
  readonly ready: boolean
  readonly visitorId: string | null
  readonly status: ChatStatus
  readonly staff: StaffInfo | null
  readonly unread: number
}

export interface VisitorWatchOptions {
  readonly companyId: string
  readonly storage: KeyValueStorage
  readonly entry: EntryData
  /** Each change of the view; `companyName` comes with each welcome. */
  onView(view: VisitorView, companyName?: string): void
  /**
   * The chat moved (a message reached the visitor, the status or the agent changed) while nothing on
   * this page shows it: the chat runtime, whose client follows all of it, is wanted now.
   */
  onActivity(): void
}

export interface VisitorWatch {
  stop(): void
}

/**
 * The welcome's messages are those after `lastSeq`; the watch shows none, so it asks for none. The
 * server stores sequence numbers as 32-bit integers and also looks one past `lastSeq`: 2³¹−2 is the
 * largest it can take.
 */
const NO_HISTORY = 2 ** 31 - 2

/**
 * The store page's one connection while the chat itself has not loaded: it says hello as the visitor
 * (creating one on a first visit, so the token is shared with the chat window later), and follows the
 * unread count — nothing else, and no message history. The chat status and the agent are as the
 * welcome gave them; when the chat moves, the chat runtime's own client takes over (`onActivity`).
 */
export function watchVisitor(transport: Transport, options: VisitorWatchOptions): VisitorWatch {
  const tokenKey = `kefu:${options.companyId}:visitorToken`
  let view: VisitorView = { ready: false, visitorId: null, status: { name: 'idle' }, staff: null, unread: 0 }
  const set = (patch: Partial<VisitorView>, companyName?: string) => {
    view = { ...view, ...patch }
    options.onView(view, companyName)
  }
  const handle = (frame: ServerFrame) => {
    switch (frame.type) {
      case 'welcome':
        try {
          options.storage.setItem(tokenKey, frame.visitorToken)
        } catch {
          // storage blocked: this page keeps the visitor for itself
        }
        return set({ ready: true, visitorId: frame.visitorId, status: frame.status, staff: frame.staff, unread: frame.unread }, frame.companyName)
      case 'unread':
        return set({ unread: frame.count })
      case 'status':
      case 'staff':
        return options.onActivity()
      case 'message':
        if (frame.message.sender !== 'visitor') options.onActivity()
    }
  }
  transport.connect({
    open() {
      let visitorToken: string | null = null
      try {
        visitorToken = options.storage.getItem(tokenKey)
      } catch {
        // no storage: a new visitor
      }
      transport.send({ type: 'hello', v: PROTOCOL_VERSION, companyId: options.companyId, lastSeq: NO_HISTORY, ...(visitorToken ? { visitorToken } : {}), entry: options.entry })
    },
    frame: handle,
    close: () => undefined,
  })
  return { stop: () => transport.disconnect() }
}
