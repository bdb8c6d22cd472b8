import type { Queryable } from '../db/Database'

/**
 * Records that an acknowledged action (anything but a message) was carried out, so a resend after
 * a reconnect is acknowledged again without running twice. Returns false for a repeat.
 */
export async function recordAction(db: Queryable, companyId: string, actor: string, clientId: string): Promise<boolean> {
  const rows = await db.query(
    'INSERT INTO processed_actions (company_id, actor, client_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING client_id',
    [companyId, actor, clientId, Date.now()],
  )
  return rows.length > 0
}

export async function forgetActionsBefore(db: Queryable, before: number): Promise<void> {
  await db.query('DELETE FROM processed_actions WHERE created_at < $1', [before])
}
