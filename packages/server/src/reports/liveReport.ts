import type { LiveReport } from '@kefu/core'
import type { ServerContext } from '../realtime/ServerContext'
import { agentPresences } from './agentPresences'

/** Who is online, how many chats each one has, chats with the bot, and the queue: now. */
export async function liveReport(ctx: ServerContext, companyId: string, now: number): Promise<LiveReport> {
  const [open, agents, presences] = await Promise.all([
    ctx.db.query<{ status: string; agent_id: string | null; chats: number; waiting_since: number | null }>(
      `SELECT status, agent_id, count(*)::int AS chats, min(COALESCE(queued_at, created_at))::float8 AS waiting_since
       FROM conversations WHERE company_id = $1 AND status <> 'ended'
       GROUP BY status, agent_id`,
      [companyId],
    ),
    ctx.db.query<{ id: string; name: string; capacity: number }>(
      'SELECT id, name, capacity FROM agents WHERE company_id = $1 AND NOT disabled ORDER BY name, id',
      [companyId],
    ),
    agentPresences(ctx, companyId),
  ])
  const chatsOf = new Map<string, number>()
  let chatting = 0
  let bot = 0
  let queue = 0
  let longestWaitSince: number | null = null
  for (const row of open) {
    if (row.status === 'chatting') {
      chatting += row.chats
      if (row.agent_id) chatsOf.set(row.agent_id, (chatsOf.get(row.agent_id) ?? 0) + row.chats)
    } else if (row.status === 'bot') bot += row.chats
    else if (row.status === 'waiting') {
      queue += row.chats
      const since = row.waiting_since === null ? null : Number(row.waiting_since)
      if (since !== null && (longestWaitSince === null || since < longestWaitSince)) longestWaitSince = since
    }
  }
  return {
    agents: agents.map((a) => ({
      agentId: a.id,
      name: a.name,
      presence: presences.get(a.id) ?? 'offline',
      chats: chatsOf.get(a.id) ?? 0,
      capacity: a.capacity,
    })),
    chatting,
    bot,
    queue,
    longestWaitSince,
    generatedAt: now,
  }
}
