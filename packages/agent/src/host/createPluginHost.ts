import {
  BRIDGE_CHANNEL,
  BRIDGE_VERSION,
  isBridgeMessage,
  type CrmUpdate,
  type HostEvent,
  type HostMessage,
  type MapMessageClick,
  type PluginCall,
  type PluginErrorReason,
  type PluginSignature,
  type ReceivedMessage,
  type SelectedVisitor,
} from '../bridgeProtocol'
import { readPluginCall } from './readPluginCall'

/** PutMsg randoms remembered per plugin host for de-duplication. */
const PUT_MSG_RANDOMS = 200
const REASONS: readonly PluginErrorReason[] = [
  'signature_invalid',
  'signature_expired',
  'nonce_replayed',
  'origin_mismatch',
  'unknown_plugin',
  'not_configured',
  'verify_failed',
]

export type PluginHostStatus = 'waiting' | 'verifying' | 'ready' | 'refused'

/** One line of the workbench's debug log (Ctrl+Alt+0): every call and event, both ways. */
export interface BridgeLogEntry {
  /** Milliseconds since the epoch. */
  readonly at: number
  readonly pluginId: string
  readonly direction: 'fromPlugin' | 'toPlugin'
  /** `config`, a call's method, `<method> result`, `ready`, `error`, or an event name. */
  readonly name: string
  readonly data: unknown
  /** Set when the message was not acted on or a call was refused, saying why. */
  readonly note?: string
}

export interface PluginHostOptions {
  /** The plugin's iframe; its `contentWindow` is read on every message (it changes as the frame loads). */
  readonly frame: { readonly contentWindow: Window | null }
  readonly plugin: { readonly pluginId: string; readonly allowedOrigin: string }
  /** Has the server check the page's signature; rejects with a PluginError (its `reason`) to refuse. */
  verify(config: PluginSignature): Promise<void>
  /** Performs a verified call; throw (an error with a string `code`, ideally) to refuse it. */
  handle(call: PluginCall): Promise<unknown>
  /** The selected visitor, sent with `ready`. */
  getSelected(): SelectedVisitor | null
  onLog?(entry: BridgeLogEntry): void
  /**
   * Ctrl+Alt+0 was pressed inside the plugin page, where the workbench's own shortcut cannot hear it:
   * toggle the debug log. Accepted (from the frame at its registered origin only) even before or after a
   * failed verification, since the log is where a failure is explained.
   */
  onDebugToggle?(): void
  /** Where to listen for `message` events; the global window by default. */
  readonly window?: Window
}

export interface PluginHost {
  readonly status: PluginHostStatus
  selectVisitor(selected: SelectedVisitor | null): void
  receiveMessage(message: ReceivedMessage): void
  crmUpdated(update: CrmUpdate): void
  mapMsgClick(click: MapMessageClick): void
  destroy(): void
}

/**
 * The workbench's side of one plugin frame: verifies the page's `config` through the server, then
 * performs its calls and forwards events to it. Messages are accepted only from the frame's window at
 * the plugin's registered origin, and posted only to that origin.
 */
