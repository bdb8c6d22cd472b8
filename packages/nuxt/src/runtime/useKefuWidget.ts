import { callWidget } from './widgetLoader'

export interface KefuWidget {
  /** Opens the widget's in-page chat window (`ECHAT.customMiniChat()`); a click before it loads waits for it. */
  open(): void
  /** Opens the chat window in a new tab (`ECHAT.customOpenChat()`). */
  openTab(): void
  /** Any other widget page call: `_kefu(command, …args)`. */
  call(command: string, ...args: unknown[]): void
}

/** The kefu widget's page API; does nothing on the server. Needs `kefu.widget` on in nuxt.config. */
export function useKefuWidget(): KefuWidget {
  const call = (command: string, ...args: unknown[]) => {
    if (typeof window !== 'undefined') callWidget(window, command, ...args)
  }
  return { open: () => call('customMiniChat'), openTab: () => call('customOpenChat'), call }
}
