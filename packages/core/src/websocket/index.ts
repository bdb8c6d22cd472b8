export { websocketTransport } from './websocketTransport'
export type { WebSocketConstructorLike, WebSocketLike, WebsocketTransportOptions } from './websocketTransport'
