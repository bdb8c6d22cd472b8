import type { ChatMessage, OutgoingMessageBody } from '@kefu/core'

/**
 * The messages a business page (a plugin, in an iframe) and the agent workbench exchange over
 * `postMessage`. Both sides check the other's origin (the plugin's registered origin, the workbench's
 * origin) and never post to `'*'`. Every message carries `channel` and `v`, so unrelated `postMessage`
 * traffic on the page is ignored.
 */
export const BRIDGE_CHANNEL = 'kefu.agent'
export const BRIDGE_VERSION = 1

/** What `echatSDK.config` hands the workbench for the server to check. */
export interface PluginSignature {
  /** Seconds since the epoch, when the page's server signed it. */
  readonly timestamp: number
  readonly nonce: string
  /** Lower-case hex HMAC-SHA256 of the plugin secret over `${timestamp}\n${nonce}\n${pageUrl}`. */
  readonly signature: string
  /** The page's own URL without its fragment, as the page's server signed it. */
  readonly pageUrl: string
}

/** Why a plugin was refused; reaches the plugin's `error` callback. */
export type PluginErrorReason =
  | 'signature_invalid'
  | 'signature_expired'
  | 'nonce_replayed'
  | 'origin_mismatch'
  | 'unknown_plugin'
  | 'not_configured'
  | 'verify_failed'

/** The methods a plugin calls on the workbench. */
export type PluginCall =
  /** Echat `pushVisitorEvent`: a product card (`visEvt`) to the selected visitor. */
  | { readonly method: 'pushVisitorEvent'; readonly args: { readonly card: Readonly<Record<string, unknown>> } }
  /** Echat `send*ToVisitor`: a text, image, video, voice or file message to the selected visitor. */
  | { readonly method: 'sendMessage'; readonly args: { readonly body: OutgoingMessageBody } }
  /** Echat `setVisitorChatSign`. */
  | { readonly method: 'setVisitorChatSign'; readonly args: { readonly chatSign: 0 | 1 } }
  /** WeChat `window.external.PutMsg`: fill the agent's composer (not sent until the agent sends it). */
  | { readonly method: 'putMsg'; readonly args: { readonly random: string; readonly items: readonly ComposerItem[] } }
  /** WeChat `window.external.Notice`: highlight the plugin's tab. */
  | { readonly method: 'notice'; readonly args: { readonly text: string } }

export type PluginMethod = PluginCall['method']

/** What `PutMsg` puts into the composer. */
export type ComposerItem =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly url: string }
  | {
      readonly type: 'news'
      readonly articles: readonly {
        readonly title: string
        readonly digest?: string
        readonly cover?: string
        readonly url?: string
      }[]
    }

/**
 * Echat `onSelectVisitor`'s payload: the visitor the agent selected, in the shape of the GET parameters
 * a plugin page is opened with (`visitorData`, `routeData`, `chatData`, `crmData`).
 */
export interface SelectedVisitor {
  /** 0 no chat, 1 chatting, 2 ended. */
  readonly chatStatus: 0 | 1 | 2
  readonly metaData: string
  readonly myData: string
  readonly visitorData: Readonly<Record<string, string>>
  readonly routeData: Readonly<Record<string, string>>
  /** Empty when the visitor has no conversation. */
  readonly chatData: Readonly<Record<string, string>>
  readonly crmData: Readonly<Record<string, string>>
  /** The server's word that this agent selected this visitor; a plugin's backend can check it. */
  readonly proof: ContextProof | null
}

/**
 * Signed by the kefu server with the plugin's secret: `signature` is the lower-case hex HMAC-SHA256 over
 * `${issuedAt}\n${companyId}\n${agentId}\n${visitorId}`, so a plugin's backend can trust the visitor id
 * its page reports. `issuedAt` is in seconds.
 */
export interface ContextProof {
  readonly companyId: string
  readonly agentId: string
  readonly visitorId: string
  readonly issuedAt: number
  readonly signature: string
}

/** Echat `onReceiveMsg`'s payload. */
export interface ReceivedMessage {
  readonly visitorId: string
  /** 1 text, 2 image, 3 video, 4 voice, 5 file; cards and forms are not passed on. */
  readonly msgType: 1 | 2 | 3 | 4 | 5
  readonly content?: string
  readonly smallImg?: string
  readonly sourceImg?: string
  readonly videoThumbUrl?: string
  readonly fileUrl?: string
  readonly voiceDuration?: number
  readonly fileName?: string
  readonly fileSize?: number
  /** The kefu message, for plugins that want every field. */
  readonly message: ChatMessage
}

/** Echat `onCrmUpdate`'s payload: the fields this agent just changed. */
export interface CrmUpdate {
  readonly visitorId: string
  readonly name?: string
  readonly nickName?: string
  readonly gender?: number
  readonly age?: number
  readonly phone?: string
  readonly qq?: string
  readonly wechat?: string
  readonly email?: string
  readonly memo?: string
}

/** WeChat `OnMapMsgClick`'s payload. */
export interface MapMessageClick {
  readonly latitude: number
  readonly longitude: number
  readonly location: string
  readonly scale: number
}

export type HostEvent =
  | { readonly event: 'selectVisitor'; readonly data: SelectedVisitor | null }
  | { readonly event: 'receiveMsg'; readonly data: ReceivedMessage }
  | { readonly event: 'crmUpdate'; readonly data: CrmUpdate }
  | { readonly event: 'mapMsgClick'; readonly data: MapMessageClick }

interface Envelope {
  readonly channel: typeof BRIDGE_CHANNEL
  readonly v: typeof BRIDGE_VERSION
}

/** What a plugin page asks of the workbench's debug log (Ctrl+Alt+0, the WeChat seed's shortcut). */
export type DebugAction = 'toggle'

/** Plugin → workbench. */
export type PluginMessage =
  | (Envelope & { readonly type: 'config'; readonly config: PluginSignature })
  | (Envelope & { readonly type: 'call'; readonly id: string } & PluginCall)
  /** Ctrl+Alt+0 was pressed in the plugin page; accepted whether or not the page is verified. */
  | (Envelope & { readonly type: 'debug'; readonly action: DebugAction })

/** Workbench → plugin. */
export type HostMessage =
  | (Envelope & { readonly type: 'ready'; readonly pluginId: string; readonly selected: SelectedVisitor | null })
  | (Envelope & { readonly type: 'error'; readonly reason: PluginErrorReason; readonly message: string })
  | (Envelope & { readonly type: 'result'; readonly id: string; readonly ok: true; readonly value?: unknown })
  | (Envelope & {
      readonly type: 'result'
      readonly id: string
      readonly ok: false
      readonly error: { readonly code: string; readonly message: string }
    })
  | (Envelope & { readonly type: 'event' } & HostEvent)

/** Whether `data` is a message of this bridge (any type); the receiver still checks origin and source. */
export function isBridgeMessage(data: unknown): data is Envelope & { readonly type: string } {
  if (typeof data !== 'object' || data === null) return false
  const message = data as Record<string, unknown>
  return message.channel === BRIDGE_CHANNEL && message.v === BRIDGE_VERSION && typeof message.type === 'string'
}
