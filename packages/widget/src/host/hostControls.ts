import type { ChatClient, KeyValueStorage } from '@kefu/core'
import type { EchatListeners } from './echatListeners'
import type { ChatParams, ChatParamsSource } from '../params'
import type { TitleFlasher } from './titleFlasher'

/** What the page APIs (`ECHAT.*`, `_echat`, `zc`) act on; built by `startHost`. */
export interface HostControls {
  readonly w: Window
  readonly base: string
  readonly companyId: string
  readonly client: ChatClient
  readonly storage: KeyValueStorage
  readonly fetch: typeof fetch
  readonly echat: EchatListeners
  readonly title: TitleFlasher
  /** The merged parameters of every `initParam` / `config` call so far. */
  params(): ChatParams
  /** One more `initParam` / `config` call. */
  addParams(source: Record<string, unknown>): void
  /** The chat window's URL for the current parameters plus `extra` (one call's own). */
  chatPageUrl(extra?: ChatParamsSource): string
  /** Opens the in-page window (creating or re-pointing its iframe when `extra` is given). */
  openMini(extra?: ChatParamsSource): void
  openPopup(extra?: ChatParamsSource): void
  openTab(extra?: ChatParamsSource): void
  /** The entrance's choice: new tab with Sobot `anchor`, else the in-page window. */
  openChat(): void
  setMobilePageTop(top: number): void
  /** Sobot manual init (`frame_manual`): shows the entrance now. */
  initEntrance(): void
  /** Runs `callback` once the chat window said `ready` (at once if it has). */
  onFrameReady(callback: () => void): void
  /** Sobot `receive_message` callbacks. */
  onReceive(callback: (payload: unknown) => void): void
}
