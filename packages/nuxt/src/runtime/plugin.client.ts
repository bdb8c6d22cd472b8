import { defineNuxtPlugin, useRouter, useRuntimeConfig } from '#imports'
import { createChat, createKefu } from '@kefu/vue'
import { websocketTransport } from '@kefu/core/websocket'
import { connectAfterHydration } from './connectAfterHydration'
import { resolveKefuOptions, visitorSocketUrl } from './options'
import { installOnWidgetPage, type PageRouter } from './pageWidget'
import { installWidgetLoader } from './widgetLoader'

/**
 * The browser's chat client: one per page load, connected once hydration is done. With `widget` on,
 * the loader is added after the first `welcome`, so a first visit's visitor token is already in
 * localStorage and the widget joins the same visitor instead of creating another. A page with
 * `definePageMeta({ kefuWidget: false })` does not get it (until the visitor navigates to one that does).
 */
export default defineNuxtPlugin({
  name: 'kefu:client',
  setup(nuxtApp) {
    const options = resolveKefuOptions(useRuntimeConfig().public.kefu)
    const client = createChat({
      companyId: options.companyId,
      transport: websocketTransport({ url: visitorSocketUrl(options) }),
      debug: options.debug,
    })
    nuxtApp.vueApp.use(createKefu({ client: connectAfterHydration(nuxtApp, client) }))
    if (options.widget) {
      const router = useRouter() as unknown as PageRouter
      const install = () => installOnWidgetPage(router, () => installWidgetLoader(document, options))
      if (client.getSnapshot().ready) install()
      else client.once('ready', install)
    }
    return { provide: { kefu: client } }
  },
})
