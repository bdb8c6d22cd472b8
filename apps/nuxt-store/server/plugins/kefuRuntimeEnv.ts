import { storeEnv } from '../utils/storeEnv'

/**
 * The launcher starts the built store with KEFU_URL / KEFU_COMPANY_ID, not Nuxt's
 * NUXT_PUBLIC_KEFU_*. Nitro builds each request's runtime config from process.env, so setting the
 * Nuxt names once at startup is what the @kefu/nuxt plugins (and the page payload) then see.
 */
export default defineNitroPlugin(() => {
  const env = storeEnv()
  process.env.NUXT_PUBLIC_KEFU_SERVER_URL ||= env.kefuUrl
  process.env.NUXT_PUBLIC_KEFU_COMPANY_ID ||= env.companyId
})
