/** The part of the widget's page API (`window.ECHAT`, set by `<KEFU_URL>/loader.js`) the store uses. */
interface EchatPageApi {
  customMiniChat(custom?: Record<string, unknown>): void
}

/**
 * Opens the kefu widget's in-page chat window (Echat `ECHAT.customMiniChat()`). The loader queues the
 * call until its runtime is in, so an early click is not lost. Answers false when the loader is not on
 * the page at all (kefu unreachable), so the caller can fall back.
 */
export function openWidget(w: Window & { ECHAT?: Partial<EchatPageApi> } = window): boolean {
  const open = w.ECHAT?.customMiniChat
  if (typeof open !== 'function') return false
  open.call(w.ECHAT)
  return true
}
