import { useState, type FormEvent } from 'react'
import type { Plugin, PluginPage } from '../adminApi'
import { useAdminApi } from '../adminApiContext'
import { CopyButton } from '../form/CopyButton'
import { Field, Toggle } from '../form/Field'
import { fieldError, formErrorsOf, NO_ERRORS, type FormErrors } from '../form/formErrors'
import { FormStatus } from '../form/FormStatus'
import { useAdminText } from '../i18n'
import { useLoad } from '../useLoad'
import { PluginVerifier } from './PluginVerifier'
import { isHttpUrl } from './validateSettings'

interface Draft {
  name: string
  url: string
  allowedOrigin: string
  visitorParams: boolean
  pages: PluginPage[]
}
const EMPTY: Draft = { name: '', url: '', allowedOrigin: '', visitorParams: false, pages: [] }

/** Business pages in the workbench's side panel: register, edit, show a new secret once, verify the signature. */
export function PluginsSection() {
  const api = useAdminApi()
  const { t } = useAdminText()
  const plugins = useLoad(() => api.plugins())
  const [editing, setEditing] = useState<string | 'new' | null>(null)
  const [verifying, setVerifying] = useState<string | null>(null)
  const [secret, setSecret] = useState<{ pluginId: string; secret: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (!plugins.data) return <p className="muted">{plugins.error ? formErrorsOf(plugins.error, t).form : t.common.loading}</p>
  async function act(work: () => Promise<unknown>) {
    setError(null)
    try {
      await work()
      plugins.reload()
    } catch (e) {
      setError(formErrorsOf(e, t).form)
    }
  }
  const saved = (plugin: Plugin) => {
    if (plugin.secret) setSecret({ pluginId: plugin.pluginId, secret: plugin.secret })
    setEditing(null)
    plugins.reload()
  }
  return (
    <section className="admin-card">
      <div className="card-head">
        <span />
        <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="plugin-add">
          + {t.plugins.add}
        </button>
      </div>
      {editing === 'new' ? <PluginForm initial={EMPTY} onSaved={saved} onCancel={() => setEditing(null)} /> : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {plugins.data.length === 0 ? <p className="muted">{t.plugins.none}</p> : null}
      <ul className="faq-list" data-testid="plugin-list">
        {plugins.data.map((plugin) => (
          <li key={plugin.pluginId} className="faq" data-testid={`plugin-${plugin.name}`}>
            {editing === plugin.pluginId ? (
              <PluginForm pluginId={plugin.pluginId} initial={{ ...plugin, pages: plugin.pages.map((p) => ({ ...p })) }} onSaved={saved} onCancel={() => setEditing(null)} />
            ) : (
              <>
                <div className="faq-q">
                  <strong>{plugin.name}</strong>
                  <code className="muted">{plugin.url}</code>
                </div>
                <p className="muted">
                  {t.plugins.origin}
                  {t.common.colon}
                  {plugin.allowedOrigin}
                  {plugin.pages.length ? ` · ${plugin.pages.map((p) => `${p.pageId} ${p.title}`).join(' · ')}` : ''}
                </p>
                {secret?.pluginId === plugin.pluginId ? (
                  <div className="secret-once" role="status">
                    <p>{t.plugins.secretShownOnce}</p>
                    <code data-testid="plugin-secret">{secret.secret}</code>
                    <CopyButton text={secret.secret} />
                    <button type="button" className="link" onClick={() => setSecret(null)}>
                      {t.common.close}
                    </button>
                  </div>
                ) : null}
                <div className="actions">
                  <button type="button" onClick={() => setVerifying(verifying === plugin.pluginId ? null : plugin.pluginId)} data-testid="plugin-verify">
                    {t.plugins.verify}
                  </button>
                  <button type="button" className="link" onClick={() => setEditing(plugin.pluginId)}>
                    {t.common.edit}
                  </button>
                  <button
                    type="button"
                    className="link"
                    onClick={() => window.confirm(t.plugins.confirmRotate) && void act(async () => saved(await api.rotatePluginSecret(plugin.pluginId)))}
                    data-testid="plugin-rotate"
                  >
                    {t.plugins.rotateSecret}
                  </button>
                  <button type="button" className="link danger" onClick={() => window.confirm(t.common.confirmDelete(plugin.name)) && void act(() => api.deletePlugin(plugin.pluginId))}>
                    {t.common.delete}
                  </button>
                </div>
                {verifying === plugin.pluginId ? <PluginVerifier plugin={plugin} onClose={() => setVerifying(null)} /> : null}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

function PluginForm({ initial, pluginId, onSaved, onCancel }: { initial: Draft; pluginId?: string; onSaved(plugin: Plugin): void; onCancel(): void }) {
  const api = useAdminApi()
  const { t } = useAdminText()
  const p = t.plugins
  const [draft, setDraft] = useState<Draft>(initial)
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  const setPage = (index: number, page: PluginPage) => set('pages', draft.pages.map((x, i) => (i === index ? page : x)))
  async function submit(event: FormEvent) {
    event.preventDefault()
    const local: Record<string, string> = {}
    if (!draft.name.trim()) local.name = t.common.required
    if (!isHttpUrl(draft.url)) local.url = t.common.badUrl
    draft.pages.forEach((page, index) => {
      if (!Number.isInteger(page.pageId) || page.pageId < 1) local[`pages.${index}.pageId`] = t.common.range(1, 2_147_483_647)
      if (!page.title.trim()) local[`pages.${index}.title`] = t.common.required
      if (!isHttpUrl(page.url)) local[`pages.${index}.url`] = t.common.badUrl
    })
    if (Object.keys(local).length) return setErrors({ form: t.common.invalidForm, fields: local })
    const body = {
      name: draft.name.trim(),
      url: draft.url.trim(),
      visitorParams: draft.visitorParams,
      pages: draft.pages.map((page) => ({ ...page, title: page.title.trim(), url: page.url.trim() })),
      ...(draft.allowedOrigin.trim() ? { allowedOrigin: draft.allowedOrigin.trim() } : {}),
    }
    try {
      onSaved(pluginId ? await api.savePlugin(pluginId, body) : await api.addPlugin(body))
    } catch (error) {
      setErrors(formErrorsOf(error, t))
    }
  }
  const e = (path: string) => fieldError(errors, path)
  return (
    <form className="admin-card inline-form" onSubmit={(ev) => void submit(ev)} noValidate data-testid="plugin-form">
      <div className="grid-3">
        <Field label={p.name} error={e('name')}>
          <input value={draft.name} onChange={(ev) => set('name', ev.target.value)} data-testid="plugin-name" />
        </Field>
        <Field label={p.url} error={e('url')}>
          <input type="url" value={draft.url} onChange={(ev) => set('url', ev.target.value)} data-testid="plugin-url" />
        </Field>
        <Field label={p.origin} hint={p.originHint} error={e('allowedOrigin')}>
          <input value={draft.allowedOrigin} placeholder="https://shop.example.com" onChange={(ev) => set('allowedOrigin', ev.target.value)} data-testid="plugin-origin" />
        </Field>
      </div>
      <Toggle label={p.visitorParams} checked={draft.visitorParams} onChange={(v) => set('visitorParams', v)} />
      <fieldset className="checks">
        <legend>{p.pages}</legend>
        {draft.pages.map((page, index) => (
          <div key={index} className="grid-3 page-row">
            <Field label={p.pageId} error={e(`pages.${index}.pageId`)}>
              <input type="number" min={1} value={Number.isNaN(page.pageId) ? '' : page.pageId} onChange={(ev) => setPage(index, { ...page, pageId: ev.target.valueAsNumber })} />
            </Field>
            <Field label={p.pageTitle} error={e(`pages.${index}.title`)}>
              <input value={page.title} onChange={(ev) => setPage(index, { ...page, title: ev.target.value })} />
            </Field>
            <Field label={p.pageUrl} error={e(`pages.${index}.url`)}>
              <input type="url" value={page.url} onChange={(ev) => setPage(index, { ...page, url: ev.target.value })} />
            </Field>
            <button type="button" className="link danger" onClick={() => set('pages', draft.pages.filter((_, i) => i !== index))}>
              {p.removePage}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set('pages', [...draft.pages, { pageId: NaN, title: '', url: draft.url }])}>
          + {p.addPage}
        </button>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="plugin-save">
          {t.common.save}
        </button>
        <button type="button" onClick={onCancel}>
          {t.common.cancel}
        </button>
        <FormStatus errors={errors} saved={false} savedText="" />
      </div>
    </form>
  )
}
