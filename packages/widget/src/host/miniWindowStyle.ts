import type { ChatParams } from '../params'

export interface MiniLayout {
  readonly mobile: boolean
  /** `ECHAT.setMobilePageTop(top)`: on mobile, the window starts this many px from the top. */
  readonly mobileTop?: number
  /** The window's own maximise button was pressed. */
  readonly maximized?: boolean
}

const px = (value: number) => `${value}px`

/**
 * The in-page window's container style: `pcMiniWinParam` / Sobot `width`, `height`, `location`,
 * `container_style` on desktop; full screen, half screen (`expand_size: 'half'`) or below
 * `setMobilePageTop` on mobile.
 */
export function miniWindowStyle(params: ChatParams, layout: MiniLayout): Record<string, string> {
  const mini = params.miniWindow ?? {}
  const style: Record<string, string> = { position: 'fixed', zIndex: '2147483000', boxSizing: 'border-box' }
  if (layout.mobile) {
    const top = layout.mobileTop !== undefined ? px(layout.mobileTop) : params.entrance.expandSize === 'half' ? '50%' : '0'
    return { ...style, top, left: '0', right: '0', bottom: '0', width: '100%', height: 'auto' }
  }
  for (const [name, value] of Object.entries(mini.containerStyle ?? {})) {
    if (name !== 'width' && name !== 'height') style[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value
  }
  const onLeft = mini.left ? true : mini.left === undefined && mini.right === undefined && params.entrance.position === 'left'
  style.bottom = px(mini.bottom ?? 20)
  if (onLeft) style.left = px(mini.left ?? 20)
  else style.right = px(mini.right ?? 20)
  style.width = layout.maximized ? 'min(90vw, 1000px)' : px(mini.width ?? 360)
  style.height = layout.maximized ? '90vh' : px(mini.height ?? 560)
  return style
}
