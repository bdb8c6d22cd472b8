import { useState, type FormEvent } from 'react'
import { useDeskStore } from '../../ui/useDesk'
import type { AdminAgent, Company, CompanySettings, Group } from '../adminApi'
import { useAdminApi } from '../adminApiContext'
import { Field, Toggle } from '../form/Field'
import { fieldError, formErrorsOf, NO_ERRORS, type FormErrors } from '../form/formErrors'
import { FormStatus } from '../form/FormStatus'
import { LinesInput } from '../form/LinesInput'
import { useAdminText } from '../i18n'
import { useLoad } from '../useLoad'
import { KeysPanel } from './KeysPanel'
import { TransferRulesEditor } from './TransferRulesEditor'
import { validateSettings } from './validateSettings'
import { WorkingHoursEditor } from './WorkingHoursEditor'

const MB = 1024 * 1024

/** Loads the company with the agents and groups its routing rules name, then shows the form. */
export function CompanySection() {
  const api = useAdminApi()
  const { t } = useAdminText()
  const loaded = useLoad(async () => {
    const [company, agents, groups] = await Promise.all([api.company(), api.agents(), api.groups()])
    return { company, agents, groups }
  })
  if (!loaded.data) {
    return loaded.error ? (
      <p className="form-error" role="alert">
        {t.common.loadFailed}
        {formErrorsOf(loaded.error, t).form}
      </p>
    ) : (
      <p className="muted">{t.common.loading}</p>
    )
  }
  return <CompanyForm key={loaded.data.company.id} {...loaded.data} onSaved={(company) => loaded.set({ ...loaded.data!, company })} onReload={loaded.reload} />
}

