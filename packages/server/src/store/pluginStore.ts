import type { Queryable } from '../db/Database'
import { setClause, type ColumnMap } from './setClause'

/** A page a plugin can show: `apiUrl(pageId, openType)` in a card opens it in the workbench. */
export interface PluginPage {
  /** Positive, unique within the company. */
  readonly pageId: number
  readonly title: string
  readonly url: string
}

/** A business system registered with the workbench, as any agent of the company sees it (no secret). */
export interface Plugin {
  readonly pluginId: string
  readonly name: string
  /** The page the workbench opens in the plugin's iframe. */
  readonly url: string
  /** `scheme://host[:port]`: the only origin the plugin's pages may run on and be talked to. */
  readonly allowedOrigin: string
  /** Open `url` with the selected visitor's data as GET parameters (and reload it when the visitor changes). */
  readonly visitorParams: boolean
  readonly pages: readonly PluginPage[]
  readonly createdAt: number
  readonly updatedAt: number
}

export interface PluginRecord extends Plugin {
  readonly companyId: string
  /** Signs config signatures and context proofs (HMAC key, as UTF-8). */
  readonly secret: string
}

/** The fields an admin sets. */
export type PluginFields = Pick<PluginRecord, 'name' | 'url' | 'allowedOrigin' | 'visitorParams' | 'pages' | 'secret'>

interface PluginRow {
  id: string
  company_id: string
  name: string
  url: string
  allowed_origin: string
  secret: string
  visitor_params: boolean
  pages: PluginPage[] | null
  created_at: number | string
  updated_at: number | string
}

const toPlugin = (row: PluginRow): PluginRecord => ({
  pluginId: row.id,
  companyId: row.company_id,
  name: row.name,
  url: row.url,
  allowedOrigin: row.allowed_origin,
  secret: row.secret,
  visitorParams: row.visitor_params,
  pages: row.pages ?? [],
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
})

/** The plugin without its secret: what listings and non-admins get. */
export function publicPlugin(plugin: PluginRecord): Plugin {
  const { pluginId, name, url, allowedOrigin, visitorParams, pages, createdAt, updatedAt } = plugin
  return { pluginId, name, url, allowedOrigin, visitorParams, pages, createdAt, updatedAt }
}

const COLUMNS: ColumnMap<Partial<PluginFields>> = {
  name: ['name', false],
  url: ['url', false],
  allowedOrigin: ['allowed_origin', false],
  visitorParams: ['visitor_params', false],
  pages: ['pages', true],
  secret: ['secret', false],
}

export async function insertPlugin(db: Queryable, plugin: PluginFields & { pluginId: string; companyId: string; now: number }): Promise<PluginRecord> {
  const [row] = await db.query<PluginRow>(
    `INSERT INTO plugins (id, company_id, name, url, allowed_origin, secret, visitor_params, pages, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $9) RETURNING *`,
    [plugin.pluginId, plugin.companyId, plugin.name, plugin.url, plugin.allowedOrigin, plugin.secret, plugin.visitorParams, JSON.stringify(plugin.pages), plugin.now],
  )
  return toPlugin(row!)
}

export async function listPlugins(db: Queryable, companyId: string): Promise<PluginRecord[]> {
  return (await db.query<PluginRow>('SELECT * FROM plugins WHERE company_id = $1 ORDER BY created_at, id', [companyId])).map(toPlugin)
}

export async function findPlugin(db: Queryable, companyId: string, pluginId: string): Promise<PluginRecord | null> {
  const [row] = await db.query<PluginRow>('SELECT * FROM plugins WHERE company_id = $1 AND id = $2', [companyId, pluginId])
  return row ? toPlugin(row) : null
}

export async function updatePlugin(db: Queryable, companyId: string, pluginId: string, patch: Partial<PluginFields>, now: number): Promise<PluginRecord | null> {
  const params: unknown[] = [companyId, pluginId, now]
  const sets = setClause(COLUMNS, patch, params)
  const [row] = await db.query<PluginRow>(
    `UPDATE plugins SET ${[...sets, 'updated_at = $3'].join(', ')} WHERE company_id = $1 AND id = $2 RETURNING *`,
    params,
  )
  return row ? toPlugin(row) : null
}

export async function deletePlugin(db: Queryable, companyId: string, pluginId: string): Promise<boolean> {
  return (await db.query('DELETE FROM plugins WHERE company_id = $1 AND id = $2 RETURNING id', [companyId, pluginId])).length > 0
}

/**
 * Serializes page-id checks of one company until the transaction ends: page ids live in each plugin's
 * `pages` JSON, so no unique index can guard them, and two admins saving at once must not both win.
 */
export async function lockCompanyPlugins(tx: Queryable, companyId: string): Promise<void> {
  await tx.query('SELECT id FROM companies WHERE id = $1 FOR UPDATE', [companyId])
}

/** Which of `pageIds` another plugin of the company (not `exceptPluginId`) already has. */
export async function takenPageIds(db: Queryable, companyId: string, pageIds: readonly number[], exceptPluginId?: string): Promise<number[]> {
  if (pageIds.length === 0) return []
  const rows = await db.query<{ page_id: number }>(
    `SELECT DISTINCT (page ->> 'pageId')::int AS page_id
       FROM plugins, jsonb_array_elements(pages) AS page
      WHERE company_id = $1 AND id <> $2 AND (page ->> 'pageId')::int = ANY($3::int[])
      ORDER BY page_id`,
    [companyId, exceptPluginId ?? '', [...pageIds]],
  )
  return rows.map((row) => Number(row.page_id))
}

/**
 * Records a config signature's nonce until `expiresAt` (ms); false when the plugin already used it. The
 * insert is the check, so two requests racing with one nonce cannot both succeed. Expired nonces of the
 * plugin are dropped first: their signatures are outside the time window anyway.
 */
export async function useNonce(db: Queryable, pluginId: string, nonce: string, expiresAt: number, now: number): Promise<boolean> {
  await db.query('DELETE FROM plugin_nonces WHERE plugin_id = $1 AND expires_at < $2', [pluginId, now])
  const inserted = await db.query('INSERT INTO plugin_nonces (plugin_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING nonce', [pluginId, nonce, expiresAt])
  return inserted.length === 1
}
