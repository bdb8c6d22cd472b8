import { vi } from 'vitest'
import { createAgentPlugin, type AgentPluginOptions } from '../src'
import { createPluginHost, type BridgeLogEntry, type PluginHostOptions } from '../src/host'

export const DESK = 'https://desk.example'
export const PLUGIN = 'https://plugin.example'

/** Lets every queued postMessage delivery (and the promises they settle) run. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * The workbench (jsdom's top window) and a plugin (an iframe in it). jsdom's postMessage cannot be
 * given another origin, so each side's postMessage is replaced by a delivery that sets `origin` and
 * `source` as a browser would, asynchronously, with a structured clone of the data.
 */
export function createBridge(
  hostOptions: Partial<PluginHostOptions> = {},
  pluginOptions: AgentPluginOptions = {},
  origins: { plugin?: string; ancestors?: readonly string[] } = {},
) {
  const iframe = document.createElement('iframe')
  document.body.append(iframe)
  const pluginWindow = iframe.contentWindow!
  // jsdom has no `location.ancestorOrigins`; Chromium and Safari list the framing origins there.
  if (origins.ancestors) Object.defineProperty(pluginWindow.location, 'ancestorOrigins', { value: origins.ancestors, configurable: true })
  // The workbench window as the frame sees it (vitest's `window` global is a copy, not the same object).
  const top = pluginWindow.parent
  const messageEvent = (target: Window, init: MessageEventInit) =>
    new (target as unknown as { MessageEvent: typeof MessageEvent }).MessageEvent('message', init)
  const toHost: { message: unknown; targetOrigin: string }[] = []
  const toPlugin: { message: unknown; targetOrigin: string }[] = []
  const pluginOrigin = origins.plugin ?? PLUGIN

  const hostPost = vi.spyOn(top, 'postMessage').mockImplementation(((message: unknown, targetOrigin: string) => {
    toHost.push({ message, targetOrigin })
    // A browser delivers only when the target's origin matches.
    if (targetOrigin !== DESK) return
    setTimeout(() =>
      top.dispatchEvent(messageEvent(top, { data: structuredClone(message), origin: pluginOrigin, source: pluginWindow })),
    )
  }) as typeof window.postMessage)
  const pluginPost = vi.spyOn(pluginWindow, 'postMessage').mockImplementation(((message: unknown, targetOrigin: string) => {
    toPlugin.push({ message, targetOrigin })
    if (targetOrigin !== pluginOrigin) return
    setTimeout(() =>
      pluginWindow.dispatchEvent(messageEvent(pluginWindow, { data: structuredClone(message), origin: DESK, source: top })),
    )
  }) as typeof window.postMessage)

  const log: BridgeLogEntry[] = []
  const handled: unknown[] = []
  const host = createPluginHost({
    frame: iframe,
    plugin: { pluginId: 'crm', allowedOrigin: PLUGIN },
    verify: async () => {},
    handle: async (call) => {
      handled.push(call)
      return undefined
    },
    getSelected: () => null,
    onLog: (entry) => log.push(entry),
    window: top,
    ...hostOptions,
  })
  const plugin = createAgentPlugin({ window: pluginWindow, hostOrigin: DESK, ...pluginOptions })

  /** Delivers `data` to the plugin as if posted by `source` from `origin`. */
  const deliverToPlugin = (data: unknown, origin = DESK, source: Window | null = top) =>
    pluginWindow.dispatchEvent(messageEvent(pluginWindow, { data, origin, source }))
  /** Delivers `data` to the workbench as if posted by `source` from `origin`. */
  const deliverToHost = (data: unknown, origin = pluginOrigin, source: Window | null = pluginWindow) =>
    top.dispatchEvent(messageEvent(top, { data, origin, source }))

  const cleanup = () => {
    plugin.destroy()
    host.destroy()
    hostPost.mockRestore()
    pluginPost.mockRestore()
    iframe.remove()
  }
  /** Presses a key in the plugin page, as the agent would with focus inside the frame. */
  const pressInPlugin = (init: KeyboardEventInit) =>
    pluginWindow.document.dispatchEvent(
      new (pluginWindow as unknown as { KeyboardEvent: typeof KeyboardEvent }).KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }),
    )
  return { iframe, top, pluginWindow, plugin, host, log, handled, toHost, toPlugin, deliverToPlugin, deliverToHost, pressInPlugin, cleanup }
}

export const CONFIG = { timestamp: 1_700_000_000, nonce: 'n-1', signature: 'ab'.repeat(32) }
