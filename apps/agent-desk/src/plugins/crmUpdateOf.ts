import type { CrmFields } from '@kefu/core'
import type { CrmUpdate } from '@kefu/agent/host'

/** This agent's CRM change in the names Echat's `onCrmUpdate` uses. */
export function crmUpdateOf(visitorId: string, changed: CrmFields): CrmUpdate {
  return {
    visitorId,
    ...(changed.realname !== undefined ? { name: changed.realname } : {}),
    ...(changed.uname !== undefined ? { nickName: changed.uname } : {}),
    ...(changed.gender !== undefined ? { gender: changed.gender } : {}),
    ...(changed.age !== undefined ? { age: changed.age } : {}),
    ...(changed.tel !== undefined ? { phone: changed.tel } : {}),
    ...(changed.qq !== undefined ? { qq: changed.qq } : {}),
    ...(changed.wechat !== undefined ? { wechat: changed.wechat } : {}),
    ...(changed.email !== undefined ? { email: changed.email } : {}),
    ...(changed.remark !== undefined ? { memo: changed.remark } : {}),
  }
}
