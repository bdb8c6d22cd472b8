import Link from 'next/link'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import { ChatButton } from '../../components/ChatButton'
import { KefuStoreProvider } from '../../components/KefuStoreProvider'
import { SignOutButton } from '../../components/SignOutButton'
import { WidgetLoader } from '../../components/WidgetLoader'
import { currentUser } from '../../lib/currentUser'
import { memberIdentity } from '../../lib/memberIdentity'
import { storeEnv } from '../../lib/storeEnv'

/** The store's frame: header with the chat button, the chat client, and the kefu widget. */
export default async function StoreLayout({ children }: { readonly children: ReactNode }) {
  // Rendered per request: KEFU_URL and the session are read when the store runs, not when it is built.
  await connection()
  const env = storeEnv()
  const user = await currentUser()
  const identity = user ? memberIdentity(user, env.companyId, env.signKey) : null
  return (
    <KefuStoreProvider kefuUrl={env.kefuUrl} companyId={env.companyId} identity={identity}>
      <header className="site-header">
        <Link href="/" className="brand">
          衣橱 <small>Wardrobe</small>
        </Link>
        <nav className="nav">
          <Link href="/">商品 <small>Shop</small></Link>
          <Link href="/orders">订单 <small>Orders</small></Link>
          {/* A document load, not a client-side one: the widget cannot be unloaded from a page it has loaded in. */}
          <a href="/support">客服 <small>Support</small></a>
          {user ? (
            <span className="user">
              <span data-testid="signed-in-user">{user.realname}</span>
              <SignOutButton companyId={env.companyId} />
            </span>
          ) : (
            <Link href="/signin">登录 <small>Sign in</small></Link>
          )}
        </nav>
        <ChatButton />
      </header>
      <main className="main">{children}</main>
      <footer className="site-footer">kefu demo store · Next.js + @kefu/react</footer>
      <WidgetLoader kefuUrl={env.kefuUrl} companyId={env.companyId} />
    </KefuStoreProvider>
  )
}
