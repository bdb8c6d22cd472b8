import { randomBytes } from 'node:crypto'

/**
 * The store's settings, read from the environment on the server at request time (never inlined into a
 * client bundle: nothing here is `NEXT_PUBLIC_`). Only `kefuUrl` and `companyId` are handed to the browser.
 */
export interface StoreEnv {
  /** Base URL of the kefu server, e.g. `http://127.0.0.1:8080`, without a trailing slash. */
  readonly kefuUrl: string
  /** The origin of `kefuUrl`: the agent workbench's, the only one allowed to frame the plugin page. */
  readonly kefuOrigin: string
  readonly companyId: string
  /** The company's member sign key; `undefined` means identities are sent unsigned. */
  readonly signKey: string | undefined
  /** The registered plugin's secret; `undefined` means the plugin page is not configured. */
  readonly pluginSecret: string | undefined
  readonly sessionSecret: string
}

// Random per process when unset (sessions then end with the process). Kept on globalThis: Next bundles
// route handlers and pages separately, each with its own copy of this module.
const SESSION_SECRET_KEY = Symbol.for('next-store.sessionSecret')
const processGlobal = globalThis as { [SESSION_SECRET_KEY]?: string }

export function storeEnv(env: NodeJS.ProcessEnv = process.env): StoreEnv {
  const sessionSecret = env.STORE_SESSION_SECRET || (processGlobal[SESSION_SECRET_KEY] ??= randomBytes(32).toString('base64url'))
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
    sessionSecret,
  }
}
