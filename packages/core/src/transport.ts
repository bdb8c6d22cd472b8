import type { UploadedFile } from './message'
import type { ClientFrame, ServerFrame } from './protocol'

export interface TransportHandlers {
  /** The link is up (again); the client answers with `hello`. */
  open(): void
  frame(frame: ServerFrame): void
  /** The link is down; `reconnecting` says whether the transport will try again by itself. */
  close(info: { readonly reconnecting: boolean; readonly reason?: string }): void
}

/**
 * How a chat client reaches a server. `@kefu/core/testing` has an in-process one;
 * the WebSocket one talks to `@kefu/server`.
 */
export interface Transport {
  connect(handlers: TransportHandlers): void
  send(frame: ClientFrame): void
  disconnect(): void
  /** Stores a file and returns where it lives; transports without uploads leave it out. */
  upload?(file: Blob, name: string): Promise<UploadedFile>
}