function CompanyForm({
  company,
  agents,
  groups,
  onSaved,
  onReload,
}: {
  company: Company
  agents: AdminAgent[]
  groups: Group[]
  onSaved(company: Company): void
  onReload(): void
}) {
  const api = useAdminApi()
  const desk = useDeskStore()
  const { t } = useAdminText()
  const c = t.company
  const [name, setName] = useState(company.name)
  const [s, setSettings] = useState<CompanySettings>(company.settings)
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)
  const [uploading, setUploading] = useState(false)
  const set = <K extends keyof CompanySettings>(key: K, value: CompanySettings[K]) => {
    setSettings((prev) => ({ ...prev, [key]: value }))
    setSaved(false)
  }
  const err = (path: string) => fieldError(errors, path)

  async function save(event: FormEvent) {
    event.preventDefault()
    const local = validateSettings(name, s, t)
    if (Object.keys(local).length) {
      setErrors({ form: t.common.invalidForm, fields: local })
      return
    }
    setSaving(true)
    setErrors(NO_ERRORS)
    try {
      const { offline, ...rest } = s
      // A redirect URL is sent only with the redirect mode (the server refuses a stray empty one).
      const settings = { ...rest, offline: offline.mode === 'redirect' ? offline : { mode: offline.mode } }
      const updated = await api.saveCompany({ name: name.trim(), settings })
      onSaved(updated)
      setSettings(updated.settings)
      setSaved(true)
    } catch (error) {
      setErrors(formErrorsOf(error, t))
    } finally {
      setSaving(false)
    }
  }

  async function uploadLogo(file: File) {
    setUploading(true)
    try {
      const uploaded = await desk.upload(file, file.name)
      set('logoUrl', uploaded.url)
    } catch (error) {
      setErrors({ form: formErrorsOf(error, t).form, fields: {} })
    } finally {
      setUploading(false)
    }
  }

  return (
    <form className="admin-form" onSubmit={(e) => void save(e)} noValidate data-testid="company-form">
      <fieldset className="admin-card">
        <legend>{c.basics}</legend>
        <Field label={c.name} error={err('name')}>
          <input value={name} onChange={(e) => (setName(e.target.value), setSaved(false))} maxLength={100} data-testid="company-name" />
        </Field>
        <Field label={c.logo} hint={c.logoHint} error={err('logoUrl')}>
          <input type="url" value={s.logoUrl ?? ''} onChange={(e) => set('logoUrl', e.target.value.trim() || null)} data-testid="company-logo" />
        </Field>
        <div className="row">
          {s.logoUrl ? <img className="logo-preview" src={s.logoUrl} alt="" /> : null}
          <label className="button-like">
            {uploading ? c.uploading : c.upload}
            <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" hidden onChange={(e) => e.target.files?.[0] && void uploadLogo(e.target.files[0])} />
          </label>
        </div>
        <Field label={c.brandColor} hint={c.brandColorHint} error={err('brandColor')}>
          <input value={s.brandColor ?? ''} placeholder="#1677ff" onChange={(e) => set('brandColor', e.target.value.trim() || null)} data-testid="company-color" />
        </Field>
        <div className="row">
          <input type="color" aria-label={c.brandColor} value={/^#[0-9a-f]{6}$/i.test(s.brandColor ?? '') ? s.brandColor! : '#1677ff'} onChange={(e) => set('brandColor', e.target.value)} />
          <button type="button" className="link" onClick={() => set('brandColor', null)}>
            {c.useDefaultColor}
          </button>
        </div>
      </fieldset>

      <fieldset className="admin-card">
        <legend>{c.texts}</legend>
        <Field label={c.robotName} error={err('robotName')}>
          <input value={s.robotName} onChange={(e) => set('robotName', e.target.value)} />
        </Field>
        <Field label={c.robotHelloWord} error={err('robotHelloWord')}>
          <textarea rows={2} value={s.robotHelloWord} onChange={(e) => set('robotHelloWord', e.target.value)} data-testid="company-robot-hello" />
        </Field>
        <Field label={c.agentHelloWord} hint={c.agentHelloWordHint} error={err('agentHelloWord')}>
          <textarea rows={2} value={s.agentHelloWord} onChange={(e) => set('agentHelloWord', e.target.value)} data-testid="company-agent-hello" />
        </Field>
        <Field label={c.agentOfflineTitle} error={err('agentOfflineTitle')}>
          <textarea rows={2} value={s.agentOfflineTitle} onChange={(e) => set('agentOfflineTitle', e.target.value)} data-testid="company-offline-text" />
        </Field>
      </fieldset>

      <fieldset className="admin-card">
        <legend>{c.reception}</legend>
        <Field label={c.receptionMode} error={err('receptionMode')}>
          <select value={s.receptionMode} onChange={(e) => set('receptionMode', Number(e.target.value) as CompanySettings['receptionMode'])} data-testid="company-reception">
            {([1, 2, 3, 4] as const).map((mode) => (
              <option key={mode} value={mode}>
                {c.receptionModes[mode]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={c.chatStart} hint={c.chatStartHint} error={err('startChatOn')}>
          {/* A server before startChatOn sends none: it starts chats on the first message, like the default. */}
          <select value={s.startChatOn ?? 'message'} onChange={(e) => set('startChatOn', e.target.value as CompanySettings['startChatOn'])} data-testid="company-chat-start">
            {(['message', 'open'] as const).map((when) => (
              <option key={when} value={when}>
                {c.chatStarts[when]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={c.offlineMode} error={err('offline.mode')}>
          <select value={s.offline.mode} onChange={(e) => set('offline', { ...s.offline, mode: e.target.value as CompanySettings['offline']['mode'] })} data-testid="company-offline-mode">
            {(['leave-message', 'disabled', 'redirect'] as const).map((mode) => (
              <option key={mode} value={mode}>
                {c.offlineModes[mode]}
              </option>
            ))}
          </select>
        </Field>
        {s.offline.mode === 'redirect' ? (
          <Field label={c.redirectUrl} error={err('offline.url') ?? err('offline')}>
            <input type="url" value={s.offline.url ?? ''} onChange={(e) => set('offline', { ...s.offline, url: e.target.value })} />
          </Field>
        ) : null}
        <Field label={c.leaveMessageWebhook} hint={c.leaveMessageWebhookHint} error={err('leaveMessageWebhook')}>
          <input
            type="url"
            value={s.leaveMessageWebhook ?? ''}
            placeholder="https://"
            onChange={(e) => set('leaveMessageWebhook', e.target.value.trim() || null)}
            data-testid="company-leave-webhook"
          />
        </Field>
        <div className="grid-3">
          <Field label={c.queueTimeout} hint={c.queueTimeoutHint} error={err('queueTimeoutSeconds')}>
            <input type="number" min={30} max={86400} value={s.queueTimeoutSeconds} onChange={(e) => set('queueTimeoutSeconds', e.target.valueAsNumber)} data-testid="company-queue-timeout" />
          </Field>
          <Field label={c.inactivityTimeout} hint={c.inactivityTimeoutHint} error={err('inactivityTimeoutSeconds')}>
            <input type="number" min={30} max={86400} value={s.inactivityTimeoutSeconds} onChange={(e) => set('inactivityTimeoutSeconds', e.target.valueAsNumber)} />
          </Field>
          <Field label={c.maxChatWindows} error={err('maxChatWindows')}>
            <input type="number" min={1} max={100} value={s.maxChatWindows} onChange={(e) => set('maxChatWindows', e.target.valueAsNumber)} />
          </Field>
        </div>
        <Toggle label={c.evaluateOnEnd} checked={s.evaluateOnEnd} onChange={(v) => set('evaluateOnEnd', v)} />
      </fieldset>

      <WorkingHoursEditor value={s.workingHours} onChange={(v) => set('workingHours', v)} errors={errors} />
      <TransferRulesEditor value={s.transferActions} onChange={(v) => set('transferActions', v)} agents={agents} groups={groups} errors={errors} />

      <fieldset className="admin-card">
        <legend>{c.files}</legend>
        <Field label={c.maxSize} error={err('uploads.maxBytes')}>
          <input
            type="number"
            min={1}
            max={100}
            step="any"
            value={Math.round((s.uploads.maxBytes / MB) * 100) / 100}
            onChange={(e) => set('uploads', { ...s.uploads, maxBytes: Math.round(e.target.valueAsNumber * MB) })}
            data-testid="company-max-size"
          />
        </Field>
        <Field label={c.allowedTypes} hint={c.allowedTypesHint} error={err('uploads.allowedTypes')}>
          <LinesInput rows={4} split={/[\n,，\s]+/} value={s.uploads.allowedTypes} onChange={(allowedTypes) => set('uploads', { ...s.uploads, allowedTypes })} data-testid="company-types" />
        </Field>
      </fieldset>

      <fieldset className="admin-card">
        <legend>{c.security}</legend>
        <Toggle label={c.requireMemberSign} hint={c.requireMemberSignHint} checked={s.requireMemberSign} onChange={(v) => set('requireMemberSign', v)} />
        <Toggle label={c.requireHmacSign} hint={c.requireHmacSignHint} checked={s.requireHmacSign} onChange={(v) => set('requireHmacSign', v)} testId="company-require-hmac" />
        <Toggle label={c.requireSignTimestamp} hint={c.requireSignTimestampHint} checked={s.requireSignTimestamp} onChange={(v) => set('requireSignTimestamp', v)} testId="company-require-timestamp" />
        <Field label={c.memberSignMaxAge} hint={c.memberSignMaxAgeHint} error={err('memberSignMaxAgeSeconds')}>
          <input type="number" min={30} max={2592000} value={s.memberSignMaxAgeSeconds} onChange={(e) => set('memberSignMaxAgeSeconds', e.target.valueAsNumber)} data-testid="company-sign-max-age" />
        </Field>
        <Toggle label={c.trustUnsignedVip} hint={c.trustUnsignedVipHint} checked={s.trustUnsignedVip} onChange={(v) => set('trustUnsignedVip', v)} testId="company-trust-unsigned-vip" />
        <Field label={c.siteOrigins} hint={c.siteOriginsHint} error={err('siteOrigins')}>
          <LinesInput
            rows={3}
            split={/[\s,，]+/}
            placeholder="https://shop.example.com"
            spellCheck={false}
            autoCapitalize="off"
            value={s.siteOrigins ?? []}
            onChange={(siteOrigins) => set('siteOrigins', siteOrigins)}
            data-testid="company-site-origins"
          />
        </Field>
        <KeysPanel company={company} onRotated={onReload} />
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving} data-testid="company-save">
          {saving ? t.common.saving : t.common.save}
        </button>
        <FormStatus errors={errors} saved={saved} savedText={t.common.saved} />
      </div>
    </form>
  )
}
