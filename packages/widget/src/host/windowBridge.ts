import { BRIDGE_HANDSHAKE, readBridgeMessage, type BridgeMessage } from '../bridge'

type PageMessage = Extract<BridgeMessage, { type: 'visibility' | 'sendCard' }>
type WindowMessage = Extract<BridgeMessage, { type: 'ready' | 'minimize' | 'maximize' | 'close' }>
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
type Outgoing = DistributiveOmit<PageMessage, 'kefu'>

export interface FrameBridge {
  /**
   * Sends to the chat window in the frame once it has said `ready` over the channel. Until then
   * messages wait (a later `visibility` replaces a waiting one) and go out, in order, on `ready`.
   */
  post(message: Outgoing): void
  /** The frame is about to load another page: hold messages until that one connects and says ready. */
  reset(): void
  destroy(): void
}

/**
 * The page's end of the bridge to its in-page chat window. Each time the frame has loaded a page of the
 * kefu origin, the page makes a `MessageChannel` and hands one port to the frame's window in a single
 * handshake posted with the kefu origin as target (so a frame showing anything else never gets it);
 * from then on both sides talk over the ports only. Nothing kefu says ever reaches the store page's own
 * `message` listeners, and nothing the store page receives is read as kefu's.
 */
export function createFrameBridge(frame: HTMLIFrameElement, origin: string, onMessage: (message: WindowMessage) => void): FrameBridge {
  let port: MessagePort | undefined
  let ready = false
  let waiting: Outgoing[] = []
  const send = (message: Outgoing) => port!.postMessage({ kefu: 1, ...message })
  const reset = () => {
    port?.close()
    port = undefined
    ready = false
  }
  const connect = () => {
    reset()
    // A frame without a kefu page (its first about:blank, a page that failed to load elsewhere) is left alone.
    if (!frame.src.startsWith(`${origin}/`) || !frame.contentWindow) return
    const channel = new MessageChannel()
    port = channel.port1
    port.onmessage = (event) => {
      const message = readBridgeMessage(event.data, 'window') as WindowMessage | undefined
      if (!message) return
      if (message.type === 'ready') {
        ready = true
        waiting.splice(0).forEach(send)
      }
      onMessage(message)
    }
    frame.contentWindow.postMessage(BRIDGE_HANDSHAKE, origin, [channel.port2])
  }
  frame.addEventListener('load', connect)
  return {
    post(message) {
      if (ready) return send(message)
      // Only the latest visibility matters; cards all wait, in order.
      waiting = [...waiting.filter((item) => message.type !== 'visibility' || item.type !== 'visibility'), message]
    },
    reset,
    destroy() {
      frame.removeEventListener('load', connect)
      reset()
      waiting = []
    },
  }
}
