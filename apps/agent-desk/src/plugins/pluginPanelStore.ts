import type { PluginInfo, PluginLogEntry } from './pluginInfo'

/** A page a card link asked for: `reload` sets the frame's src, `hash` only changes the fragment. */
export interface RequestedPage {
  readonly url: string
  readonly openType: 'reload' | 'hash'
  /** Bumped on every request, so asking for the same page again reloads it. */
  readonly serial: number
}

export interface PluginPanelState {
  readonly status: 'idle' | 'loading' | 'loaded' | 'failed'
  readonly error: string | null
  readonly plugins: readonly PluginInfo[]
  /** `visitor` (the visitor panel) or a plugin id. */
  readonly active: string
  /** Plugins that asked for attention (`Notice`) since their tab was last opened: the notice text. */
  readonly noticed: Readonly<Record<string, string>>
  readonly pages: Readonly<Record<string, RequestedPage>>
  /** Plugin id → host status (`connecting`, `ready`, `refused`). */
  readonly hostStatus: Readonly<Record<string, string>>
  readonly log: readonly PluginLogEntry[]
  readonly debugOpen: boolean
  /** A card's `http(url, 'inner')` page, shown in its own tab of the panel. */
  readonly innerUrl: string | null
}

export interface PluginPanelStore {
  getSnapshot(): PluginPanelState
  subscribe(listener: () => void): () => void
  setPlugins(status: PluginPanelState['status'], plugins?: readonly PluginInfo[], error?: string): void
  activate(tab: string): void
  notice(pluginId: string, text: string): void
  /** A card's `apiUrl(pageId, openType)`: switch to the plugin with that page and show it. Returns false if no plugin has it. */
  openPage(pageId: string, openType: 'reload' | 'hash'): boolean
  /**
   * A card's `http(url, 'inner')`: the page in a tab of the panel, only when it is on a registered
   * plugin's origin (anything else beside the agent's session would be a phishing surface). Returns
   * false when it is not; the caller opens it in a new tab instead.
   */
  openInner(url: string): boolean
  setHostStatus(pluginId: string, status: string): void
  log(entry: PluginLogEntry): void
  clearLog(): void
  toggleDebug(open?: boolean): void
}

const MAX_LOG = 500
export const VISITOR_TAB = 'visitor'
export const INNER_TAB = 'inner'

export function createPluginPanelStore(): PluginPanelStore {
  let state: PluginPanelState = {
    status: 'idle',
    error: null,
    plugins: [],
    active: VISITOR_TAB,
    noticed: {},
    pages: {},
    hostStatus: {},
    log: [],
    debugOpen: false,
    innerUrl: null,
  }
  let serial = 0
  const listeners = new Set<() => void>()
  const set = (patch: Partial<PluginPanelState>) => {
    state = { ...state, ...patch }
    for (const listener of [...listeners]) listener()
  }
  const without = (record: Readonly<Record<string, string>>, key: string) => {
    const { [key]: _gone, ...rest } = record
    return rest
  }
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    setPlugins(status, plugins, error) {
      set({ status, plugins: plugins ?? state.plugins, error: error ?? null })
    },
    activate(tab) {
      if (tab === state.active && !state.noticed[tab]) return
      set({ active: tab, noticed: state.noticed[tab] ? without(state.noticed, tab) : state.noticed })
    },
    notice(pluginId, text) {
      // Opening the tab is what clears a notice; a plugin already in view needs none.
      if (state.active === pluginId || state.noticed[pluginId] === text) return
      set({ noticed: { ...state.noticed, [pluginId]: text } })
    },
    openPage(pageId, openType) {
      const plugin = state.plugins.find((p) => p.pages.some((page) => page.pageId === pageId))
      const page = plugin?.pages.find((p) => p.pageId === pageId)
      if (!plugin || !page) return false
      set({
        active: plugin.pluginId,
        noticed: state.noticed[plugin.pluginId] ? without(state.noticed, plugin.pluginId) : state.noticed,
        pages: { ...state.pages, [plugin.pluginId]: { url: page.url, openType, serial: ++serial } },
      })
      return true
    },
    openInner(url) {
      if (!pluginOrigins(state.plugins).has(originOf(url))) return false
      set({ innerUrl: url, active: INNER_TAB })
      return true
    },
    setHostStatus(pluginId, status) {
      if (state.hostStatus[pluginId] === status) return
      set({ hostStatus: { ...state.hostStatus, [pluginId]: status } })
    },
    log(entry) {
      const log = state.log.length >= MAX_LOG ? [...state.log.slice(1 - MAX_LOG), entry] : [...state.log, entry]
      set({ log })
    },
    clearLog: () => set({ log: [] }),
    toggleDebug: (open) => set({ debugOpen: open ?? !state.debugOpen }),
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/** The origins the company registered business pages on. */
function pluginOrigins(plugins: readonly PluginInfo[]): Set<string | undefined> {
  const origins = new Set<string | undefined>()
  for (const plugin of plugins) {
    origins.add(originOf(plugin.allowedOrigin))
    origins.add(originOf(plugin.url))
    for (const page of plugin.pages) origins.add(originOf(page.url))
  }
  origins.delete(undefined)
  return origins
}
