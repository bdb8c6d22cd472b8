import type { AgentPresence } from '@kefu/core'
import type { ServerContext } from '../realtime/ServerContext'

/**
 * Each agent's presence as colleagues see it in the workbench (the Router's rule): what the agent chose,
 * while it has a connection somewhere in the cluster and its account is enabled; offline otherwise.
 */
export async function agentPresences(ctx: ServerContext, companyId: string): Promise<Map<string, AgentPresence>> {
  const agents = await ctx.db.query<{ id: string; presence: AgentPresence; disabled: boolean }>('SELECT id, presence, disabled FROM agents WHERE company_id = $1', [
    companyId,
  ])
  const connections = await ctx.chat.presence.agentConnections(companyId)
  return new Map(agents.map((a) => [a.id, (connections.get(a.id) ?? 0) > 0 && !a.disabled ? a.presence : 'offline']))
}
