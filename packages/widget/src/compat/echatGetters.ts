import { getChatStatus, type ChatSnapshot, type EchatChatStatusCode } from '@kefu/core'
import { echatStaffInfo, type EchatStaffInfo } from './echatStaffInfo'

/** Echat's `ECHAT.get…()` page methods, answered from one snapshot. */
export interface EchatGetters {
  /** 0 no chat or leave-message, 1 requesting, 2 chatting (bot included), 3 too many windows, 4 ended. */
  getChatStatus(): EchatChatStatusCode
  /** The serving agent, or `''` when there is none. */
  getChatStaffInfo(): EchatStaffInfo | ''
  getUnReadMsgCount(): number
  /** `open` only while the window shows; minimized counts as `close`, like `echatPageStatus` 8. */
  getMiniStatus(): 'open' | 'close'
  /** `''` until the server has welcomed the visitor. */
  getEchatVisitorId(): string
}

export function echatGetters(snapshot: ChatSnapshot): EchatGetters {
  return {
    getChatStatus: () => getChatStatus(snapshot.status),
    getChatStaffInfo: () => (snapshot.staff ? echatStaffInfo(snapshot.staff) : ''),
    getUnReadMsgCount: () => snapshot.unread,
    getMiniStatus: () => (snapshot.window === 'open' ? 'open' : 'close'),
    getEchatVisitorId: () => snapshot.visitorId ?? '',
  }
}
