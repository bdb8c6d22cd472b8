import { createPluginHost, pluginPageUrl } from '@kefu/agent/host'
import { useEffect, useRef, useState } from 'react'
import { DeskHttpError } from '../../desk'
import type { Plugin } from '../adminApi'
import { useAdminApi } from '../adminApiContext'
import { useAdminText } from '../i18n'

const SANDBOX = 'allow-scripts allow-same-origin allow-forms'
/** How long a page gets to call `config` before the check gives up. */
const CONFIG_TIMEOUT_MS = 20_000

type Outcome = { kind: 'waiting' } | { kind: 'ok'; at: number } | { kind: 'refused'; reason: string; message: string } | { kind: 'timeout' }

/**
 * Runs the plugin signature check for real: the page loads in a frame, as in the workbench, and its
 * `echatSDK.config({timestamp, nonce, signature})` goes to the server's verification. What the server
 * says is shown, with the reason in the reader's language.
 */
export function PluginVerifier({ plugin, onClose }: { plugin: Plugin; onClose(): void }) {
  const api = useAdminApi()
  const { t, locale } = useAdminText()
  const frame = useRef<HTMLIFrameElement | null>(null)
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'waiting' })
  useEffect(() => {
    let settled = false
    const settle = (next: Outcome) => {
      if (settled) return
      settled = true
      setOutcome(next)
    }
    const host = createPluginHost({
      frame: {
        get contentWindow() {
          return frame.current?.contentWindow ?? null
        },
      },
      plugin: { pluginId: plugin.pluginId, allowedOrigin: plugin.allowedOrigin },
      verify: async (config) => {
        try {
          await api.verifyPlugin(plugin.pluginId, config)
          settle({ kind: 'ok', at: Date.now() })
        } catch (error) {
          const reason = error instanceof DeskHttpError ? error.reason : 'verify_failed'
          settle({ kind: 'refused', reason, message: error instanceof Error ? error.message : String(error) })
          throw error
        }
      },
      // The console only checks the signature; the page's calls are for a workbench with a chat.
      handle: async () => {
        throw Object.assign(new Error('not available while verifying in the admin console'), { code: 'unsupported' })
      },
      getSelected: () => null,
    })
    const timer = setTimeout(() => settle({ kind: 'timeout' }), CONFIG_TIMEOUT_MS)
    return () => {
      clearTimeout(timer)
      host.destroy()
    }
  }, [api, plugin.pluginId, plugin.allowedOrigin])
  const when = (ms: number) => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(ms)
  return (
    <div className="verifier" data-testid={`plugin-verify-${plugin.pluginId}`}>
      <p role="status" data-testid="plugin-verify-result" data-outcome={outcome.kind}>
        {outcome.kind === 'waiting' ? t.plugins.verifying : null}
        {outcome.kind === 'ok' ? <span className="ok">✓ {t.plugins.verifyOk(when(outcome.at))}</span> : null}
        {outcome.kind === 'refused' ? (
          <span className="form-error" title={outcome.message}>
            ✗ {t.plugins.verifyFailed(t.plugins.reasons[outcome.reason] ?? outcome.message)}
          </span>
        ) : null}
        {outcome.kind === 'timeout' ? <span className="form-error">✗ {t.plugins.verifyTimeout}</span> : null}
      </p>
      <iframe ref={frame} className="verify-frame" src={pluginPageUrl(plugin.url, null, location.origin)} sandbox={SANDBOX} title={plugin.name} />
      <button type="button" onClick={onClose}>
        {t.common.close}
      </button>
    </div>
  )
}
