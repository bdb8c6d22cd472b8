import { readBridgeMessage, type BridgeMessage } from '../bridge'

type PageMessage = Extract<BridgeMessage, { type: 'visibility' | 'sendCard' }>
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
type Outgoing = DistributiveOmit<PageMessage, 'kefu'>

export interface WindowBridge {
  /**
   * Posts to one chat window, with the kefu origin as target origin — once that window has said `ready`.
   * Until then messages wait (a later `visibility` replaces a waiting one) and go out, in order, on `ready`.
   */
  post(target: Window | null | undefined, message: Outgoing): void
  /** The window is loading another page (its iframe got a new `src`): hold messages until it is ready again. */
  reset(target: Window | null | undefined): void
  destroy(): void
}

/**
 * The page's end of the bridge: messages from the chat window are taken only when `event.origin` is
 * the kefu origin and `event.source` is one of our windows (`targets()`), and only the types a chat
 * window may send.
 *
 * Nothing is posted to a window before its `ready`: until the chat window has loaded, the frame holds
 * `about:blank` (the page's own origin), and a post with the kefu target origin is dropped by the browser
 * with a "target origin does not match the recipient window's origin" warning.
 */
export function createWindowBridge(
  w: Window,
  origin: string,
  targets: () => readonly (Window | null | undefined)[],
  onMessage: (message: BridgeMessage, source: Window) => void,
): WindowBridge {
  const ready = new WeakSet<Window>()
  const waiting = new Map<Window, Outgoing[]>()
  const send = (target: Window, message: Outgoing) => {
    try {
      target.postMessage({ kefu: 1, ...message }, origin)
    } catch {
      // a closed popup: nothing to tell
    }
  }
  const listener = (event: MessageEvent) => {
    if (event.origin !== origin || !event.source || !targets().includes(event.source as Window)) return
    const source = event.source as Window
    const message = readBridgeMessage(event.data, 'window')
    if (!message) return
    if (message.type === 'ready') {
      ready.add(source)
      const queued = waiting.get(source) ?? []
      waiting.delete(source)
      for (const item of queued) send(source, item)
    }
    onMessage(message, source)
  }
  w.addEventListener('message', listener)
  return {
    post(target, message) {
      if (!target) return
      if (ready.has(target)) return send(target, message)
      // Only the latest visibility matters; cards all wait, in order.
      const queue = (waiting.get(target) ?? []).filter((item) => message.type !== 'visibility' || item.type !== 'visibility')
      waiting.set(target, [...queue, message])
    },
    reset(target) {
      if (target) ready.delete(target)
    },
    destroy: () => {
      w.removeEventListener('message', listener)
      waiting.clear()
    },
  }
}
