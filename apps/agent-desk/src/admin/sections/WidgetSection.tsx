import { useMemo, useState, type FormEvent } from 'react'
import { useDesk } from '../../ui/useDesk'
import type { Company, CompanySettings } from '../adminApi'
import { useAdminApi } from '../adminApiContext'
import type { AdminLocale } from '../adminLocale'
import { CopyButton } from '../form/CopyButton'
import { Field } from '../form/Field'
import { fieldError, formErrorsOf, NO_ERRORS, type FormErrors } from '../form/formErrors'
import { FormStatus } from '../form/FormStatus'
import { ADMIN_TEXT, useAdminText } from '../i18n'
import { useLoad } from '../useLoad'
import { embedSnippet, SNIPPET_KINDS, type SnippetKind } from './embedSnippets'
import { previewWelcome } from './previewWelcome'
import { validateSettings } from './validateSettings'
import { DEFAULT_WIDGET_COLOR, WidgetPreview } from './WidgetPreview'

/** The settings the chat window shows, edited here beside the window itself. */
const WINDOW_SETTINGS = ['brandColor', 'robotName', 'robotHelloWord', 'agentHelloWord', 'agentOfflineTitle', 'receptionMode'] as const satisfies readonly (keyof CompanySettings)[]
const PREVIEW_LOCALES: readonly AdminLocale[] = ['zh-CN', 'zh-TW', 'en']

/** The chat window as visitors will see it, with its colour and texts to edit, and the embed code for each deployment. */
export function WidgetSection() {
  const api = useAdminApi()
  const { t } = useAdminText()
  const company = useLoad(() => api.company())
  if (!company.data) return <p className="muted">{company.error ? formErrorsOf(company.error, t).form : t.common.loading}</p>
  return <WidgetForm key={company.data.id} company={company.data} onSaved={company.set} />
}

