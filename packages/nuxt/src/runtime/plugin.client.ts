import { defineNuxtPlugin, useRuntimeConfig } from '#app'
import { createChat, createKefu } from '@kefu/vue'
import { websocketTransport } from '@kefu/core/websocket'
import { connectAfterHydration } from './connectAfterHydration'
import { resolveKefuOptions, visitorSocketUrl } from './options'
import { installWidgetLoader } from './widgetLoader'

/**
 * The browser's chat client: one per page load, connected once hydration is done. With `widget` on,
 * the loader is added after the first `welcome`, so a first visit's visitor token is already in
 * localStorage and the widget joins the same visitor instead of creating another.
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
      if (client.getSnapshot().ready) installWidgetLoader(document, options)
      else client.once('ready', () => installWidgetLoader(document, options))
    }
    return { provide: { kefu: client } }
  },
})
