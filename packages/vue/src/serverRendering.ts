import { inject, ssrContextKey } from 'vue'

/**
 * Whether this setup runs inside `renderToString` (or a server stream). Nothing re-renders and
 * nothing is unmounted there, so a subscription made now would never be removed: a long-lived
 * client passed as `createKefu({ client })` would gather one listener per request.
 * Call it only where `inject()` works (after `useChat()` succeeded).
 */
export const isServerRendering = (): boolean => inject(ssrContextKey, null) !== null
