import type { SmallHostMessageKey } from './smallHostMessageKeys'

/** The default round chat button with an unread badge (absent with Sobot `custom: true`). */
export interface Launcher {
  readonly element: HTMLButtonElement
  setUnread(unread: number): void
  /** New colour or side (a later `zc('config')`). */
  restyle(style: LauncherStyle): void
  destroy(): void
}

export interface LauncherStyle {
  /** `#rrggbb`; default kefu blue. */
  readonly themeColor?: string
  readonly position?: 'left' | 'right'
}

export function createLauncher(
  d: Document,
  style: LauncherStyle,
  text: (key: SmallHostMessageKey, count?: number) => string,
  onClick: () => void,
): Launcher {
  const button = d.createElement('button')
  button.type = 'button'
  button.className = 'kefu-launcher'
  button.setAttribute('aria-label', text('launcher.label'))
  button.setAttribute('aria-expanded', 'false')
  button.textContent = '💬'
  const badge = d.createElement('span')
  badge.className = 'kefu-launcher-badge'
  badge.style.cssText =
    'position:absolute;top:-4px;right:-4px;min-width:18px;height:18px;padding:0 4px;border-radius:9px;background:#f5222d;' +
    'color:#fff;font-size:12px;line-height:18px;display:none'
  button.appendChild(badge)
  button.addEventListener('click', onClick)
  const restyle = ({ themeColor, position }: LauncherStyle) => {
    button.style.cssText =
      `position:fixed;bottom:20px;${position === 'left' ? 'left' : 'right'}:20px;z-index:2147482999;width:56px;height:56px;border-radius:50%;border:0;` +
      `cursor:pointer;color:#fff;box-shadow:0 2px 12px rgba(0,0,0,.25);font-size:24px;background:${themeColor ?? '#1677ff'}`
  }
  restyle(style)
  d.body.appendChild(button)
  return {
    element: button,
    setUnread(unread) {
      badge.textContent = unread > 99 ? '99+' : String(unread)
      badge.style.display = unread > 0 ? 'inline-block' : 'none'
      // The count is part of the button's name (a badge inside a labelled button is not read).
      button.setAttribute('aria-label', unread > 0 ? `${text('launcher.label')} ${text('launcher.unread', unread)}` : text('launcher.label'))
    },
    restyle,
    destroy() {
      button.remove()
    },
  }
}
