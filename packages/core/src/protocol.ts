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
  /** The language the visitor's chat window speaks: kefu's own texts to this visitor are in it. */
  readonly locale?: 'zh-CN' | 'zh-TW' | 'en'
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
  /**
   * Sobot's 机器人欢迎语, 人工客服欢迎语 and 人工客服不在线提示语 given by the embed or link: for this chat
   * they win over the company's settings.
   */
  readonly robotHelloWord?: string
  readonly agentHelloWord?: string
  readonly agentOfflineTitle?: string
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
  | {
      readonly type: 'chat.request'
      readonly cid: string
      readonly routing?: RoutingRequest
      /**
       * `open`: sent because the chat window opened, not because the visitor asked. The server starts a
       * chat then only if the company starts chats on open; otherwise the first message or card does
       * (the routing is kept for it), and the visitor hears at once if nobody could serve.
       */
      readonly trigger?: 'open'
    }
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
  /**
   * A page of older messages: the newest `limit` (1–100, default 50) before `beforeSeq`. Answered by an
   * `ack` with `messages` (oldest first) and `more` (whether there are older ones still).
   */
  | HistoryRequest

/** See `ClientFrame`. */
export interface HistoryRequest {
  readonly type: 'history'
  readonly cid: string
  readonly beforeSeq: number
  readonly limit?: number
}

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
      /**
       * Messages after the client's `lastSeq`, oldest first: the first page of them, the rest following as
       * `message` frames (in order, before any newer message). On a first connection (`lastSeq` 0), the
       * newest page of the visitor's history, with `hasEarlier` when there is older history to load.
       */
      readonly messages: readonly ChatMessage[]
      /** Older messages than the first in `messages` exist (first connection only): see `history`. */
      readonly hasEarlier?: boolean
      readonly evaluation: EvaluationRecord | null
      /** The highest sequence number the serving agents have read (the visitor's messages up to it show 已读). */
      readonly agentReadSeq?: number
      /** The company's brand colour, `#rrggbb`; a page's own colour parameter wins. */
      readonly themeColor?: string
    }
  | {
      readonly type: 'ack'
      readonly cid: string
      readonly message?: ChatMessage
      /** The answer to `history`: a page of messages, oldest first … */
      readonly messages?: readonly ChatMessage[]
      /** … and whether there are further messages in the direction asked for. */
      readonly more?: boolean
    }
  | { readonly type: 'message'; readonly message: ChatMessage }
  /** An agent read the visitor's messages up to `seq`. */
  | { readonly type: 'agentRead'; readonly seq: number }
  | { readonly type: 'status'; readonly event: ChatStatusEvent }
  | { readonly type: 'queue'; readonly position: number }
  | { readonly type: 'staff'; readonly staff: StaffInfo | null }
  | { readonly type: 'agents'; readonly online: boolean }
  | { readonly type: 'unread'; readonly count: number; readonly readSeq: number }
  | { readonly type: 'evaluation'; readonly evaluation: EvaluationRecord }
  /** The visitor skipped the evaluation (in another window or tab): none is pending any more. */
  | { readonly type: 'evaluationDismissed' }
  | { readonly type: 'typing'; readonly typing: boolean }
  | { readonly type: 'trackInfo'; readonly info: TrackInfo }
  | ErrorFrame
  | { readonly type: 'pong' }

export type ServerFrameType = ServerFrame['type']
