import { addComponent, addImports, addPlugin, addTypeTemplate, createResolver, defineNuxtModule } from '@nuxt/kit'
import { KEFU_AGENT_COMPOSABLES, KEFU_COMPOSABLES } from './composables'
import { resolveKefuOptions, type ModuleOptions } from './runtime/options'

export type { KefuLocale, KefuWidgetOptions, ModuleOptions, ResolvedKefuOptions } from './runtime/options'
export type { KefuPageMeta } from './runtime/pageWidget'
export { KEFU_AGENT_COMPOSABLES, KEFU_COMPOSABLES } from './composables'

declare module '@nuxt/schema' {
  interface PublicRuntimeConfig {
    kefu: ModuleOptions
  }
}

/** Adds `kefuWidget` to Nuxt's `PageMeta` (and so to vue-router's `RouteMeta`). */
export const KEFU_PAGE_META_TYPES = `declare module '#app' {
  interface PageMeta {
    /** \`false\`: this page does not load the kefu widget (its chat is built from the composables). */
    kefuWidget?: boolean
  }
}
export {}
`

/**
 * `modules: ['@kefu/nuxt']` with `kefu: { companyId, serverUrl }`: the chat client in the browser only
 * (the server renders the initial state), the composables auto-imported, optionally the widget loader.
 */
export default defineNuxtModule<ModuleOptions>({
  meta: { name: '@kefu/nuxt', configKey: 'kefu', compatibility: { nuxt: '>=3.13.0' } },
  defaults: { companyId: '', serverUrl: '', widget: false, debug: false },
  setup(options, nuxt) {
    const { resolve } = createResolver(import.meta.url)
    // runtimeConfig.public.kefu set in nuxt.config wins over the module options, and NUXT_PUBLIC_KEFU_*
    // env vars win over both at runtime; the plugins read the merged result there.
    const publicConfig = nuxt.options.runtimeConfig.public as Record<string, unknown>
    const merged = { ...options, ...(publicConfig.kefu as Partial<ModuleOptions> | undefined) }
    publicConfig.kefu = merged
    try {
      resolveKefuOptions(merged)
    } catch (error) {
      // Not fatal at build time: the values may come from env when the server starts.
      console.warn(`${(error as Error).message} (unless it is set by env at runtime)`)
    }

    // The chat client lives in the browser; the server plugin only provides the initial state.
    addPlugin({ src: resolve('./runtime/plugin.client'), mode: 'client' })
    addPlugin({ src: resolve('./runtime/plugin.server'), mode: 'server' })

    addImports([
      ...KEFU_COMPOSABLES.map((name) => ({ name, from: '@kefu/vue' })),
      ...KEFU_AGENT_COMPOSABLES.map((name) => ({ name, from: '@kefu/vue/agent' })),
      { name: 'useKefuWidget', from: resolve('./runtime/useKefuWidget') },
    ])
    addComponent({ name: 'KefuAgentPage', filePath: resolve('./runtime/KefuAgentPage') })
    // `definePageMeta({ kefuWidget: false })` type-checks in the app (read by the client plugin).
    addTypeTemplate({ filename: 'types/kefu-page-meta.d.ts', getContents: () => KEFU_PAGE_META_TYPES })

    // Vite must bundle these (they are ESM with `vue` as a peer) rather than leave them to Node on the server.
    nuxt.options.build.transpile.push('@kefu/nuxt', '@kefu/vue', '@kefu/core', '@kefu/agent')
  },
})
