'use client'
import Script from 'next/script'
import { usePathname } from 'next/navigation'
import { useChatSelector } from '@kefu/react'
import { showsWidget } from '../lib/widgetPages'

export interface WidgetLoaderProps {
  readonly kefuUrl: string
  readonly companyId: string
}

/**
 * Loads the kefu widget (`<KEFU_URL>/loader.js`). `custom: true` (Sobot's option) hides the widget's own
 * button: the store's header button opens the chat through `ECHAT.customMiniChat()`. The widget and the
 * store's hooks share the visitor through `kefu:<companyId>:visitorToken` in this origin's localStorage.
 * Not on the headless pages (`/support`): their chat is the hooks alone.
 */
export function WidgetLoader({ kefuUrl, companyId }: WidgetLoaderProps) {
  // On a first visit the store's client and the widget would each ask the server for a visitor at once,
  // and become two visitors: load the widget only once the store's client has its visitor (and token).
  const visitorId = useChatSelector(selectVisitorId)
  const pathname = usePathname()
  if (visitorId === null || !showsWidget(pathname)) return null
  // The loader replays `_kefu.q`: `['', args]` per `_kefu(…)` call, so the config precedes everything.
  const config = `window._kefu=window._kefu||function(){(window._kefu.q=window._kefu.q||[]).push(['',Array.prototype.slice.call(arguments)])};window._kefu('config',${JSON.stringify({ custom: true })});`
  return (
    <>
      <Script id="kefu-config" strategy="afterInteractive">
        {config}
      </Script>
      <Script
        id="kefu-loader"
        strategy="afterInteractive"
        src={`${kefuUrl}/loader.js?companyId=${encodeURIComponent(companyId)}`}
        data-kefu=""
        data-company={companyId}
      />
    </>
  )
}

const selectVisitorId = (snapshot: { readonly visitorId: string | null }) => snapshot.visitorId
