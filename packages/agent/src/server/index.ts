export { signPluginPage } from './signPluginPage'
export type { PluginPageSignature } from './signPluginPage'
export {
  CONTEXT_PROOF_CLOCK_SKEW_SECONDS,
  CONTEXT_PROOF_MAX_AGE_SECONDS,
  contextProofSignature,
  proofFromHeader,
  verifyContextProof,
} from './verifyContextProof'
export type { ContextProofCheck, ContextProofOptions, ContextProofRejection } from './verifyContextProof'
export type { ContextProof } from '../bridgeProtocol'
