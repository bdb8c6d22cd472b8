import { t } from '../i18n'
import type { ChatParams } from '../params'

/** The default round chat button with an unread badge (absent with Sobot `custom: true`). */
export interface Launcher {
  readonly element: HTMLButtonElement
  setUnread(unread: number): void
  destroy(): void
}

export function createLauncher(d: Document, params: ChatParams, onClick: () => void): Launcher {
  const button = d.createElement('button')
  button.type = 'button'
  button.className = 'kefu-launcher'
  button.setAttribute('aria-label', t(params.locale, 'launcher.label'))
  const side = params.entrance.position === 'left' ? 'left' : 'right'
  button.style.cssText =
    `position:fixed;bottom:20px;${side}:20px;z-index:2147482999;width:56px;height:56px;border-radius:50%;border:0;` +
    `cursor:pointer;color:#fff;box-shadow:0 2px 12px rgba(0,0,0,.25);font-size:24px;background:${params.ui.themeColor ?? '#1677ff'}`
  button.textContent = '💬'
  const badge = d.createElement('span')
  badge.className = 'kefu-launcher-badge'
  badge.style.cssText =
    'position:absolute;top:-4px;right:-4px;min-width:18px;height:18px;padding:0 4px;border-radius:9px;background:#f5222d;' +
    'color:#fff;font-size:12px;line-height:18px;display:none'
  button.appendChild(badge)
  button.addEventListener('click', onClick)
  d.body.appendChild(button)
  return {
    element: button,
    setUnread(unread) {
      badge.textContent = unread > 99 ? '99+' : String(unread)
      badge.style.display = unread > 0 ? 'inline-block' : 'none'
      badge.setAttribute('aria-label', t(params.locale, 'launcher.unread', { count: unread }))
    },
    destroy() {
      button.remove()
    },
  }
}
