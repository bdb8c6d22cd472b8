import type { Metadata } from 'next'
import { headers } from 'next/headers'
import { StorePlugin } from '../../../components/plugin/StorePlugin'
import { signPluginPage } from '@kefu/agent/server'
import { PRODUCTS } from '../../../lib/products'
import { requestedUrl } from '../../../lib/requestUrl'
import { storeEnv } from '../../../lib/storeEnv'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: '商品与订单 — kefu plugin', robots: { index: false } }

/**
 * The business plugin page the agent workbench shows next to a chat. Each load is signed here, on the
 * server, over the exact URL the browser requested (the workbench adds the selected visitor's
 * parameters to it), with a fresh nonce. Orders are not in the page: the lookup asks
 * `/api/plugin/orders` with the workbench's context proof. Only the workbench may frame it (proxy.ts).
 */
export default async function PluginPage() {
  const env = storeEnv()
  if (!env.pluginSecret) {
    return (
      <main className="plugin">
        <p className="error" role="alert" data-testid="plugin-not-configured">
          插件未配置 / The plugin is not configured: set KEFU_PLUGIN_SECRET to the secret kefu gave when this page was
          registered (POST /api/v1/plugins).
        </p>
      </main>
    )
  }
  const pageUrl = requestedUrl(await headers())
  return <StorePlugin config={signPluginPage(env.pluginSecret, pageUrl)} hostOrigin={env.kefuOrigin} products={PRODUCTS} />
}
