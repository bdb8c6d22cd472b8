import type { CrmFields, LeaveMessageRecord } from '@kefu/core'

/** Custom fields of a leave form that name a CRM field of their own (Sobot's 工单 forms may ask for them). */
const FIELD_KEYS = ['qq', 'wechat'] as const
/** The lengths `validateVisitorIdentity` allows these CRM fields; a longer value is left out, not cut. */
const MAX_LENGTH: Readonly<Record<string, number>> = { realname: 100, tel: 40, email: 200, qq: 20, wechat: 64 }

/**
 * The CRM fields a leave message fills: its name (the visitor's real name), phone and e-mail, and a `qq`
 * or `wechat` field. Only fields the profile has empty: what the visitor or the store said before, or
 * an agent typed, is not overwritten by a form.
 */
export function crmFromLeaveMessage(current: CrmFields, message: LeaveMessageRecord): CrmFields {
  const given: Partial<Record<keyof CrmFields, string | undefined>> = {
    realname: message.name,
    tel: message.tel,
    email: message.email,
    ...Object.fromEntries(FIELD_KEYS.map((key) => [key, message.fields?.[key]])),
  }
  const fill: Record<string, string> = {}
  for (const [key, raw] of Object.entries(given)) {
    const value = raw?.trim()
    const existing = current[key as keyof CrmFields]
    if (value && value.length <= (MAX_LENGTH[key] ?? 0) && (existing === undefined || existing === '')) fill[key] = value
  }
  return fill
}
