import type { Card } from '@kefu/core'

/**
 * What the store page (the loader's host runtime) and its in-page chat window (the iframe) say to each
 * other. Both ends run their own chat client for the same visitor; the bridge carries only what one side
 * knows and the other needs: whether the window is seen, and the window controls the chat window's own
 * buttons ask for.
 *
 * None of it goes through the page's `window`, whose `message` listeners belong to the store (Sobot's
 * seed listener runs `JSON.parse(e.data)` on everything): the page hands the frame a `MessageChannel`
 * port in one handshake (`BridgeHandshake`, posted to the frame with the kefu origin as target), and
 * every message after that travels over the port. A popup or tab is a chat window of its own and has no
 * bridge.
 */
export type BridgeMessage =
  // chat window → page
  | { readonly kefu: 1; readonly type: 'ready' }
  | { readonly kefu: 1; readonly type: 'minimize' }
  | { readonly kefu: 1; readonly type: 'maximize' }
  /** The chat ended (and was evaluated, if asked): the page may hide the window. */
  | { readonly kefu: 1; readonly type: 'close' }
  // page → chat window
  /** Whether the visitor can see the chat window now (open and the page visible): it marks messages read. */
  | { readonly kefu: 1; readonly type: 'visibility'; readonly visible: boolean }
  /** `ECHAT.pushVisitorEvent` / `zc` cards forwarded to the window that owns the conversation view. */
  | { readonly kefu: 1; readonly type: 'sendCard'; readonly card: Card }

export type BridgeMessageType = BridgeMessage['type']

/** The page's one message to its frame's window: `ports[0]` is the frame's end of the channel. */
export interface BridgeHandshake {
  readonly kefu: 1
  readonly type: 'connect'
}

export const BRIDGE_HANDSHAKE: BridgeHandshake = { kefu: 1, type: 'connect' }

/** Whether `data` is the page's handshake. */
export const isBridgeHandshake = (data: unknown): data is BridgeHandshake =>
  typeof data === 'object' && data !== null && (data as BridgeHandshake).kefu === 1 && (data as BridgeHandshake).type === 'connect'

/** Messages a chat window may send, and messages a page may send. */
export const WINDOW_TO_PAGE: readonly BridgeMessageType[] = ['ready', 'minimize', 'maximize', 'close']
export const PAGE_TO_WINDOW: readonly BridgeMessageType[] = ['visibility', 'sendCard']

/** A bridge message from `from` (the other side), or `undefined` for anything else. */
export function readBridgeMessage(data: unknown, from: 'page' | 'window'): BridgeMessage | undefined {
  if (typeof data !== 'object' || data === null || (data as { kefu?: unknown }).kefu !== 1) return undefined
  const type = (data as { type?: unknown }).type
  const allowed = from === 'window' ? WINDOW_TO_PAGE : PAGE_TO_WINDOW
  if (typeof type !== 'string' || !allowed.includes(type as BridgeMessageType)) return undefined
  if (type === 'visibility' && typeof (data as { visible?: unknown }).visible !== 'boolean') return undefined
  if (type === 'sendCard' && (typeof (data as { card?: unknown }).card !== 'object' || (data as { card?: unknown }).card === null)) return undefined
  return data as BridgeMessage
}

/**
 * The chat window's URL: the link-deployment parameters in the query, the visitor token and the page's
 * origin in the fragment (never sent to servers or leaked in Referer headers).
 */
export function chatWindowUrl(base: string, query: URLSearchParams, fragment: { visitorToken?: string; pageOrigin?: string }): string {
  const hash = new URLSearchParams()
  if (fragment.visitorToken) hash.set('vt', fragment.visitorToken)
  if (fragment.pageOrigin) hash.set('origin', fragment.pageOrigin)
  const search = query.toString()
  return `${base}${search ? `?${search}` : ''}${hash.size ? `#${hash.toString()}` : ''}`
}

/** What a chat window reads from its own fragment. */
export function readChatWindowFragment(hash: string): { visitorToken?: string; pageOrigin?: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const visitorToken = params.get('vt') ?? undefined
  const origin = params.get('origin') ?? undefined
  let pageOrigin: string | undefined
  try {
    // Only a real origin: a scheme, a host and nothing after.
    pageOrigin = origin && new URL(origin).origin === origin ? origin : undefined
  } catch {
    pageOrigin = undefined
  }
  return { ...(visitorToken ? { visitorToken } : {}), ...(pageOrigin ? { pageOrigin } : {}) }
}
