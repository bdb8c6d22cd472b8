import type { StaffInfo } from '@kefu/core'

/** The agent as Echat's `chatStaffInfo` event and `getChatStaffInfo()` give it: all six fields, `''` when unknown. */
export interface EchatStaffInfo {
  readonly staffId: string
  readonly staffNickName: string
  readonly staffPhone: string
  readonly staffHead: string
  readonly staffInfo: string
  readonly recordId: string
}

export function echatStaffInfo(staff: StaffInfo): EchatStaffInfo {
  return {
    staffId: staff.staffId,
    staffNickName: staff.staffNickName,
    staffPhone: staff.staffPhone ?? '',
    staffHead: staff.staffHead ?? '',
    staffInfo: staff.staffInfo ?? '',
    recordId: staff.recordId,
  }
}
