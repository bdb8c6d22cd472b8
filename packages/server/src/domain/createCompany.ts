import type { Database } from '../db/Database'
import { generateMetaDataKey, generateSecret, hashPassword } from '../security'
import { insertAgent, type AgentRecord } from '../store/agentStore'
import { insertCompany, type Company } from '../store/companyStore'
import { companySettingsSchema } from './companySettings'
import { newId } from './ids'

export interface NewCompany {
  /** Echat `companyId` / Sobot `sysnum`; letters, digits, `-` and `_`. */
  readonly id: string
  readonly name: string
  readonly settings?: unknown
  readonly admin: { readonly email: string; readonly name: string; readonly password: string }
}

/** A tenant with fresh keys and its first admin, in one transaction. */
export async function createCompany(db: Database, input: NewCompany): Promise<{ company: Company; admin: AgentRecord }> {
  const settings = companySettingsSchema.parse(input.settings ?? {})
  const passwordHash = await hashPassword(input.admin.password)
  return db.transaction(async (tx) => {
    const company = await insertCompany(tx, {
      id: input.id,
      name: input.name,
      signKey: generateSecret(32),
      metaKey: generateMetaDataKey(),
      settings,
    })
    const admin = await insertAgent(tx, {
      id: newId('a'),
      companyId: company.id,
      email: input.admin.email,
      name: input.admin.name,
      passwordHash,
      role: 'admin',
      capacity: 5,
    })
    return { company, admin }
  })
}
