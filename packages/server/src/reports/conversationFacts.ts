/**
 * What a stored conversation was, as SQL over its row in `conversation_report_facts` (migration 13), which
 * the database keeps from the conversation on every write. Every report section counts with these, so a
 * chat is "missed" in the overview, the daily series and the group table alike. The durations, the message
 * count and the score are null where a chat does not count for them, so aggregates skip it by themselves.
 */
export const FACTS_TABLE = 'conversation_report_facts'

export const FACTS = {
  served: 'served',
  /** Waited for a human, ended before one joined, and not because the visitor left. */
  missed: 'missed',
  /** Waited for a human and left (ended by the visitor, reason 1) before one joined. */
  abandoned: 'abandoned',
  botChat: 'bot_chat',
  /** Started with the bot and ended without the visitor asking for a human. */
  botResolved: 'bot_resolved',
  evaluated: 'score IS NOT NULL',
} as const

/** Columns of ms (or a count) that are null where the chat does not count for them. */
export const MEASURES = {
  /** From an agent joining to the first reply an agent typed. */
  firstResponse: 'first_response',
  /** From asking for a human to one joining. */
  wait: 'wait',
  /** From an agent joining to the end. */
  duration: 'duration',
  /** Messages shown in an ended chat. */
  messages: 'message_count',
} as const

export const SCORE = 'score'

/** `count(*) FILTER (WHERE …)::int AS name` for each named fact. */
export const countOf = (facts: Partial<Record<string, string>>) =>
  Object.entries(facts)
    .map(([name, condition]) => `(count(*) FILTER (WHERE ${condition}))::int AS ${name}`)
    .join(',\n  ')
