import type { Transport } from '@kefu/core'

/**
 * The transport of the client used while rendering on the server. Nothing mounts there, so
 * `connect()` is never called and no socket is opened; actions queued during a render are dropped
 * with the request's client, and the browser's client (created by the client plugin) does the talking.
 */
export const inertTransport: Transport = {
  connect() {},
  send() {},
  disconnect() {},
}
