import { hasInjectionContext, inject, ssrContextKey } from 'vue'

/**
 * Whether this setup runs inside `renderToString` (or a server stream). Nothing re-renders and
 * nothing is unmounted there, so a subscription made now would never be removed: a long-lived
 * client passed as `createKefu({ client })` would gather one listener per request.
 * Outside a component (an effect scope of your own) it is false.
 */
export const isServerRendering = (): boolean => hasInjectionContext() && inject(ssrContextKey, null) !== null
