/**
 * What a stored conversation was, as SQL conditions over its columns (see the reports migration). Every report
 * section counts with these, so a chat is "missed" in the overview, the daily series and the group table alike.
 */
export const FACTS = {
  served: 'served_at IS NOT NULL',
  /** Waited for a human, ended before one joined, and not because the visitor left. */
  missed: `status = 'ended' AND human_requested_at IS NOT NULL AND served_at IS NULL AND end_reason IS DISTINCT FROM 1`,
  /** Waited for a human and left (ended by the visitor, reason 1) before one joined. */
  abandoned: `status = 'ended' AND human_requested_at IS NOT NULL AND served_at IS NULL AND end_reason = 1`,
  botChat: `status = 'ended' AND bot_started_at IS NOT NULL`,
  /** Started with the bot and ended without the visitor asking for a human. */
  botResolved: `status = 'ended' AND bot_started_at IS NOT NULL AND human_requested_at IS NULL`,
  firstResponded: 'first_response_at IS NOT NULL AND served_at IS NOT NULL AND first_response_at >= served_at',
  waited: 'served_at IS NOT NULL AND human_requested_at IS NOT NULL',
  servedAndEnded: `served_at IS NOT NULL AND status = 'ended' AND ended_at IS NOT NULL`,
  withMessages: `status = 'ended' AND message_count IS NOT NULL`,
  evaluated: `evaluation->>'score' IS NOT NULL`,
} as const

export const SCORE = `(evaluation->>'score')::int`

/** `count(*) FILTER (WHERE …)::int AS name` for each named fact. */
export const countOf = (facts: Partial<Record<string, string>>) =>
  Object.entries(facts)
    .map(([name, condition]) => `(count(*) FILTER (WHERE ${condition}))::int AS ${name}`)
    .join(',\n  ')
