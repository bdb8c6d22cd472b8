import type { ChatStatus } from './chatStatus'
import type { ChatSnapshot, ConnectionState, EvaluationState, WindowState } from './chatSnapshot'
import type { KefuError } from './errors'
import type { ChatMessage } from './message'
import type { EvaluationRecord, TrackInfo } from './protocol'
import type { StaffInfo } from './staffInfo'
import type { VisitorSendMsgPayload } from './visitorSendMsg'

/** Every event a chat client emits, with its payload. */
export interface ChatEventMap {
  /** The server welcomed this client for the first time. */
  ready: { readonly visitorId: string }
  connectionChange: { readonly connection: ConnectionState; readonly previous: ConnectionState }
  statusChange: { readonly status: ChatStatus; readonly previous: ChatStatus }
  /** A message appeared in `messages`, from anyone (the visitor's own unsent ones included). */
  message: ChatMessage
  unreadChange: { readonly unread: number; readonly previous: number }
  staffChange: { readonly staff: StaffInfo | null }
  /** Whether any agent is online (Echat `staffStatus`: 1 online, 2 offline). */
  staffStatus: { readonly online: boolean }
  queuePosition: { readonly position: number }
  evaluation: { readonly evaluation: EvaluationState; readonly submitted: EvaluationRecord | null }
  windowChange: { readonly window: WindowState; readonly previous: WindowState }
  /** The server stored a message the visitor sent, in the Echat seed's shape. */
  visitorSendMsg: VisitorSendMsgPayload
  trackInfo: TrackInfo
  typing: { readonly typing: boolean }
  /** Something failed that no promise reports: a server error frame, a transport failure. */
  error: KefuError
  /** After any change, the whole new snapshot. */
  change: ChatSnapshot
}

export type ChatEventName = keyof ChatEventMap
