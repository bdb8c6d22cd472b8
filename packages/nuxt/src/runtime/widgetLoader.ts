import type { ResolvedKefuOptions } from './options'
import { widgetLoaderUrl } from './options'

type KefuQueue = ((...args: unknown[]) => void) & { q?: unknown[][]; base?: string }
type KefuWindow = Window & { _kefu?: KefuQueue }

/**
 * Calls the widget's page API, `_kefu(command, …)` (e.g. `'customMiniChat'`, `'config'`). Before the
 * loader has run the call waits in `_kefu.q`, in the loader's own queue format, and the widget replays it.
 */
export function callWidget(w: Window, ...args: unknown[]): void {
  const win = w as KefuWindow
  const kefu = (win._kefu ??= Object.assign((...rest: unknown[]) => void kefu.q!.push(['', rest]), { q: [] as unknown[][] }))
  kefu(...args)
}

/**
 * Queues the page config and adds `<serverUrl>/loader.js` once. The config goes first so the widget
 * starts with it (`custom: true` hides its own button: the page's button opens the chat instead).
 */
export function installWidgetLoader(d: Document, options: ResolvedKefuOptions): void {
  if (!options.widget || d.querySelector('script[data-kefu]')) return
  const w = d.defaultView
  if (!w) return
  callWidget(w, 'config', {
    ...(options.widget.customButton && { custom: true }),
    locale: options.locale,
    ...options.widget.config,
  })
  const script = d.createElement('script')
  script.async = true
  script.src = widgetLoaderUrl(options)
  script.setAttribute('data-kefu', '')
  script.setAttribute('data-company', options.companyId)
  d.head.appendChild(script)
}
