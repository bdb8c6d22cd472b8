import type { BridgeLogEntry } from '@kefu/agent/host'

/** A business system registered for the company (`GET /api/v1/plugins`). */
export interface PluginInfo {
  readonly pluginId: string
  readonly name: string
  readonly url: string
  readonly allowedOrigin: string
  /** Whether the page URL carries the selected visitor, so the page reloads when the visitor changes. */
  readonly visitorParams: boolean
  readonly pages: readonly PluginPage[]
}

export interface PluginPage {
  readonly pageId: string
  readonly title: string
  readonly url: string
}

/** One line of the debug log: a call from a plugin or an event to it, as the host reports it. */
export type PluginLogEntry = BridgeLogEntry

/** Reads the server's plugin list, dropping malformed entries rather than failing the whole panel. */
export function readPluginList(value: unknown): PluginInfo[] {
  if (!Array.isArray(value)) return []
  const plugins: PluginInfo[] = []
  for (const raw of value as Record<string, unknown>[]) {
    if (!raw || typeof raw.pluginId !== 'string' || typeof raw.url !== 'string' || typeof raw.allowedOrigin !== 'string') continue
    const pages = Array.isArray(raw.pages)
      ? (raw.pages as Record<string, unknown>[])
          // The server numbers pages (`apiUrl(263, …)`); kept as strings, as card links carry them.
          .filter((p) => p && (typeof p.pageId === 'string' || typeof p.pageId === 'number') && typeof p.url === 'string')
          .map((p) => ({ pageId: String(p.pageId), title: typeof p.title === 'string' ? p.title : String(p.pageId), url: p.url as string }))
      : []
    plugins.push({
      pluginId: raw.pluginId,
      name: typeof raw.name === 'string' ? raw.name : raw.pluginId,
      url: raw.url,
      allowedOrigin: raw.allowedOrigin,
      visitorParams: raw.visitorParams === true,
      pages,
    })
  }
  return plugins
}
