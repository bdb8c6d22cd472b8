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

/** Default visitor token lifetime: 180 days. */
export const VISITOR_TOKEN_TTL_SECONDS = 180 * 24 * 60 * 60

/** Who an anonymous (or already identified) visitor is. */
export interface VisitorTokenClaims {
  readonly companyId: string
  readonly visitorId: string
}

/** A verified visitor token. */
export interface VerifiedVisitorToken extends VisitorTokenClaims {
  readonly issuedAt: Date
  readonly expiresAt: Date
}

/**
 * Mints the token the server hands an anonymous visitor so the same browser comes back as the same visitor.
 * Lives 180 days unless `ttlSeconds` says otherwise.
 *
 * @throws KefuError `invalid_argument` for empty ids, a bad ttl or a secret under 32 bytes.
 */
export function signVisitorToken(claims: VisitorTokenClaims, secret: Secret, options: SignTokenOptions = {}): string {
  const companyId = checkId(claims.companyId, 'companyId')
  const visitorId = checkId(claims.visitorId, 'visitorId')
  return signToken('visitor', { companyId, visitorId, ...tokenTimes(options, VISITOR_TOKEN_TTL_SECONDS) }, secret)
}

/**
 * Checks a visitor token. Pass `companyId` to reject tokens issued for another company.
 *
 * @throws KefuError `unauthorized` — malformed, bad signature, another kind of token, expired, other company.
 */
export function verifyVisitorToken(token: unknown, secret: Secret, options: VerifyTokenOptions = {}): VerifiedVisitorToken {
  const payload = verifyToken('visitor', token, secret, options.now)
  const companyId = idClaim(payload, 'companyId', 'visitor')
  const visitorId = idClaim(payload, 'visitorId', 'visitor')
  checkCompany(companyId, options.companyId, 'visitor')
  return { companyId, visitorId, issuedAt: fromUnixSeconds(payload.iat), expiresAt: fromUnixSeconds(payload.exp) }
}
