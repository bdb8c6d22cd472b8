import { KefuError } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { isMimePattern, normalizeMimeType } from './isAllowedType'
import type { Secret } from './secretBytes'
import {
  checkCompany,
  checkId,
  fromUnixSeconds,
  idClaim,
  signToken,
  tokenTimes,
  verifyToken,
  MAX_ID_LENGTH,
  type SignTokenOptions,
  type VerifyTokenOptions,
} from './signedToken'

/** Default upload credential lifetime: 10 minutes. */
export const UPLOAD_CREDENTIAL_TTL_SECONDS = 600
/** Most type patterns one credential may list. */
export const MAX_ALLOWED_TYPES = 50

/** Who is uploading. */
export interface UploadOwner {
  readonly kind: 'visitor' | 'agent'
  readonly id: string
}

/** What an upload credential allows. */
export interface UploadCredentialClaims {
  readonly companyId: string
  readonly owner: UploadOwner
  /** Largest file accepted, in bytes. */
  readonly maxBytes: number
  /** Allowed media types: `image/png`, `image/*`, `*`; an empty list allows any type (see `isAllowedType`). */
  readonly allowedTypes: readonly string[]
  /**
   * The id of the one file this credential uploads (minted when omitted): a credential is single-use,
   * because a second upload would store a file under an id that already exists.
   */
  readonly fileId?: string
  /** The size declared when asking for the credential: the upload must be exactly this many bytes. */
  readonly size?: number
  /** The type declared when asking for the credential (`type/subtype`): the upload must be of it. */
  readonly mimeType?: string
}

/** A verified upload credential. */
export interface VerifiedUploadCredential extends UploadCredentialClaims {
  readonly fileId: string
  readonly issuedAt: Date
  readonly expiresAt: Date
}

const FILE_ID = /^f_[A-Za-z0-9_-]{8,64}$/

function isOwnerKind(value: unknown): value is UploadOwner['kind'] {
  return value === 'visitor' || value === 'agent'
}

function isMaxBytes(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/**
 * Mints a short-lived credential for one upload. Lives 10 minutes unless `ttlSeconds` says otherwise.
 * Type patterns are stored trimmed and lower-cased.
 *
 * @throws KefuError `invalid_argument` for empty ids, an unknown owner kind, a `maxBytes` that is not a
 * positive integer, a bad type pattern, a bad ttl or a secret under 32 bytes.
 */
export function signUploadCredential(
  claims: UploadCredentialClaims,
  secret: Secret,
  options: SignTokenOptions = {},
): string {
  const companyId = checkId(claims.companyId, 'companyId')
  const owner = claims.owner as Partial<UploadOwner> | undefined
  if (!owner || !isOwnerKind(owner.kind)) throw new KefuError('invalid_argument', "owner.kind must be 'visitor' or 'agent'")
  const ownerId = checkId(owner.id, 'owner.id')
  if (!isMaxBytes(claims.maxBytes)) throw new KefuError('invalid_argument', 'maxBytes must be a positive whole number')
  const types: unknown = claims.allowedTypes
  if (!Array.isArray(types) || types.length > MAX_ALLOWED_TYPES || !types.every(isMimePattern)) {
    throw new KefuError(
      'invalid_argument',
      `allowedTypes must be a list of at most ${MAX_ALLOWED_TYPES} patterns like image/png, image/* or *`,
    )
  }
  const allowedTypes = types.map((type: string) => type.trim().toLowerCase())
  const fileId = claims.fileId ?? `f_${randomBytes(12).toString('base64url')}`
  if (!FILE_ID.test(fileId)) throw new KefuError('invalid_argument', 'fileId must be f_ and 8–64 letters, digits, - or _')
  if (claims.size !== undefined && (!isSize(claims.size) || claims.size > claims.maxBytes)) {
    throw new KefuError('invalid_argument', 'size must be a whole number of bytes no larger than maxBytes')
  }
  const mimeType = claims.mimeType === undefined ? undefined : normalizeMimeType(claims.mimeType)
  if (claims.mimeType !== undefined && mimeType === undefined) throw new KefuError('invalid_argument', 'mimeType must be a media type like image/png')
  const times = tokenTimes(options, UPLOAD_CREDENTIAL_TTL_SECONDS)
  return signToken(
    'upload',
    {
      companyId,
      owner: { kind: owner.kind, id: ownerId },
      maxBytes: claims.maxBytes,
      allowedTypes,
      fid: fileId,
      ...(claims.size !== undefined ? { size: claims.size } : {}),
      ...(mimeType !== undefined ? { mimeType } : {}),
      ...times,
    },
    secret,
  )
}

/**
 * Checks an upload credential. Pass `companyId` to reject credentials of another company. The caller still
 * enforces `maxBytes`, `isAllowedType(type, allowedTypes)`, the declared `size` and `mimeType`, and single
 * use (no file stored under `fileId` yet) on the upload itself.
 *
 * @throws KefuError `unauthorized` — malformed, bad signature, another kind of token, expired, other company.
 */
export function verifyUploadCredential(
  token: unknown,
  secret: Secret,
  options: VerifyTokenOptions = {},
): VerifiedUploadCredential {
  const payload = verifyToken('upload', token, secret, options.now)
  const malformed = () => new KefuError('unauthorized', 'upload credential payload is malformed')
  const companyId = idClaim(payload, 'companyId', 'upload')
  const owner = payload.owner as Record<string, unknown> | null | undefined
  if (typeof owner !== 'object' || owner === null || !isOwnerKind(owner.kind)) throw malformed()
  const ownerId = owner.id
  if (typeof ownerId !== 'string' || ownerId.length === 0 || ownerId.length > MAX_ID_LENGTH) throw malformed()
  const { maxBytes, allowedTypes, fid, size, mimeType } = payload
  if (!isMaxBytes(maxBytes)) throw malformed()
  if (!Array.isArray(allowedTypes) || !allowedTypes.every(isMimePattern)) throw malformed()
  if (typeof fid !== 'string' || !FILE_ID.test(fid)) throw malformed()
  if (size !== undefined && !isSize(size)) throw malformed()
  if (mimeType !== undefined && (typeof mimeType !== 'string' || normalizeMimeType(mimeType) !== mimeType)) throw malformed()
  checkCompany(companyId, options.companyId, 'upload')
  return {
    companyId,
    owner: { kind: owner.kind, id: ownerId },
    maxBytes,
    allowedTypes: allowedTypes as string[],
    fileId: fid,
    ...(size !== undefined ? { size } : {}),
    ...(mimeType !== undefined ? { mimeType: mimeType as string } : {}),
    issuedAt: fromUnixSeconds(payload.iat),
    expiresAt: fromUnixSeconds(payload.exp),
  }
}
