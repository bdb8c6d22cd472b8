import { signPluginPage, type PluginPageSignature as PluginPageConfig } from '@kefu/agent/server'
import { storeEnv } from '../utils/storeEnv'

/** Where the business plugin page lives; register `<store origin>/kefu/plugin` with kefu. */
export const PLUGIN_PAGE_PATH = '/kefu/plugin'

declare module 'h3' {
  interface H3EventContext {
    /**
     * Signs a URL of this page load (a new nonce each call); set on plugin page requests when the plugin
     * secret is configured. A function rather than a value so the secret stays in this closure.
     */
    kefuSignPluginPage?: (pageUrl: string) => PluginPageConfig
  }
}

/**
 * Gives the plugin page's server render a signer, keeps the page out of caches (a nonce works once), and
 * lets only the workbench (the origin of KEFU_URL) frame it.
 * The page signs while rendering (app/pages/kefu/plugin.vue): it knows the address the browser will
 * report, which vue-router normalizes on hydration (`%3A` in the workbench's query becomes `:`).
 */
export default defineEventHandler((event) => {
  if (getRequestURL(event).pathname !== PLUGIN_PAGE_PATH) return
  setResponseHeader(event, 'cache-control', 'no-store')
  const { pluginSecret, kefuOrigin } = storeEnv()
  // Only the kefu workbench may frame the page: elsewhere a signed page would be an agent's tool in a stranger's frame.
  setResponseHeader(event, 'content-security-policy', `frame-ancestors ${kefuOrigin}`)
  if (pluginSecret) event.context.kefuSignPluginPage = (pageUrl) => signPluginPage(pluginSecret, pageUrl)
})
