import { t } from '../i18n'
import type { ChatParams } from '../params'
import { miniWindowStyle, type MiniLayout } from './miniWindowStyle'

/** The in-page chat window (`ECHAT.customMiniChat`): an iframe in a fixed container with its buttons. */
export interface MiniWindow {
  readonly container: HTMLElement
  readonly frame: HTMLIFrameElement
  readonly src: string
  setSrc(src: string): void
  show(): void
  hide(): void
  readonly visible: boolean
  /** Re-applies the position and size (after `setMobilePageTop`, new parameters). */
  layout(params: ChatParams, layout: MiniLayout): void
  destroy(): void
}

export interface MiniWindowActions {
  minimize(): void
  close(): void
}

export function createMiniWindow(d: Document, params: ChatParams, layout: MiniLayout, actions: MiniWindowActions): MiniWindow {
  const mini = params.miniWindow ?? {}
  const container = d.createElement('div')
  container.className = 'kefu-mini-window'
  container.style.display = 'none'
  container.style.flexDirection = 'column'
  container.style.background = '#fff'
  container.style.boxShadow = '0 4px 24px rgba(0,0,0,.2)'
  container.style.borderRadius = layout.mobile ? '0' : '8px'
  container.style.overflow = 'hidden'

  let maximized = false
  let current = { params, layout }
  const apply = () => Object.assign(container.style, miniWindowStyle(current.params, { ...current.layout, maximized }))

  const buttons: [boolean, string, string, () => void][] = [
    [mini.min ?? true, 'min', t(params.locale, 'window.minimize'), actions.minimize],
    [mini.max ?? false, 'max', t(params.locale, 'window.maximize'), () => ((maximized = !maximized), apply())],
    [mini.close ?? true, 'close', t(params.locale, 'window.close'), actions.close],
  ]
  // The chat window's own header hides it (× or, on a phone, ‹) and ends the chat (结束对话): a strip
  // above it only for the maximise button an Echat page asks for.
  if (mini.max) {
    const bar = d.createElement('div')
    bar.style.cssText = 'display:flex;justify-content:flex-end;height:28px;flex:none;background:#f5f5f5'
    for (const [on, name, label, action] of buttons) {
      if (!on) continue
      const button = d.createElement('button')
      button.type = 'button'
      button.className = `kefu-mini-${name}`
      button.setAttribute('aria-label', label)
      button.title = label
      button.textContent = name === 'min' ? '–' : name === 'max' ? '□' : '×'
      button.style.cssText = 'border:0;background:none;width:32px;cursor:pointer;font-size:16px'
      button.addEventListener('click', action)
      bar.appendChild(button)
    }
    container.appendChild(bar)
  }
  const frame = d.createElement('iframe')
  frame.title = t(params.locale, 'header.title')
  frame.setAttribute('allow', 'clipboard-write; microphone; camera')
  frame.style.cssText = 'border:0;width:100%;flex:1;min-height:0'
  container.appendChild(frame)
  apply()
  d.body.appendChild(container)

  return {
    container,
    frame,
    get src() {
      return frame.src
    },
    setSrc(src) {
      if (frame.src !== src) frame.src = src
    },
    show() {
      container.style.display = 'flex'
    },
    hide() {
      container.style.display = 'none'
    },
    get visible() {
      return container.style.display !== 'none'
    },
    layout(params, layout) {
      current = { params, layout }
      apply()
    },
    destroy() {
      container.remove()
    },
  }
}