export function createPluginHost(options: PluginHostOptions): PluginHost {
  const { frame, plugin } = options
  const allowedOrigin = originOf(plugin.allowedOrigin) ?? plugin.allowedOrigin
  const win = options.window ?? (globalThis as { window?: Window }).window
  if (!win) throw new TypeError('createPluginHost: no window to listen on; pass options.window')
  let status: PluginHostStatus = 'waiting'
  let refusal: { reason: PluginErrorReason; message: string } | null = null
  // A new `config` (the page reloaded) starts a new attempt; answers to older ones are dropped.
  let attempt = 0
  let destroyed = false
  const randoms: string[] = []

  function log(direction: BridgeLogEntry['direction'], name: string, data: unknown, note?: string): void {
    if (!options.onLog) return
    try {
      options.onLog({ at: Date.now(), pluginId: plugin.pluginId, direction, name, data, ...(note ? { note } : {}) })
    } catch (error) {
      console.error('[kefu/agent host] onLog threw', error)
    }
  }

  function post(message: HostMessage, name: string, data: unknown, note?: string): void {
    const target = frame.contentWindow
    log('toPlugin', name, data, target ? note : 'no frame window')
    if (!target) return
    try {
      target.postMessage(message, allowedOrigin)
    } catch (error) {
      // A `value` the structured clone cannot copy must not leave the plugin's call hanging.
      if (message.type === 'result' && message.ok) {
        target.postMessage({ ...message, value: undefined }, allowedOrigin)
      } else {
        console.error('[kefu/agent host] postMessage failed', error)
      }
    }
  }

  const envelope = { channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION } as const

  function reply(id: string, method: string, outcome: { ok: true; value?: unknown } | { ok: false; code: string; message: string }): void {
    if (outcome.ok) {
      post({ ...envelope, type: 'result', id, ok: true, value: outcome.value }, `${method} result`, outcome.value)
    } else {
      const error = { code: outcome.code, message: outcome.message }
      post({ ...envelope, type: 'result', id, ok: false, error }, `${method} result`, error, `refused: ${outcome.code}`)
    }
  }

  async function onConfig(config: unknown): Promise<void> {
    const signature = readSignature(config)
    const current = ++attempt
    if (!signature) {
      status = 'refused'
      refusal = { reason: 'not_configured', message: 'config must carry timestamp, nonce, signature and pageUrl' }
      post({ ...envelope, type: 'error', ...refusal }, 'error', refusal)
      return
    }
    status = 'verifying'
    refusal = null
    try {
      await options.verify(signature)
      if (current !== attempt || destroyed) return
      status = 'ready'
      const selected = options.getSelected()
      post({ ...envelope, type: 'ready', pluginId: plugin.pluginId, selected }, 'ready', { selected })
    } catch (error) {
      if (current !== attempt || destroyed) return
      const reason = (error as { reason?: unknown } | null)?.reason
      status = 'refused'
      refusal = {
        reason: REASONS.includes(reason as PluginErrorReason) ? (reason as PluginErrorReason) : 'verify_failed',
        message: error instanceof Error && error.message ? error.message : 'the signature could not be verified',
      }
      post({ ...envelope, type: 'error', ...refusal }, 'error', refusal)
    }
  }

  async function onCall(message: Record<string, unknown>): Promise<void> {
    const id = typeof message.id === 'string' ? message.id : ''
    const method = String(message.method)
    log('fromPlugin', method, message.args)
    if (id === '') return log('fromPlugin', method, message.args, 'ignored: call without id')
    if (status === 'refused') return reply(id, method, { ok: false, code: refusal!.reason, message: refusal!.message })
    if (status !== 'ready') return reply(id, method, { ok: false, code: 'not_verified', message: 'call config() and wait for ready() first' })
    const call = readPluginCall(message)
    if (typeof call === 'string') return reply(id, method, { ok: false, code: 'invalid_argument', message: call })
    if (call.method === 'putMsg') {
      // The seed: a repeated random is dropped. Answered `ok` so a retrying page does not show an error.
      if (randoms.includes(call.args.random)) return reply(id, method, { ok: true })
      randoms.push(call.args.random)
      if (randoms.length > PUT_MSG_RANDOMS) randoms.shift()
    }
    try {
      const value = await options.handle(call)
      if (!destroyed) reply(id, method, { ok: true, value })
    } catch (error) {
      if (destroyed) return
      const code = (error as { code?: unknown } | null)?.code
      reply(id, method, {
        ok: false,
        code: typeof code === 'string' && code !== '' ? code : 'refused',
        message: error instanceof Error ? error.message : String(error),
      })
    }
  }

  function onMessage(event: MessageEvent): void {
    if (!isBridgeMessage(event.data)) return
    const source = frame.contentWindow
    if (source === null || event.source !== source) return
    const data = event.data as unknown as Record<string, unknown>
    if (event.origin !== allowedOrigin) {
      return log('fromPlugin', String(data.type), data, `ignored: origin ${event.origin} is not ${allowedOrigin}`)
    }
    if (data.type === 'config') {
      log('fromPlugin', 'config', data.config)
      void onConfig(data.config)
    } else if (data.type === 'call') {
      void onCall(data)
    } else if (data.type === 'debug' && data.action === 'toggle') {
      log('fromPlugin', 'debug', { action: data.action })
      try {
        options.onDebugToggle?.()
      } catch (error) {
        console.error('[kefu/agent host] onDebugToggle threw', error)
      }
    } else {
      log('fromPlugin', String(data.type), data, 'ignored: unknown message type')
    }
  }

  function sendEvent(event: HostEvent): void {
    if (destroyed) return
    if (status !== 'ready') return log('toPlugin', event.event, event.data, `dropped: plugin is ${status}`)
    post({ ...envelope, type: 'event', ...event } as HostMessage, event.event, event.data)
  }

  win.addEventListener('message', onMessage)

  return {
    get status() {
      return status
    },
    selectVisitor: (selected) => sendEvent({ event: 'selectVisitor', data: selected }),
    receiveMessage: (message) => sendEvent({ event: 'receiveMsg', data: message }),
    crmUpdated: (update) => sendEvent({ event: 'crmUpdate', data: update }),
    mapMsgClick: (click) => sendEvent({ event: 'mapMsgClick', data: click }),
    destroy() {
      if (destroyed) return
      destroyed = true
      attempt++
      win.removeEventListener('message', onMessage)
    },
  }
}

function readSignature(config: unknown): PluginSignature | null {
  if (typeof config !== 'object' || config === null) return null
  const { timestamp, nonce, signature, pageUrl } = config as Record<string, unknown>
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return null
  if (typeof nonce !== 'string' || typeof signature !== 'string' || typeof pageUrl !== 'string') return null
  if (nonce === '' || signature === '' || pageUrl === '') return null
  return { timestamp, nonce, signature, pageUrl }
}

function originOf(value: string): string | null {
  try {
    return new URL(value).origin
  } catch {
    return null
  }
}
