import type { AgentServerFrame, LeaveMessageRecord } from '@kefu/core'
import type { AgentGroup, DeskAuth, DeskConnection, DeskError, DeskMessage, QuickReply } from './deskSnapshot'

/** Everything that changes a desk snapshot: server frames, and what the workbench itself did. */
export type DeskAction =
  /** `visible`: whether the agent can see the page, for unread counting. */
  | { readonly type: 'frame'; readonly frame: AgentServerFrame; readonly visible: boolean }
  | { readonly type: 'auth'; readonly auth: DeskAuth }
  | { readonly type: 'connection'; readonly connection: DeskConnection }
  | { readonly type: 'signedOut'; readonly error: string | null }
  | { readonly type: 'select'; readonly visitorId: string | null; readonly conversationId: string | null; readonly visible: boolean }
  /** The page became visible: what the agent has open is read. */
  | { readonly type: 'visible' }
  | { readonly type: 'history.loading'; readonly visitorId: string }
  | {
      readonly type: 'history.loaded'
      readonly visitorId: string
      readonly messages: readonly DeskMessage[]
      readonly complete: boolean
      /** A full reload (after a reconnect) rather than older pages. */
      readonly fresh: boolean
    }
  | { readonly type: 'history.failed'; readonly visitorId: string; readonly error: string }
  /** A message this agent is sending, shown at once as `pending`. */
  | { readonly type: 'outgoing'; readonly visitorId: string; readonly message: DeskMessage }
  | { readonly type: 'refused'; readonly cid: string; readonly error: DeskError }
  | { readonly type: 'groups'; readonly groups: readonly AgentGroup[] }
  | { readonly type: 'quickReplies'; readonly quickReplies: readonly QuickReply[] }
  | { readonly type: 'leaveMessages'; readonly leaveMessages: readonly LeaveMessageRecord[] }
  | { readonly type: 'error'; readonly error: DeskError | null }
