import { useEffect, type KeyboardEvent } from 'react'
import { DeskHttpError } from '../desk'
import { useText } from '../ui/i18n'
import { useDeskStore } from '../ui/useDesk'
import { VisitorPanel } from '../ui/VisitorPanel'
import { useStoreState, useWorkbench } from '../ui/workbenchServices'
import { PluginFrame, type CreatePluginHost } from './PluginFrame'
import { readPluginList } from './pluginInfo'
import { INNER_TAB, VISITOR_TAB } from './pluginPanelStore'

/** The right side (420 px): the visitor panel and each business page as a tab. */
export function PluginPanel({ createHost }: { createHost?: CreatePluginHost }) {
  const desk = useDeskStore()
  const text = useText()
  const { panel } = useWorkbench()
  const state = useStoreState(panel)

  useEffect(() => {
    if (panel.getSnapshot().status !== 'idle') return
    panel.setPlugins('loading')
    desk.http('/api/v1/plugins').then(
      (list) => panel.setPlugins('loaded', readPluginList(list)),
      (error: unknown) => {
        // A server without plugin support yet: no tabs, no error.
        if (error instanceof DeskHttpError && error.status === 404) panel.setPlugins('loaded', [])
        else panel.setPlugins('failed', [], (error as Error).message)
      },
    )
  }, [desk, panel])

  const tabs = [
    { id: VISITOR_TAB, label: text.plugins.visitorTab, testId: 'plugin-tab-visitor' },
    ...state.plugins.map((p) => ({ id: p.pluginId, label: p.name, testId: `plugin-tab-${p.pluginId}` })),
    ...(state.innerUrl ? [{ id: INNER_TAB, label: text.plugins.linkTab, testId: 'plugin-tab-inner' }] : []),
  ]

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
    const index = tabs.findIndex((t) => t.id === state.active)
    const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]
    if (next) panel.activate(next.id)
    event.preventDefault()
  }

  return (
    <aside className="side" aria-label={text.plugins.panel}>
      <div role="tablist" className="side-tabs" onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const notice = state.noticed[tab.id]
          const status = state.hostStatus[tab.id]
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              aria-selected={state.active === tab.id}
              tabIndex={state.active === tab.id ? 0 : -1}
              data-testid={tab.testId}
              data-notice={notice ? 'true' : undefined}
              title={notice ?? (status ? (text.plugins.status[status] ?? status) : undefined)}
              className={notice ? 'noticed' : undefined}
              onClick={() => panel.activate(tab.id)}
            >
              {tab.label}
              {notice ? <span className="dot notice" aria-label={notice} /> : null}
            </button>
          )
        })}
      </div>
      <div className="side-body">
        <div role="tabpanel" hidden={state.active !== VISITOR_TAB} aria-label={text.plugins.visitorTab}>
          <VisitorPanel />
        </div>
        {state.plugins.map((plugin) => (
          <PluginFrame key={plugin.pluginId} plugin={plugin} active={state.active === plugin.pluginId} createHost={createHost} />
        ))}
        {state.innerUrl ? (
          <div role="tabpanel" hidden={state.active !== INNER_TAB} className="plugin-frame-wrap">
            <iframe src={state.innerUrl} title={text.plugins.linkTab} sandbox="allow-scripts allow-same-origin allow-forms allow-popups" className="plugin-frame" />
          </div>
        ) : null}
        {state.status === 'failed' ? <p className="error" role="alert">{state.error}</p> : null}
      </div>
    </aside>
  )
}
