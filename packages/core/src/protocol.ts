import type { ChatStatus, ChatStatusEvent } from './chatStatus'
import type { ChatMessage, OutgoingMessageBody } from './message'
import type { StaffInfo } from './staffInfo'
import type { VisitorIdentity } from './visitorIdentity'
import type { KefuErrorCode, ValidationIssue } from './errors'

/** The wire protocol version; sent in `hello` and `welcome`. */
export const PROTOCOL_VERSION = 1

/** Where the visitor came from and which entry they used (Echat `echatTag`, `routeEntranceId`, …). */
export interface EntryData {
  readonly echatTag?: string
  readonly routeEntranceId?: string
  readonly enterUrl?: string
  readonly enterTitle?: string
  readonly firstUrl?: string
  readonly referrer?: string
  readonly lan?: string
}

/** Sobot's `transfer_action`: try each rule in order, overflowing to the next. */
export interface TransferAction {
  readonly actionType: 'to_group' | 'to_service'
  /** The group or agent id. */
  readonly deciId: string
  /** 1 overflow / 2 no overflow (agent); 3 overflow / 4 no overflow (group). */
  readonly optionId: 1 | 2 | 3 | 4
  /** When to overflow: 1 agent offline, 2 agent busy, 3 smart (agent); 4 none online, 5 all busy, 6 off hours, 7 smart (group). */
  readonly spillId?: 1 | 2 | 3 | 4 | 5 | 6 | 7
}

/** How the visitor wants to be received (Sobot `type`, `groupid`, `agentid`, …). */
export interface RoutingRequest {
  /** 1 bot only, 2 human only, 3 bot first, 4 human first. */
  readonly mode?: 1 | 2 | 3 | 4
  readonly groupId?: string
  readonly agentId?: string
  /** With `agentId`: 1 wait for that agent (or go offline), 0 fall back to any online agent. */
  readonly agentModeFlag?: 0 | 1
  readonly robotId?: string
  readonly transferActions?: readonly TransferAction[]
  /** Sobot `queueFirst`: this visitor jumps the queue. */
  readonly queueFirst?: boolean
}

/** Sobot's browsing trace arguments (`pre_visit_args`, `cur_visit_args`). */
export interface TraceEntry {
  readonly pre_visit_args?: Readonly<Record<string, string>>
  readonly cur_visit_args?: Readonly<Record<string, string>>
}

/**
 * Sobot's 工单插件 `params` on a leave message: the card (`card_title`, `card_url`, `card_desc`,
 * `card_note`, `card_picture`) and the company's own 对接型 custom fields, all strings. The server
 * allows at most 30 fields, names of 1–64 characters, values of at most 2000 (`card_url` and
 * `card_picture`: an http(s) URL of at most 2048).
 */
export type LeaveMessageFields = Readonly<Record<string, string>>

export interface LeaveMessageInput {
  readonly content: string
  readonly name?: string
  readonly tel?: string
  readonly email?: string
  /** Sobot `templateid`: the 留言模板 the visitor filled in. */
  readonly templateId?: string
  /** Sobot `groupid`: the skill group the message is for. The server keeps it only if the company has that group. */
  readonly groupId?: string
  /** Sobot `source`, the channel (9 on the standalone page), as Sobot sends it; stored as a string (`9` → `'9'`). */
  readonly source?: string | number
  /** Sobot `params`: the 工单插件 card and custom fields. */
  readonly fields?: LeaveMessageFields
}

export interface EvaluationInput {
  /** 1 (worst) to 5 (best). */
  readonly score: number
  readonly comment?: string
}

/** Echat's `visitorTrackInfo` payload. */
export interface TrackInfo {
  readonly country?: string
  readonly province?: string
  readonly city?: string
  readonly firstUrl?: string
  readonly referrer?: string
  readonly searcher?: string
  readonly keyword?: string
  /** 0 unknown, 1 SEO, 2 paid. */
  readonly keywordType?: 0 | 1 | 2
}

