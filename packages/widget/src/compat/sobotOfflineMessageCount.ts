import { isChatActive, type ChatSnapshot } from '@kefu/core'

/** Sobot's `offline_message_count`: unread messages left while no conversation is under way, else 0. */
export function sobotOfflineMessageCount(snapshot: ChatSnapshot): number {
  return isChatActive(snapshot.status) ? 0 : snapshot.unread
}
