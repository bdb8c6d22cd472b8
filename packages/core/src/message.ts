import type { OrderCard } from './cards/orderCard'
import type { ProductCard } from './cards/productCard'
import { keepEqual } from './keepEqual'

export type MessageSender = 'visitor' | 'agent' | 'bot' | 'system'

/** A file kept by the kefu server (or your own storage), as a message references it. */
export interface UploadedFile {
  readonly url: string
  readonly name: string
  /** Bytes. */
  readonly size: number
  readonly mimeType: string
}

/** What a message carries; `type` tells which. */
export type MessageBody =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'image'
      readonly url: string
      readonly thumbnailUrl?: string
      readonly name?: string
      readonly size?: number
    }
  | { readonly type: 'file'; readonly url: string; readonly name: string; readonly size: number; readonly mimeType?: string }
  | { readonly type: 'voice'; readonly url: string; readonly duration?: number; readonly name?: string; readonly size?: number }
  | {
      readonly type: 'video'
      readonly url: string
      readonly thumbnailUrl?: string
      readonly name?: string
      readonly size?: number
    }
  | { readonly type: 'product'; readonly card: ProductCard & { readonly type: 'product' } }
  | { readonly type: 'order'; readonly card: OrderCard }
  | {
      readonly type: 'form'
      readonly formId: number
      readonly formName: string
      readonly fields?: Readonly<Record<string, string>>
    }
  /** A place (WeChat's map message); an agent's click tells plugins `OnMapMsgClick`. `scale` is the map zoom, 1–20. */
  | {
      readonly type: 'location'
      /** Degrees, −90..90. */
      readonly latitude: number
      /** Degrees, −180..180. */
      readonly longitude: number
      /** What the place is, e.g. an address. */
      readonly label?: string
      readonly scale?: number
    }
  /**
   * A system notice: "agent joined", "chat ended", … A UI renders it in its reader's language from
   * `code` and `params` (e.g. `agent.joined` with `{ name }`, the agent serving at that time);
   * `text` is the server's fallback for a code the UI does not know.
   */
  | { readonly type: 'notice'; readonly text: string; readonly code?: string; readonly params?: Readonly<Record<string, string>> }

export type MessageType = MessageBody['type']

/** What a visitor may send: everything but system notices. */
export type OutgoingMessageBody = Exclude<MessageBody, { type: 'notice' }>

export interface ChatMessage {
  /** Server id; for a message not yet acknowledged, its client id. */
  readonly id: string
  /** The client id the sender chose; the server de-duplicates resends by it. */
  readonly clientId?: string
  /** Per-conversation-stream sequence number; `null` until the server has stored the message. */
  readonly seq: number | null
  readonly sender: MessageSender
  readonly senderName?: string
  readonly senderAvatar?: string
  /** Milliseconds since the epoch. */
  readonly createdAt: number
  /** `pending` until acknowledged; `failed` if the server refused it. */
  readonly state: 'pending' | 'sent' | 'failed'
  /** Agent-only messages (`visibility: 2`) never reach the visitor. */
  readonly visibility: 'both' | 'agent'
  /** Echat's `customizeMsgType`: 1 a visitor/agent message, 2 a system message. */
  readonly customizeMsgType?: 1 | 2
  /** Offered actions, e.g. the bot's "talk to an agent". */
  readonly actions?: readonly MessageAction[]
  readonly body: MessageBody
}

export type MessageAction = { readonly type: 'handoff'; readonly label?: string }

function compareMessages(a: ChatMessage, b: ChatMessage): number {
  if (a.seq === null) return b.seq === null ? 0 : 1
  if (b.seq === null) return -1
  return a.seq - b.seq
}

/**
 * Merges incoming messages into a list ordered by sequence number (unsent ones last),
 * de-duplicated by id and by client id. Returns `current` itself when nothing changed.
 */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): readonly ChatMessage[] {
  if (incoming.length === 0) return current
  const next = current.slice()
  let changed = false
  for (const message of incoming) {
    const index = next.findIndex(
      (m) => m.id === message.id || (message.clientId !== undefined && m.id === message.clientId && m.seq === null),
    )
    if (index === -1) {
      next.push(message)
      changed = true
    } else if (keepEqual(next[index]!, message) !== next[index]) {
      next[index] = message
      changed = true
    }
  }
  if (!changed) return current
  // Stable sort keeps unsent messages in the order they were written.
  return next.sort(compareMessages)
}

/** The highest stored sequence number in a list, or 0. */
export function lastSeqOf(messages: readonly ChatMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const seq = messages[i]!.seq
    if (seq !== null) return seq
  }
  return 0
}
