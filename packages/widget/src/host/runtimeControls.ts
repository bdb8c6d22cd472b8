import type { ChatClient } from '@kefu/core'
import type { ChatParams, ChatParamsSource } from '../params'
import type { EchatListeners } from './echatListeners'
import type { PageHost } from './pageHost'

/** What the runtime's page calls (`ECHAT.*`, `zc`) act on; built by `startRuntime`. */
export interface RuntimeControls {
  readonly page: PageHost
  readonly client: ChatClient
  readonly fetch: typeof fetch
  readonly echat: EchatListeners
  /** The merged parameters of every `initParam` / `config` call so far. */
  params(): ChatParams
  /** The chat window's URL for the current parameters plus `extra` (one call's own). */
  chatPageUrl(extra?: ChatParamsSource): string
  /** Opens the in-page window (creating or re-pointing its iframe when `extra` is given). */
  openMini(extra?: ChatParamsSource): void
  /** Points a window the small host opened in the visitor's click (popup or tab) at the chat window. */
  pointWindow(opened: Window | null | undefined, extra?: ChatParamsSource): void
  setMobilePageTop(top: number): void
  /** Runs `callback` once the chat window said `ready` (at once if it has). */
  onFrameReady(callback: () => void): void
  /** Sobot `receive_message` callbacks. */
  onReceive(callback: (payload: unknown) => void): void
}
