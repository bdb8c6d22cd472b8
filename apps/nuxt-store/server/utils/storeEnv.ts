import { randomBytes } from 'node:crypto'

/** The store's server-side settings, read from env once. Secrets live here and nowhere else. */
export interface StoreEnv {
  readonly kefuUrl: string
  /** The origin of `kefuUrl`: the agent workbench's, the only one allowed to frame the plugin page. */
  readonly kefuOrigin: string
  readonly companyId: string
  /** The company's sign key (`GET /api/v1/company` as admin); undefined → identities go unsigned. */
  readonly signKey: string | undefined
  /** The registered plugin's secret; undefined → the plugin page says it is not configured. */
  readonly pluginSecret: string | undefined
  readonly sessionSecret: string
}

let cached: StoreEnv | undefined

export function readStoreEnv(env: NodeJS.ProcessEnv = process.env): StoreEnv {
  const kefuUrl = (env.KEFU_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '')
  if (!/^https?:\/\//i.test(kefuUrl) || !URL.canParse(kefuUrl)) {
    throw new Error(`KEFU_URL must be the kefu server's http(s) URL, got ${JSON.stringify(kefuUrl)}`)
  }
  return {
    kefuUrl,
    kefuOrigin: new URL(kefuUrl).origin,
    companyId: env.KEFU_COMPANY_ID || 'demo',
    signKey: env.KEFU_SIGN_KEY || undefined,
    pluginSecret: env.KEFU_PLUGIN_SECRET || undefined,
    // Random per process when unset: sessions then end with the process, which is fine for a demo.
    sessionSecret: env.STORE_SESSION_SECRET || randomBytes(32).toString('base64url'),
  }
}

export const storeEnv = (): StoreEnv => (cached ??= readStoreEnv())
