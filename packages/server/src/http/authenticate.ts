import { KefuError } from '@kefu/core'
import type { FastifyRequest } from 'fastify'
import { verifyAgentSession, verifyVisitorToken } from '../security'
import type { ServerContext } from '../realtime/ServerContext'
import { findAgent, type AgentRecord } from '../store/agentStore'

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw new KefuError('unauthorized', 'send "Authorization: Bearer <token>"')
  return match[1]!
}

/** The signed-in agent, from its session token; disabled accounts are refused. */
export async function authenticateAgent(ctx: ServerContext, request: FastifyRequest, role?: 'admin'): Promise<AgentRecord> {
  const claims = verifyAgentSession(bearer(request), ctx.tokenSecret)
  const agent = await findAgent(ctx.db, claims.companyId, claims.agentId)
  if (!agent || agent.disabled) throw new KefuError('unauthorized', 'this agent account is not active')
  if (claims.issuedAt.getTime() / 1000 < agent.sessionsValidAfter) throw new KefuError('unauthorized', 'this session ended (the password changed): sign in again')
  if (role === 'admin' && agent.role !== 'admin') throw new KefuError('forbidden', 'this needs an admin account')
  return agent
}

export function authenticateVisitor(ctx: ServerContext, request: FastifyRequest): { companyId: string; visitorId: string } {
  const claims = verifyVisitorToken(bearer(request), ctx.tokenSecret)
  return { companyId: claims.companyId, visitorId: claims.visitorId }
}
