import type { Queryable } from '../db/Database'
import { readCompanySettings, type CompanySettings } from '../domain/companySettings'

export interface Company {
  readonly id: string
  readonly name: string
  /** Sobot's 密钥 for `sign = MD5(sysnum + key + partnerid)`. */
  readonly signKey: string
  /** AES-256-GCM key (base64) for Echat `metaData`. */
  readonly metaKey: string
  readonly settings: CompanySettings
  /** When the sign key and the metaData key were last issued. */
  readonly signKeyRotatedAt: number
  readonly metaKeyRotatedAt: number
  readonly createdAt: number
}

interface CompanyRow {
  id: string
  name: string
  sign_key: string
  meta_key: string
  settings: unknown
  sign_key_rotated_at: number | null
  meta_key_rotated_at: number | null
  created_at: number
}

const toCompany = (row: CompanyRow): Company => ({
  id: row.id,
  name: row.name,
  signKey: row.sign_key,
  metaKey: row.meta_key,
  settings: readCompanySettings(row.settings),
  signKeyRotatedAt: Number(row.sign_key_rotated_at ?? row.created_at),
  metaKeyRotatedAt: Number(row.meta_key_rotated_at ?? row.created_at),
  createdAt: Number(row.created_at),
})

export async function insertCompany(db: Queryable, company: Omit<Company, 'createdAt' | 'signKeyRotatedAt' | 'metaKeyRotatedAt'>): Promise<Company> {
  const [row] = await db.query<CompanyRow>(
    `INSERT INTO companies (id, name, sign_key, meta_key, settings, created_at, sign_key_rotated_at, meta_key_rotated_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6, $6) RETURNING *`,
    [company.id, company.name, company.signKey, company.metaKey, JSON.stringify(company.settings), Date.now()],
  )
  return toCompany(row!)
}

export async function findCompany(db: Queryable, id: string): Promise<Company | null> {
  const [row] = await db.query<CompanyRow>('SELECT * FROM companies WHERE id = $1', [id])
  return row ? toCompany(row) : null
}

export async function listCompanies(db: Queryable): Promise<Company[]> {
  return (await db.query<CompanyRow>('SELECT * FROM companies ORDER BY created_at')).map(toCompany)
}

export async function updateCompany(
  db: Queryable,
  id: string,
  patch: { readonly name?: string; readonly settings?: CompanySettings },
): Promise<Company | null> {
  const [row] = await db.query<CompanyRow>(
    `UPDATE companies SET name = COALESCE($2, name), settings = COALESCE($3::jsonb, settings) WHERE id = $1 RETURNING *`,
    [id, patch.name ?? null, patch.settings ? JSON.stringify(patch.settings) : null],
  )
  return row ? toCompany(row) : null
}

/** Replaces the sign key or the metaData key; what was signed or encrypted with the old one stops verifying. */
export async function rotateCompanyKey(db: Queryable, id: string, key: 'sign' | 'meta', value: string, at: number): Promise<Company | null> {
  const [row] = await db.query<CompanyRow>(
    key === 'sign'
      ? 'UPDATE companies SET sign_key = $2, sign_key_rotated_at = $3 WHERE id = $1 RETURNING *'
      : 'UPDATE companies SET meta_key = $2, meta_key_rotated_at = $3 WHERE id = $1 RETURNING *',
    [id, value, at],
  )
  return row ? toCompany(row) : null
}

/** The next conversation id of a company, Echat `recordId` style: `<companyId>_<n>`. */
export async function nextRecordId(db: Queryable, companyId: string): Promise<string> {
  const [row] = await db.query<{ record_counter: number }>(
    'UPDATE companies SET record_counter = record_counter + 1 WHERE id = $1 RETURNING record_counter',
    [companyId],
  )
  return `${companyId}_${Number(row!.record_counter)}`
}
