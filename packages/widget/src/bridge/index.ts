export { chatWindowUrl, PAGE_TO_WINDOW, readBridgeMessage, readChatWindowFragment, WINDOW_TO_PAGE } from './bridgeMessage'
export type { BridgeMessage, BridgeMessageType } from './bridgeMessage'
