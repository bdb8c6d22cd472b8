import { useEffect, useRef } from 'react'
import { useText } from '../ui/i18n'
import { useStoreState, useWorkbench } from '../ui/workbenchServices'

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return String(value)
  }
}

/**
 * Ctrl+Alt+0 (the WeChat seed's shortcut) toggles the log of every call and event between plugins and the
 * workbench. This hears it while focus is in the workbench; pressed inside a plugin page, the SDK there
 * forwards it and PluginFrame's host calls the same `panel.toggleDebug()` (its `onDebugToggle`).
 */
export function useDebugLogShortcut(): void {
  const { panel } = useWorkbench()
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey && event.altKey && (event.key === '0' || event.code === 'Digit0' || event.code === 'Numpad0')) {
        event.preventDefault()
        panel.toggleDebug()
      } else if (event.key === 'Escape' && panel.getSnapshot().debugOpen) {
        panel.toggleDebug(false)
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [panel])
}

export function DebugLog() {
  const text = useText()
  const { panel } = useWorkbench()
  const { debugOpen, log } = useStoreState(panel)
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (debugOpen) closeRef.current?.focus()
  }, [debugOpen])
  if (!debugOpen) return null
  return (
    <div className="debug-log" role="dialog" aria-label={text.plugins.debugTitle} data-testid="debug-log">
      <header>
        <strong>{text.plugins.debugTitle}</strong>
        <span className="spacer" />
        <button type="button" onClick={() => panel.clearLog()}>
          {text.plugins.clear}
        </button>
        <button type="button" ref={closeRef} onClick={() => panel.toggleDebug(false)} aria-label={text.plugins.close} data-testid="debug-log-close">
          ×
        </button>
      </header>
      <div className="debug-scroll">
        <table>
          <thead>
            <tr>
              <th>时间</th>
              <th>插件</th>
              <th>方向</th>
              <th>名称</th>
              <th>参数</th>
              <th>说明</th>
            </tr>
          </thead>
          <tbody>
            {log.map((entry, i) => (
              <tr key={i} data-testid="debug-log-entry">
                <td>{new Date(entry.at).toLocaleTimeString()}</td>
                <td>{entry.pluginId}</td>
                <td>{entry.direction === 'fromPlugin' ? '插件 → 工作台' : '工作台 → 插件'}</td>
                <td>{entry.name}</td>
                <td>
                  <code>{json(entry.data)}</code>
                </td>
                <td>{entry.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
