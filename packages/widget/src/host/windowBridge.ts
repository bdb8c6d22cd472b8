import { readBridgeMessage, type BridgeMessage } from '../bridge'

type PageMessage = Extract<BridgeMessage, { type: 'visibility' | 'sendCard' }>
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

export interface WindowBridge {
  /** Posts to one chat window, with the kefu origin as target origin. */
  post(target: Window | null | undefined, message: DistributiveOmit<PageMessage, 'kefu'>): void
  destroy(): void
}

/**
 * The page's end of the bridge: messages from the chat window are taken only when `event.origin` is
 * the kefu origin and `event.source` is one of our windows (`targets()`), and only the types a chat
 * window may send.
 */
export function createWindowBridge(
  w: Window,
  origin: string,
  targets: () => readonly (Window | null | undefined)[],
  onMessage: (message: BridgeMessage, source: Window) => void,
): WindowBridge {
  const listener = (event: MessageEvent) => {
    if (event.origin !== origin || !event.source || !targets().includes(event.source as Window)) return
    const message = readBridgeMessage(event.data, 'window')
    if (message) onMessage(message, event.source as Window)
  }
  w.addEventListener('message', listener)
  return {
    post(target, message) {
      try {
        target?.postMessage({ kefu: 1, ...message }, origin)
      } catch {
        // a closed popup or a frame not yet navigated: it asks again with `ready`
      }
    },
    destroy: () => w.removeEventListener('message', listener),
  }
}
