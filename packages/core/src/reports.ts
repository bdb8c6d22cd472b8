/**
 * The admin reports (`GET /api/v1/reports`, `GET /api/v1/reports/live`). Durations are milliseconds;
 * a figure is `null` when nothing in the range has it (no served chat has a first response, …).
 */

/** p50 and p90 (interpolated, like a spreadsheet's PERCENTILE.INC) and the mean. */
export interface DurationStats {
  readonly p50: number | null
  readonly p90: number | null
  readonly avg: number | null
  /** How many chats the figures are over. */
  readonly count: number
}

export interface ReportRange {
  /** First and last day, inclusive, `YYYY-MM-DD` in `timeZone`. */
  readonly from: string
  readonly to: string
  readonly timeZone: string
  readonly groupId: string | null
  readonly agentId: string | null
}

export interface ReportOverview {
  /** Conversations started in the range (bot, queue or agent). */
  readonly conversations: number
  /** Of them, served by an agent. */
  readonly served: number
  /** Waited for a human and ended unserved by the system: nobody online, queue timeout. */
  readonly missed: number
  /** Waited for a human and left the queue before anyone joined. */
  readonly abandoned: number
  /** Started with the bot and ended. */
  readonly botChats: number
  /** Of them, ended without asking for a human. */
  readonly botResolved: number
  /** `botResolved / botChats`, 0–1. */
  readonly botResolutionRate: number | null
  /** From an agent joining to the first message an agent typed. */
  readonly firstResponse: DurationStats
  /** From asking for a human to an agent joining (served chats). */
  readonly wait: DurationStats
  /** From an agent joining to the end (served, ended chats). */
  readonly duration: DurationStats
  /** Messages shown in ended chats (visitor, agent and bot; no notices or internal notes). */
  readonly messagesPerChat: { readonly p50: number | null; readonly p90: number | null; readonly avg: number | null; readonly count: number }
  readonly satisfaction: {
    readonly evaluated: number
    /** 1–5. */
    readonly average: number | null
    /** Evaluations per score: index 0 is score 1 … index 4 is score 5. */
    readonly distribution: readonly [number, number, number, number, number]
    /** `evaluated / served`, 0–1. */
    readonly rate: number | null
  }
}

export interface ReportDay {
  /** `YYYY-MM-DD` in the report's time zone. */
  readonly date: string
  readonly conversations: number
  readonly served: number
  readonly missed: number
  readonly abandoned: number
  readonly botResolved: number
}

export interface ReportHour {
  /** 0–23 in the report's time zone. */
  readonly hour: number
  readonly conversations: number
}

export interface ReportAgentRow {
  readonly agentId: string
  readonly name: string
  readonly served: number
  readonly firstResponseAvg: number | null
  readonly firstResponseP50: number | null
  readonly durationAvg: number | null
  readonly messagesAvg: number | null
  readonly evaluated: number
  readonly satisfactionAvg: number | null
}

export interface ReportGroupRow {
  /** null: conversations without a group. */
  readonly groupId: string | null
  readonly name: string | null
  readonly conversations: number
  readonly served: number
  readonly missed: number
  readonly abandoned: number
  readonly waitP50: number | null
  readonly waitP90: number | null
  readonly satisfactionAvg: number | null
}

export interface ReportOffline {
  /** Leave messages left in the range. */
  readonly received: number
  /** Of them, handled (answered or closed) so far. */
  readonly handled: number
  /** From leaving the message to its handling. */
  readonly handling: DurationStats
  readonly daily: readonly { readonly date: string; readonly received: number; readonly handled: number }[]
}

export interface Report {
  readonly range: ReportRange
  readonly overview: ReportOverview
  readonly daily: readonly ReportDay[]
  readonly hourly: readonly ReportHour[]
  readonly agents: readonly ReportAgentRow[]
  readonly groups: readonly ReportGroupRow[]
  readonly offline: ReportOffline
  /** When the server computed it (ms). */
  readonly generatedAt: number
}

export interface LiveAgent {
  readonly agentId: string
  readonly name: string
  readonly presence: 'online' | 'busy' | 'offline'
  readonly chats: number
  readonly capacity: number
}

/** What is happening now. */
export interface LiveReport {
  readonly agents: readonly LiveAgent[]
  /** Chats an agent serves now. */
  readonly chatting: number
  /** Chats the bot serves now. */
  readonly bot: number
  /** Visitors waiting for an agent. */
  readonly queue: number
  /** When the longest-waiting visitor started waiting (ms), or null. */
  readonly longestWaitSince: number | null
  readonly generatedAt: number
}
