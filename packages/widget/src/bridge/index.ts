export {
  BRIDGE_HANDSHAKE,
  chatWindowUrl,
  isBridgeHandshake,
  PAGE_TO_WINDOW,
  readBridgeMessage,
  readChatWindowFragment,
  WINDOW_TO_PAGE,
} from './bridgeMessage'
export type { BridgeHandshake, BridgeMessage, BridgeMessageType } from './bridgeMessage'
export { acceptPagePort } from './pagePort'
export type { PagePort } from './pagePort'
