import { useState } from 'react'
import { CopyButton } from '../form/CopyButton'
import { Field } from '../form/Field'
import { formErrorsOf } from '../form/formErrors'
import { useAdminApi } from '../adminApiContext'
import { useAdminText } from '../i18n'
import { useLoad } from '../useLoad'
import { embedSnippet, SNIPPET_KINDS, type SnippetKind } from './embedSnippets'
import { WidgetPreview } from './WidgetPreview'

/** The chat window as visitors will see it, and the embed code for each deployment, ready to copy. */
export function WidgetSection() {
  const api = useAdminApi()
  const { t, locale } = useAdminText()
  const company = useLoad(() => api.company())
  // The workbench is served by the kefu server, so its origin is the server visitors reach (a proxy may differ: editable).
  const [serverUrl, setServerUrl] = useState(() => globalThis.location?.origin ?? '')
  const [kind, setKind] = useState<SnippetKind>('inPage')
  const [offline, setOffline] = useState(false)
  if (!company.data) return <p className="muted">{company.error ? formErrorsOf(company.error, t).form : t.common.loading}</p>
  const { settings } = company.data
  const code = embedSnippet(kind, { serverUrl, companyId: company.data.id, brandColor: settings.brandColor, locale })
  return (
    <div className="widget-layout">
      <section className="admin-card" aria-labelledby="preview-heading">
        <div className="card-head">
          <h2 id="preview-heading">{t.widget.preview}</h2>
          <div className="segmented" role="group">
            <button type="button" aria-pressed={!offline} onClick={() => setOffline(false)}>
              {t.widget.previewOnline}
            </button>
            <button type="button" aria-pressed={offline} onClick={() => setOffline(true)} data-testid="preview-offline">
              {t.widget.previewOffline}
            </button>
          </div>
        </div>
        <WidgetPreview name={company.data.name} settings={settings} offline={offline} />
      </section>
      <section className="admin-card" aria-labelledby="embed-heading">
        <h2 id="embed-heading">{t.widget.embed}</h2>
        <p className="hint">{t.widget.embedHint}</p>
        <Field label={t.widget.serverUrl}>
          <input type="url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} data-testid="embed-server" />
        </Field>
        <div className="tabs" role="tablist" aria-label={t.widget.embed}>
          {SNIPPET_KINDS.map((k) => (
            <button key={k} type="button" role="tab" aria-selected={k === kind} onClick={() => setKind(k)} data-testid={`embed-tab-${k}`}>
              {t.widget.snippets[k]}
            </button>
          ))}
        </div>
        <div role="tabpanel" aria-label={t.widget.snippets[kind]}>
          <p className="hint">{t.widget.snippetHints[kind]}</p>
          <pre className="code" tabIndex={0} aria-label={t.widget.snippets[kind]} data-testid="embed-code">
            <code>{code}</code>
          </pre>
          <CopyButton text={code} testId="embed-copy" />
        </div>
      </section>
    </div>
  )
}
