'use client'
import type { AgentPluginConfig } from '@kefu/agent'
import { AgentPluginProvider, useAgentPluginError, useAgentPluginStatus, useSelectedVisitor } from '@kefu/react/agent'
import type { Product } from '../../lib/products'
import { OrderLookup } from './OrderLookup'
import { ProductSearch } from './ProductSearch'

export interface StorePluginProps {
  /** Signed by the page's server component for this very page load. */
  readonly config: AgentPluginConfig
  /** The workbench's origin (of `KEFU_URL`): the SDK talks to no other parent. */
  readonly hostOrigin: string
  readonly products: readonly Product[]
}

/** The store's business page inside the kefu workbench: product search and order lookup for the agent. */
export function StorePlugin({ config, hostOrigin, products }: StorePluginProps) {
  return (
    <AgentPluginProvider config={config} options={{ hostOrigin }}>
      <main className="plugin">
        <PluginStatus />
        <ProductSearch products={products} />
        <OrderLookup />
      </main>
    </AgentPluginProvider>
  )
}

const STATUS_TEXT = {
  unconfigured: '未验证 Not verified',
  verifying: '验证中… Verifying…',
  ready: '已连接工作台 Connected',
  error: '验证失败 Verification failed',
} as const

function PluginStatus() {
  const status = useAgentPluginStatus()
  const error = useAgentPluginError()
  const visitor = useSelectedVisitor()
  const name = visitor && (visitor.crmData.realname || visitor.crmData.uname || visitor.visitorData.visitorId)
  return (
    <header className="plugin-head">
      <span className={`tag status-${status}`} data-testid="plugin-status" data-status={status}>
        {STATUS_TEXT[status]}
      </span>
      <span data-testid="plugin-visitor">
        {visitor ? `当前访客 Visitor: ${name}` : '请在左侧选择访客 / Select a visitor to push cards'}
      </span>
      {error && (
        <p className="error" role="alert">
          {error.reason}: {error.message}
        </p>
      )}
    </header>
  )
}
