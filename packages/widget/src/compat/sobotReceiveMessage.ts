import type { Locale } from '../i18n/locale'
import { isUnreadFor, type ChatMessage, type ChatSnapshot } from '@kefu/core'
import { messageLabel } from './messageLabel'

/** Sobot's `receive_message` / `zhichiReceive` payload. */
export interface SobotReceivedMessage {
  /** The sender's avatar, else the serving agent's, else `''`. */
  readonly img: string
  readonly name: string
  /** As Echat's `newMsg`: escaped text, `[image]`, `[file]`, … */
  readonly msg: string
  /** Milliseconds since the epoch as a string, like the seed's `create_time: "1586414406391"`. */
  readonly t: string
}

/**
 * The payload for a message, or `undefined` when Sobot would not report it: it fires only while the
 * window is not open, for unread messages from the agent side (agent, bot, system).
 */
export function sobotReceiveMessage(message: ChatMessage, snapshot: ChatSnapshot, locale?: Locale): SobotReceivedMessage | undefined {
  if (snapshot.window === 'open' || !isUnreadFor(message, snapshot.readSeq)) return undefined
  return {
    img: message.senderAvatar ?? snapshot.staff?.staffHead ?? '',
    name: message.senderName ?? snapshot.staff?.staffNickName ?? '',
    msg: messageLabel(message.body, locale, snapshot.staff?.staffNickName),
    t: String(message.createdAt),
  }
}
