export { generateSecret } from './generateSecret'
export { secretBytes, MIN_SECRET_BYTES, type Secret } from './secretBytes'
export type { Now } from './unixSeconds'
export type { SignTokenOptions, VerifyTokenOptions } from './signedToken'
export {
  signVisitorToken,
  verifyVisitorToken,
  VISITOR_TOKEN_TTL_SECONDS,
  type VisitorTokenClaims,
  type VerifiedVisitorToken,
} from './visitorToken'
export {
  signAgentSession,
  verifyAgentSession,
  AGENT_SESSION_TTL_SECONDS,
  type AgentRole,
  type AgentSessionClaims,
  type VerifiedAgentSession,
} from './agentSession'
export {
  signUploadCredential,
  verifyUploadCredential,
  UPLOAD_CREDENTIAL_TTL_SECONDS,
  MAX_ALLOWED_TYPES,
  type UploadOwner,
  type UploadCredentialClaims,
  type VerifiedUploadCredential,
} from './uploadCredential'
export { isAllowedType, normalizeMimeType } from './isAllowedType'
export { MAX_PARTNERID_LENGTH } from './partnerid'
export {
  verifyMemberSign,
  memberSignMd5,
  memberSignHmac,
  type MemberSignInput,
  type MemberSignCheck,
  type MemberSignAlgorithm,
  type VerifyMemberSignOptions,
} from './memberSign'
export {
  encryptMetaData,
  decryptMetaData,
  generateMetaDataKey,
  METADATA_AAD,
  MAX_METADATA_LENGTH,
  METADATA_MAX_AGE_SECONDS,
  type MemberIdentity,
  type DecryptedMetaData,
  type EncryptMetaDataOptions,
  type DecryptMetaDataOptions,
} from './metaData'
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './password'
export { webhookSignature } from './webhookSignature'