function WidgetForm({ company, onSaved }: { company: Company; onSaved(company: Company): void }) {
  const api = useAdminApi()
  const { t, locale } = useAdminText()
  const c = t.company
  const agentName = useDesk((s) => s.agent?.name ?? '')
  // The workbench is served by the kefu server, so its origin is the server visitors reach (a proxy may differ: editable).
  const [serverUrl, setServerUrl] = useState(() => globalThis.location?.origin ?? '')
  const [kind, setKind] = useState<SnippetKind>('inPage')
  const [agentsOnline, setAgentsOnline] = useState(true)
  const [previewLocale, setPreviewLocale] = useState<AdminLocale>(locale)
  // The draft: what the preview shows as it is typed, and what Save sends.
  const [draft, setDraft] = useState<CompanySettings>(company.settings)
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)
  const set = <K extends keyof CompanySettings>(key: K, value: CompanySettings[K]) => {
    setDraft((prev) => ({ ...prev, [key]: value }))
    setSaved(false)
  }
  const err = (path: string) => fieldError(errors, path)

  const welcome = useMemo(
    () => previewWelcome({ settings: draft, companyName: company.name, agentsOnline, agentName: agentName || t.widget.exampleAgent, texts: ADMIN_TEXT[previewLocale].widget.visitorTexts }),
    [draft, company.name, agentsOnline, agentName, previewLocale, t],
  )

  async function save(event: FormEvent) {
    event.preventDefault()
    const local = validateSettings(company.name, draft, t)
    if (Object.keys(local).length) {
      setErrors({ form: t.common.invalidForm, fields: local })
      return
    }
    setSaving(true)
    setErrors(NO_ERRORS)
    try {
      const settings = Object.fromEntries(WINDOW_SETTINGS.map((key) => [key, draft[key]])) as Partial<CompanySettings>
      const updated = await api.saveCompany({ settings })
      onSaved(updated)
      setDraft(updated.settings)
      setSaved(true)
    } catch (error) {
      setErrors(formErrorsOf(error, t))
    } finally {
      setSaving(false)
    }
  }

  const code = embedSnippet(kind, { serverUrl, companyId: company.id, brandColor: company.settings.brandColor, locale })
  return (
    <div className="widget-layout">
      <section className="admin-card widget-preview-card" aria-labelledby="preview-heading">
        <div className="card-head">
          <h2 id="preview-heading">{t.widget.preview}</h2>
          <div className="segmented" role="group" aria-label={t.widget.previewAgents}>
            <button type="button" aria-pressed={agentsOnline} onClick={() => setAgentsOnline(true)} data-testid="preview-online">
              {t.widget.previewOnline}
            </button>
            <button type="button" aria-pressed={!agentsOnline} onClick={() => setAgentsOnline(false)} data-testid="preview-offline">
              {t.widget.previewOffline}
            </button>
          </div>
        </div>
        <Field label={t.widget.previewLanguage}>
          <select value={previewLocale} onChange={(e) => setPreviewLocale(e.target.value as AdminLocale)} data-testid="preview-locale">
            {PREVIEW_LOCALES.map((l) => (
              <option key={l} value={l}>
                {t.widget.languages[l]}
              </option>
            ))}
          </select>
        </Field>
        <WidgetPreview companyId={company.id} locale={previewLocale} welcome={welcome} />
        <p className="hint" data-testid="preview-hint">
          {t.widget.previewHints[draft.receptionMode][agentsOnline ? 'online' : 'offline']}
        </p>
      </section>

      <form className="admin-card widget-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="window-heading" data-testid="widget-form">
        <h2 id="window-heading">{t.widget.window}</h2>
        <p className="hint">{t.widget.windowHint}</p>
        <Field label={c.brandColor} hint={c.brandColorHint} error={err('brandColor')}>
          <input value={draft.brandColor ?? ''} placeholder={DEFAULT_WIDGET_COLOR} onChange={(e) => set('brandColor', e.target.value.trim() || null)} data-testid="widget-color" />
        </Field>
        <div className="row">
          <input
            type="color"
            aria-label={c.brandColor}
            value={/^#[0-9a-f]{6}$/i.test(draft.brandColor ?? '') ? draft.brandColor! : DEFAULT_WIDGET_COLOR}
            onChange={(e) => set('brandColor', e.target.value)}
          />
          <button type="button" className="link" onClick={() => set('brandColor', null)}>
            {c.useDefaultColor}
          </button>
        </div>
        <Field label={c.receptionMode} error={err('receptionMode')}>
          <select value={draft.receptionMode} onChange={(e) => set('receptionMode', Number(e.target.value) as CompanySettings['receptionMode'])} data-testid="widget-reception">
            {([1, 2, 3, 4] as const).map((mode) => (
              <option key={mode} value={mode}>
                {c.receptionModes[mode]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={c.robotName} error={err('robotName')}>
          <input value={draft.robotName} onChange={(e) => set('robotName', e.target.value)} maxLength={50} />
        </Field>
        <Field label={c.robotHelloWord} hint={t.widget.blankIsKefus} error={err('robotHelloWord')}>
          <textarea rows={2} value={draft.robotHelloWord} onChange={(e) => set('robotHelloWord', e.target.value)} data-testid="widget-robot-hello" />
        </Field>
        <Field label={c.agentHelloWord} hint={c.agentHelloWordHint} error={err('agentHelloWord')}>
          <textarea rows={2} value={draft.agentHelloWord} onChange={(e) => set('agentHelloWord', e.target.value)} data-testid="widget-agent-hello" />
        </Field>
        <Field label={c.agentOfflineTitle} hint={t.widget.blankIsKefus} error={err('agentOfflineTitle')}>
          <textarea rows={2} value={draft.agentOfflineTitle} onChange={(e) => set('agentOfflineTitle', e.target.value)} data-testid="widget-offline-text" />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving} data-testid="widget-save">
            {saving ? t.common.saving : t.common.save}
          </button>
          <FormStatus errors={errors} saved={saved} savedText={t.common.saved} />
        </div>
      </form>

      <section className="admin-card widget-embed" aria-labelledby="embed-heading">
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
