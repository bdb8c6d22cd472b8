export { createChat } from './createChat'
export type { ChatClient, ChatOptions } from './createChat'
export type { ChatEventMap, ChatEventName } from './chatEvents'
export { INITIAL_CHAT_SNAPSHOT, INITIAL_EVALUATION } from './chatSnapshot'
export type { ChatSnapshot, ConnectionState, EvaluationState, WindowState } from './chatSnapshot'
export {
  CHAT_STATUS_TRANSITIONS,
  END_REASONS,
  INITIAL_CHAT_STATUS,
  getChatStatus,
  getChatStatusLabel,
  isChatActive,
  transitionChatStatus,
} from './chatStatus'
export type {
  ChatStatus,
  ChatStatusEvent,
  ChatStatusEventType,
  ChatStatusName,
  EchatChatStatusCode,
  EchatChatStatusLabel,
  EndReason,
  OfflineMode,
} from './chatStatus'
export { sameChatStatusView, selectChatStatusView } from './chatStatusView'
export type { ChatStatusView } from './chatStatusView'
export { shallowEqual } from './shallowEqual'
export type { StaffInfo } from './staffInfo'
export { KefuError, ValidationError } from './errors'
export type { KefuErrorCode, ValidationIssue } from './errors'
export { lastSeqOf, mergeMessages } from './message'
export type {
  ChatMessage,
  MessageAction,
  MessageBody,
  MessageSender,
  MessageType,
  OutgoingMessageBody,
  UploadedFile,
} from './message'
export { countUnread, isUnreadFor } from './unread'
export type { CrmFields, FieldValue, NormalizedVisitorIdentity, VisitorIdentity } from './visitorIdentity'
export { toVisitorSendMsg } from './visitorSendMsg'
export type { VisitorSendMsgPayload } from './visitorSendMsg'
export { PROTOCOL_VERSION } from './protocol'
export type {
  AckedClientFrame,
  ClientFrame,
  ClientFrameType,
  EntryData,
  ErrorFrame,
  EvaluationInput,
  EvaluationRecord,
  HistoryRequest,
  LeaveMessageFields,
  LeaveMessageInput,
  RoutingRequest,
  ServerFrame,
  ServerFrameType,
  TraceEntry,
  TrackInfo,
  TransferAction,
} from './protocol'
export type { Transport, TransportHandlers } from './transport'
export type {
  AgentClientFrame,
  AgentClientFrameType,
  AgentInfo,
  AgentPresence,
  AgentRole,
  AgentServerFrame,
  AgentServerFrameType,
  ConversationStatus,
  ConversationSummary,
  IdentityProof,
  LeaveMessageRecord,
  LeaveMessageReply,
  LeaveMessageStatus,
  QueueEntry,
  TraceRecord,
  VisitorProfile,
} from './agentProtocol'
export { memoryStorage } from './environment'
export type { KeyValueStorage, VisibilitySource } from './environment'
// The chat client is built on it; the bindings' helpers (createAsyncAction) are in `@kefu/core/store`, the
// server's conversation machine in `@kefu/core/lifecycle` (browsers need neither).
export { createStore } from './store/createStore'
export type { ReadableStore, Store, StoreOptions } from './store/createStore'
export type { Card, ValidatedCard } from './cards/card'
export type { ProductCard } from './cards/productCard'
export type { OrderCard, OrderGoods, OrderStatus } from './cards/orderCard'
export type {
  DurationStats,
  LiveAgent,
  LiveReport,
  Report,
  ReportAgentRow,
  ReportDay,
  ReportGroupRow,
  ReportHour,
  ReportOffline,
  ReportOverview,
  ReportRange,
} from './reports'
