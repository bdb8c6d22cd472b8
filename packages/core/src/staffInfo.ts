/** The agent serving the visitor, with the Echat seed's field names (`getChatStaffInfo`). */
export interface StaffInfo {
  readonly staffId: string
  readonly staffNickName: string
  readonly staffPhone?: string
  readonly staffHead?: string
  readonly staffInfo?: string
  /** The conversation id, e.g. `1_12312`. */
  readonly recordId: string
}
