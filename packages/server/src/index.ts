export { createKefuServer } from './createKefuServer'
export type { KefuServer, KefuServerOptions } from './createKefuServer'
export { createCompany } from './domain/createCompany'
export type { NewCompany } from './domain/createCompany'
export { companySettingsSchema, DEFAULT_COMPANY_SETTINGS } from './domain/companySettings'
export type { CompanySettings } from './domain/companySettings'
export { openDatabase } from './db/openDatabase'
export type { Database, Queryable } from './db/Database'
export type { Bus } from './bus/Bus'
export { memoryBus } from './bus/memoryBus'
export {
  decryptMetaData,
  encryptMetaData,
  hashPassword,
  memberSignHmac,
  memberSignMd5,
  verifyMemberSign,
} from './security'
export type { MemberIdentity } from './security'
export { contextProofSignature, pluginSignature, PLUGIN_SIGNATURE_WINDOW_SECONDS } from './security/pluginSignature'
export type { ContextProofInput, PluginSignatureInput } from './security/pluginSignature'
export type { PluginVerifyReason, PluginVerifyResult } from './plugins/verifyPluginConfig'
export type { Plugin, PluginPage } from './store/pluginStore'
export type { QuickReply } from './store/quickReplyStore'
