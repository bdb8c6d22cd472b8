import { useEffect, useRef } from 'react'
import type { AdminLocale } from '../adminLocale'
import { useAdminText } from '../i18n'
import type { WelcomeFrame } from './previewWelcome'

/** kefu's chat window colour when the company sets none. */
export const DEFAULT_WIDGET_COLOR = '#1677ff'

/** The address of the chat window page in preview mode (`#preview`: fed by this page, never connected). */
export function previewWindowUrl(origin: string, companyId: string, locale: AdminLocale): string {
  return `${origin}/chat?${new URLSearchParams({ companyId, locale })}#preview`
}

/**
 * The real chat window — the page and code visitors get — in a frame, showing `welcome` (the settings being
 * edited). It comes from this console's own server, so it shares this page's origin: messages go only to
 * that origin, and only its frame's "ready" is listened to. Each change is posted as the admin types.
 */
export function WidgetPreview({ companyId, locale, welcome }: { companyId: string; locale: AdminLocale; welcome: WelcomeFrame }) {
  const { t } = useAdminText()
  const frame = useRef<HTMLIFrameElement>(null)
  const ready = useRef(false)
  const latest = useRef(welcome)
  latest.current = welcome
  const origin = globalThis.location.origin
  const src = previewWindowUrl(origin, companyId, locale)

  useEffect(() => {
    const post = () => frame.current?.contentWindow?.postMessage({ type: 'kefu.preview', welcome: latest.current }, origin)
    ready.current = false
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.current?.contentWindow || event.origin !== origin || event.data?.type !== 'kefu.preview.ready') return
      ready.current = true
      post()
    }
    addEventListener('message', onMessage)
    return () => removeEventListener('message', onMessage)
  }, [src, origin])

  useEffect(() => {
    if (ready.current) frame.current?.contentWindow?.postMessage({ type: 'kefu.preview', welcome }, origin)
  }, [welcome, origin])

  return (
    <div className="widget-preview" data-testid="widget-preview" data-color={welcome.themeColor ?? DEFAULT_WIDGET_COLOR}>
      <iframe ref={frame} key={src} src={src} title={t.widget.previewFrame} data-testid="widget-preview-frame" />
    </div>
  )
}