export interface EvaluationRecord {
  readonly score: number
  readonly comment?: string
  /** Whether it was given while chatting or after the end (Echat `visitorEvaluate` 1/2). */
  readonly phase: 'chatting' | 'ended'
}

/** Frames a visitor client sends. Those with `cid` are acknowledged once stored and resent until then. */
export type ClientFrame =
  | {
      readonly type: 'hello'
      readonly v: typeof PROTOCOL_VERSION
      readonly companyId: string
      readonly visitorToken?: string
      /** The highest sequence number this client has; the server sends what came after. */
      readonly lastSeq: number
      readonly entry?: EntryData
    }
  | { readonly type: 'chat.request'; readonly cid: string; readonly routing?: RoutingRequest }
  | { readonly type: 'message.send'; readonly cid: string; readonly body: OutgoingMessageBody }
  | { readonly type: 'identify'; readonly cid: string; readonly identity: VisitorIdentity }
  | { readonly type: 'evaluate'; readonly cid: string; readonly evaluation: EvaluationInput }
  | { readonly type: 'evaluation.dismiss'; readonly cid: string }
  | { readonly type: 'chat.end'; readonly cid: string }
  | { readonly type: 'chat.handoff'; readonly cid: string }
  | { readonly type: 'leaveMessage'; readonly cid: string; readonly leaveMessage: LeaveMessageInput }
  | { readonly type: 'trace'; readonly cid: string; readonly trace: TraceEntry }
  | { readonly type: 'read'; readonly seq: number }
  | { readonly type: 'typing'; readonly typing: boolean }
  | { readonly type: 'ping' }

export type ClientFrameType = ClientFrame['type']

/** Client frames that carry a client id and wait for an `ack`. */
export type AckedClientFrame = Extract<ClientFrame, { cid: string }>

/** What the server answers a frame it refused (either side), or reports unprompted. */
export interface ErrorFrame {
  readonly type: 'error'
  readonly code: KefuErrorCode
  readonly message: string
  /** The action refused, if the error answers one. */
  readonly cid?: string
  /** Every problem the server's validator found, for `invalid_card` / `invalid_identity`. */
  readonly issues?: readonly ValidationIssue[]
}

/** Frames the server sends a visitor client. */
export type ServerFrame =
  | {
      readonly type: 'welcome'
      readonly v: typeof PROTOCOL_VERSION
      readonly visitorId: string
      readonly visitorToken: string
      /**
       * The company's display name, for echat `echatPageStatus` (event 7). Optional only so that
       * in-process test servers need not know one; `@kefu/server` always sends it.
       */
      readonly companyName?: string
      readonly status: ChatStatus
      readonly queuePosition: number | null
      readonly staff: StaffInfo | null
      readonly agentsOnline: boolean
      readonly unread: number
      readonly readSeq: number
      /** Messages after the client's `lastSeq` (all visible history on a first connection). */
      readonly messages: readonly ChatMessage[]
      readonly evaluation: EvaluationRecord | null
    }
  | { readonly type: 'ack'; readonly cid: string; readonly message?: ChatMessage }
  | { readonly type: 'message'; readonly message: ChatMessage }
  | { readonly type: 'status'; readonly event: ChatStatusEvent }
  | { readonly type: 'queue'; readonly position: number }
  | { readonly type: 'staff'; readonly staff: StaffInfo | null }
  | { readonly type: 'agents'; readonly online: boolean }
  | { readonly type: 'unread'; readonly count: number; readonly readSeq: number }
  | { readonly type: 'evaluation'; readonly evaluation: EvaluationRecord }
  | { readonly type: 'typing'; readonly typing: boolean }
  | { readonly type: 'trackInfo'; readonly info: TrackInfo }
  | ErrorFrame
  | { readonly type: 'pong' }

export type ServerFrameType = ServerFrame['type']
