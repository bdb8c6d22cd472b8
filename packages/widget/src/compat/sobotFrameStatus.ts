import type { WindowState } from '@kefu/core'

/** Sobot's `frame_status`: `expand` while the window shows, `collapse` when minimized or closed. */
export function sobotFrameStatus(window: WindowState): 'expand' | 'collapse' {
  return window === 'open' ? 'expand' : 'collapse'
}
