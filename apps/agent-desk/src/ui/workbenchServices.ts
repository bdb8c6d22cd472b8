import { createContext, useContext, useSyncExternalStore } from 'react'
import type { PluginPanelStore } from '../plugins/pluginPanelStore'
import type { ComposerDraft } from './composerDraft'
import type { MapClicks } from './mapClicks'

/** The workbench's small stores besides the desk: the composer draft, the plugin panel, location-message clicks. */
export interface WorkbenchServices {
  readonly draft: ComposerDraft
  readonly panel: PluginPanelStore
  readonly mapClicks: MapClicks
}

export const WorkbenchContext = createContext<WorkbenchServices | null>(null)

export function useWorkbench(): WorkbenchServices {
  const services = useContext(WorkbenchContext)
  if (!services) throw new Error('wrap the workbench in <WorkbenchContext.Provider>')
  return services
}

/** Subscribes to one of those stores. */
export function useStoreState<S>(store: { getSnapshot(): S; subscribe(listener: () => void): () => void }): S {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot)
}
