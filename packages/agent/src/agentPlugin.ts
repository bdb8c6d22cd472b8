import type { EchatVisEvt } from '@kefu/core/cards'
import type { ReadableStore } from '@kefu/core/store'
import type { CrmUpdate, MapMessageClick, ReceivedMessage, SelectedVisitor } from './bridgeProtocol'
import type { PluginError } from './pluginErrors'
import type { SendToVisitorArgs } from './visitorMessageBody'
import type { WechatResult } from './wechatResult'

export interface AgentPluginOptions {
  /** The plugin page's window; read on first use when omitted. */
  readonly window?: Window
  /**
   * The workbench's origin, as the page's server knows it. Recommended: without it the page trusts
   * whoever frames it. When the browser reports the real parent (`location.ancestorOrigins`, Chromium
   * and Safari) it must agree, else the SDK refuses with `origin_mismatch` and sends nothing. Without
   * this option: the parent `ancestorOrigins` names (a `kefuOrigin` GET parameter must agree with it),
   * else `kefuOrigin` if `document.referrer` agrees or is empty, else the referrer's origin.
   */
  readonly hostOrigin?: string
  /** Log every call and event with its arguments (also switched on by `config({debug: true})`). */
  readonly debug?: boolean
  /** How long `config` waits for the workbench's answer before failing with `verify_failed`. Default 15 s. */
  readonly verifyTimeoutMs?: number
  /** How long a call waits for the workbench's result before rejecting with code `timeout`. Default 30 s. */
  readonly callTimeoutMs?: number
}

/** Echat `config`'s argument: signed by the page's server (see PluginSignature). */
export interface AgentPluginConfig {
  readonly debug?: boolean
  /** Seconds since the epoch. */
  readonly timestamp: number
  readonly nonce: string
  readonly signature: string
}

/**
 * The seed's `visEvt`, what `pushVisitorEvent` sends as a product card: core's `EchatVisEvt` with the
 * title it needs. `url` is routed by its form: `apiUrl(pageId,'reload'|'hash')` opens a workbench page,
 * `xcx(…)` a mini-program page, web links both.
 */
export type VisitorEvent = EchatVisEvt & { readonly title: string }

export type AgentPluginStatus = 'unconfigured' | 'verifying' | 'ready' | 'error'

export interface AgentPluginSnapshot {
  readonly status: AgentPluginStatus
  readonly error: PluginError | null
  readonly selected: SelectedVisitor | null
  /** Messages received from the selected visitor since it was selected (onReceiveMsg payloads). */
  readonly messages: readonly ReceivedMessage[]
}

/**
 * The plugin-page SDK: the Echat `echatSDK` methods (including those the seed marks 未开放) and WeChat's
 * `PutMsg` / `Notice` / `MCS_ClientNotify`, plus a snapshot store for framework bindings.
 */
export interface AgentPlugin extends ReadableStore<AgentPluginSnapshot> {
  /** Sends the page's signature to the workbench, which has the kefu server verify it. */
  config(options: AgentPluginConfig): void
  /** Called once verification succeeded; at once if it already has. */
  ready(callback: () => void): void
  /** Called once verification failed; at once if it already has. */
  error(callback: (res: PluginError) => void): void
  /** A GET parameter of the page, or one key of the `k=v&…` list it holds; `''` when absent. */
  getParamData(paramName: string, subParamName?: string): string
  onSelectVisitor(cb: (visitor: SelectedVisitor) => void): () => void
  /** Sends a product card (the seed's `visEvt`) to the selected visitor. */
  pushVisitorEvent(visEvt: VisitorEvent | Readonly<Record<string, unknown>> | string): Promise<void>
  sendTxtMsgToVisitor(content: SendToVisitorArgs['sendTxtMsgToVisitor']): Promise<void>
  sendImageToVisitor(info: SendToVisitorArgs['sendImageToVisitor']): Promise<void>
  sendVideoToVisitor(info: SendToVisitorArgs['sendVideoToVisitor']): Promise<void>
  sendVoiceToVisitor(info: SendToVisitorArgs['sendVoiceToVisitor']): Promise<void>
  sendFileToVisitor(info: SendToVisitorArgs['sendFileToVisitor']): Promise<void>
  /** Marks the selected conversation's business status; only 0 and 1 exist, any other value is ignored (with a warning), as the seed says. */
  setVisitorChatSign(sign: { chatSign: 0 | 1 }): Promise<void>
  onReceiveMsg(cb: (message: ReceivedMessage) => void): () => void
  onCrmUpdate(cb: (update: CrmUpdate) => void): () => void
  onMapMsgClick(cb: (click: MapMessageClick) => void): () => void
  /** WeChat `window.external.PutMsg`: fills the agent's composer; a repeated `random` is dropped. */
  putMsg(json: string | object): WechatResult
  /** WeChat `window.external.Notice`: highlights the plugin's tab. */
  notice(text?: string): WechatResult
  /** WeChat `MCS_ClientNotify`: every host event as the JSON string the seed's handler parses. */
  onClientNotify(cb: (eventData: string) => void): () => void
  /** Stops listening, rejects pending calls, drops every callback. */
  destroy(): void
}
