'use client'
import { useEffect, useState, type ReactNode } from 'react'
import type { ChatOptions, VisitorIdentity } from '@kefu/core'
import { KefuProvider, useChat } from '@kefu/react'
import { websocketTransport } from '@kefu/core/websocket'

export interface KefuStoreProviderProps {
  /** The kefu server's base URL, e.g. `http://127.0.0.1:8080` (handed down by the server layout). */
  readonly kefuUrl: string
  readonly companyId: string
  /** The signed-in shopper's identity, signed on the server; `null` for a guest. */
  readonly identity: VisitorIdentity | null
  readonly children?: ReactNode
}

/** The store's chat client: one per page load, talking to kefu over a WebSocket. */
export function KefuStoreProvider({ kefuUrl, companyId, identity, children }: KefuStoreProviderProps) {
  const [options] = useState<ChatOptions>(() => ({
    companyId,
    transport: websocketTransport({ url: `${kefuUrl.replace(/^http/, 'ws')}/ws/visitor` }),
  }))
  return (
    <KefuProvider options={options}>
      <MemberIdentity identity={identity} />
      {children}
    </KefuProvider>
  )
}

/** Tells kefu who the shopper is whenever the identity the server computed changes (sign-in). */
function MemberIdentity({ identity }: { readonly identity: VisitorIdentity | null }) {
  const client = useChat()
  // Keyed by content: a refreshed layout hands a new but equal object, which needs no new identify.
  const key = identity ? JSON.stringify(identity) : ''
  useEffect(() => {
    if (!key) return
    client.identify(JSON.parse(key) as VisitorIdentity).catch((error: unknown) => console.error('[next-store] identify failed', error))
  }, [client, key])
  return null
}
