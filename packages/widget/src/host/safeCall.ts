/** Calls a page's callback; a throw is logged and never stops the widget. */
export function safeCall(what: string, callback: unknown, ...args: unknown[]): void {
  if (typeof callback !== 'function') return
  try {
    callback(...args)
  } catch (error) {
    console.error(`[kefu] the page's ${what} callback threw`, error)
  }
}
