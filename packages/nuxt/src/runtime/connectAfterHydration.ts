import type { ChatClient } from '@kefu/core'

/** The part of a Nuxt app this needs (a fake one is enough in tests). */
export interface HydratingApp {
  readonly isHydrating?: boolean
  readonly hooks: { hookOnce(name: 'app:suspense:resolve', fn: () => void): unknown }
}

/**
 * The client as `createKefu` should see it: its `connect()` (called when the app mounts) waits until
 * Nuxt has finished hydrating. Hydration goes on after `mount()` for async pages and lazy components;
 * connecting earlier would change the snapshot (connection, unread…) under components still hydrating
 * against the server's initial state, which is a hydration mismatch.
 */
export function connectAfterHydration(nuxtApp: HydratingApp, client: ChatClient): ChatClient {
  return {
    ...client,
    connect() {
      if (nuxtApp.isHydrating) nuxtApp.hooks.hookOnce('app:suspense:resolve', () => client.connect())
      else client.connect()
    },
  }
}
