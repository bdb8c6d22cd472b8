import type { Card } from '@kefu/core'

/**
 * What the store page (the loader's host runtime) and the chat window (iframe, popup or tab) say to
 * each other over `postMessage`. Both ends run their own chat client for the same visitor; the bridge
 * carries only what one side knows and the other needs: whether the window is seen, and the window
 * controls the chat window's own buttons ask for. Every message has `kefu: 1`; each side checks the
 * other's origin and `event.source` and posts with an explicit target origin, never `'*'`.
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

/** Messages a chat window may send, and messages a page may send. */
export const WINDOW_TO_PAGE: readonly BridgeMessageType[] = ['ready', 'minimize', 'maximize', 'close']
export const PAGE_TO_WINDOW: readonly BridgeMessageType[] = ['visibility', 'sendCard']

/** A bridge message from `from` (the other side), or `undefined` for anything else on the channel. */
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
