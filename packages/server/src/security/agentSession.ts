import { KefuError } from '@kefu/core'
import type { Secret } from './secretBytes'
import {
  checkCompany,
  checkId,
  fromUnixSeconds,
  idClaim,
  signToken,
  tokenTimes,
  verifyToken,
  type SignTokenOptions,
  type VerifyTokenOptions,
} from './signedToken'

/** Default agent session lifetime: 12 hours. */
export const AGENT_SESSION_TTL_SECONDS = 12 * 60 * 60

export type AgentRole = 'admin' | 'agent'

/** A signed-in agent or admin. */
export interface AgentSessionClaims {
  readonly companyId: string
  readonly agentId: string
  readonly role: AgentRole
}

/** A verified agent session. */
export interface VerifiedAgentSession extends AgentSessionClaims {
  readonly issuedAt: Date
  readonly expiresAt: Date
}

function isRole(value: unknown): value is AgentRole {
  return value === 'admin' || value === 'agent'
}

/**
 * Mints an agent's session token after sign-in. Lives 12 hours unless `ttlSeconds` says otherwise.
 *
 * @throws KefuError `invalid_argument` for empty ids, an unknown role, a bad ttl or a secret under 32 bytes.
 */
export function signAgentSession(claims: AgentSessionClaims, secret: Secret, options: SignTokenOptions = {}): string {
  const companyId = checkId(claims.companyId, 'companyId')
  const agentId = checkId(claims.agentId, 'agentId')
  if (!isRole(claims.role)) throw new KefuError('invalid_argument', "role must be 'admin' or 'agent'")
  const times = tokenTimes(options, AGENT_SESSION_TTL_SECONDS)
  return signToken('agent-session', { companyId, agentId, role: claims.role, ...times }, secret)
}

/**
 * Checks an agent session token. Pass `companyId` to reject sessions of another company.
 *
 * @throws KefuError `unauthorized` — malformed, bad signature, another kind of token, expired, other company.
 */
export function verifyAgentSession(token: unknown, secret: Secret, options: VerifyTokenOptions = {}): VerifiedAgentSession {
  const payload = verifyToken('agent-session', token, secret, options.now)
  const companyId = idClaim(payload, 'companyId', 'agent-session')
  const agentId = idClaim(payload, 'agentId', 'agent-session')
  const role = payload.role
  if (!isRole(role)) throw new KefuError('unauthorized', 'agent session payload is malformed')
  checkCompany(companyId, options.companyId, 'agent-session')
  return { companyId, agentId, role, issuedAt: fromUnixSeconds(payload.iat), expiresAt: fromUnixSeconds(payload.exp) }
}
