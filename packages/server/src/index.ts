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
