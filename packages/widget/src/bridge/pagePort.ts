import { isBridgeHandshake, readBridgeMessage, type BridgeMessage } from './bridgeMessage'

type WindowToPage = Extract<BridgeMessage, { type: 'ready' | 'minimize' | 'maximize' | 'close' }>
type PageToWindow = Extract<BridgeMessage, { type: 'visibility' | 'sendCard' }>

/** The chat window's end of the bridge to the page that embeds it. */
export interface PagePort {
  /** Whether a page embeds this window and will connect (its origin came in the fragment). */
  readonly embedded: boolean
  /** Sends over the port; until the page has connected, messages wait and go out in order. */
  post(message: WindowToPage): void
}

/**
 * Waits for the embedding page's handshake — from the window's real parent (`event.source`, which no URL
 * can fake), of one of the company's site origins when it lists any, carrying a port — and from then on
 * hears and speaks only over that port. The origin in the fragment only says a kefu host will connect; it
 * never decides who is heard. The chat window never posts to the page's window. A later handshake (the
 * page's host started again) replaces the port.
 */
export function acceptPagePort(
  w: Window,
  pageOrigin: string | undefined,
  siteOrigins: readonly string[],
  onMessage: (message: PageToWindow) => void,
): PagePort {
  const embedded = w.parent !== w && !!pageOrigin
  let port: MessagePort | undefined
  let ready = false
  const waiting: WindowToPage[] = []
  if (embedded) {
    w.addEventListener('message', (event) => {
      if (event.source !== w.parent || !isBridgeHandshake(event.data) || !event.ports[0]) return
      if (siteOrigins.length && !siteOrigins.includes(event.origin)) return console.warn(`[kefu] ${event.origin} is not a site origin`)
      const replaced = !!port
      port?.close()
      port = event.ports[0]
      port.onmessage = (message) => {
        const read = readBridgeMessage(message.data, 'page')
        if (read) onMessage(read as PageToWindow)
      }
      // A new host on the page waits for `ready` like the first did.
      if (replaced && ready) port.postMessage({ kefu: 1, type: 'ready' })
      for (const item of waiting.splice(0)) port.postMessage(item)
    })
  }
  return {
    embedded,
    post(message) {
      if (!embedded) return
      if (message.type === 'ready') ready = true
      if (port) port.postMessage(message)
      else waiting.push(message)
    },
  }
}
