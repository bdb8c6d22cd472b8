import { ValidationError } from '@kefu/core'
import type { Queryable } from '../db/Database'
import type { CompanySettings } from './companySettings'

/**
 * Settings that name agents or groups must name the company's own: a rule pointing at nobody would
 * silently route visitors nowhere. Refused with every bad reference listed.
 */
export async function checkSettingsReferences(db: Queryable, companyId: string, settings: CompanySettings): Promise<void> {
  if (!settings.transferActions.length) return
  const [agents, groups] = await Promise.all([
    db.query<{ id: string }>('SELECT id FROM agents WHERE company_id = $1', [companyId]),
    db.query<{ id: string }>('SELECT id FROM groups WHERE company_id = $1', [companyId]),
  ])
  const agentIds = new Set(agents.map((a) => a.id))
  const groupIds = new Set(groups.map((g) => g.id))
  const issues = settings.transferActions.flatMap((action, index) => {
    const known = action.actionType === 'to_service' ? agentIds.has(action.deciId) : groupIds.has(action.deciId)
    if (known) return []
    const what = action.actionType === 'to_service' ? 'agent' : 'group'
    return [{ path: `transferActions.${index}.deciId`, message: `no ${what} "${action.deciId}" in this company` }]
  })
  if (issues.length) throw new ValidationError('invalid_argument', issues)
}
