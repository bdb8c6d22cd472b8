import { defineNuxtPlugin, useRuntimeConfig } from '#imports'
import { createKefu } from '@kefu/vue'
import { inertTransport } from './inertTransport'
import { resolveKefuOptions } from './options'

/**
 * Server rendering: a client per request that never connects, so the composables render the initial
 * snapshot — the same state the browser's client has before it connects, hence no hydration mismatch.
 */
export default defineNuxtPlugin({
  name: 'kefu:server',
  setup(nuxtApp) {
    const { companyId } = resolveKefuOptions(useRuntimeConfig().public.kefu)
    nuxtApp.vueApp.use(createKefu({ companyId, transport: inertTransport }))
  },
})
