export { bodyForFile, createDesk, latestConversationOf } from './createDesk'
export type {
  Desk,
  DeskEventMap,
  DeskOptions,
  DeskSocket,
  DeskSocketConstructor,
  SelectTarget,
  SendOptions,
  SessionStore,
  TransferTarget,
} from './createDesk'
export type { DeskAction } from './deskAction'
export { deskFetch, DeskHttpError } from './deskHttp'
export type { FetchLike } from './deskHttp'
export { deskReducer } from './deskReducer'
export { selectConversation, selectEnded, selectMessages, selectMine, selectQueue, selectTotalUnread, visitorName } from './deskSelectors'
export { IDLE_HISTORY, INITIAL_DESK_SNAPSHOT } from './deskSnapshot'
export type {
  AgentGroup,
  Colleague,
  DeskAuth,
  DeskConnection,
  DeskError,
  DeskMessage,
  DeskSnapshot,
  HistoryState,
  QuickReply,
} from './deskSnapshot'
