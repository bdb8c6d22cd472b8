import { useState, type FormEvent } from 'react'
import type { AdminAgent, Group, QuickReply } from '../adminApi'
import { useAdminApi } from '../adminApiContext'
import { Field } from '../form/Field'
import { fieldError, formErrorsOf, NO_ERRORS, type FormErrors } from '../form/formErrors'
import { FormStatus } from '../form/FormStatus'
import { useAdminText } from '../i18n'
import { useLoad } from '../useLoad'

type Draft = Pick<QuickReply, 'title' | 'text' | 'scope' | 'groupId' | 'agentId'> & { position: number | null }
const EMPTY: Draft = { title: '', text: '', scope: 'company', groupId: null, agentId: null, position: null }

/** Quick replies shared by the company, by one group, or kept by one agent. */
export function QuickRepliesSection() {
  const api = useAdminApi()
  const { t } = useAdminText()
  const loaded = useLoad(async () => {
    const [replies, groups, agents] = await Promise.all([api.quickReplies(), api.groups(), api.agents()])
    return { replies, groups, agents }
  })
  const [editing, setEditing] = useState<string | 'new' | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (!loaded.data) return <p className="muted">{loaded.error ? formErrorsOf(loaded.error, t).form : t.common.loading}</p>
  const { replies, groups, agents } = loaded.data
  const owner = (r: QuickReply) =>
    r.scope === 'company'
      ? t.quickReplies.company
      : r.scope === 'group'
        ? t.quickReplies.ofGroup(groups.find((g) => g.groupId === r.groupId)?.name ?? '')
        : t.quickReplies.ofAgent(agents.find((a) => a.agentId === r.agentId)?.name ?? '')
  async function remove(reply: QuickReply) {
    if (!window.confirm(t.common.confirmDelete(reply.title))) return
    try {
      await api.deleteQuickReply(reply.id)
      loaded.reload()
    } catch (e) {
      setError(formErrorsOf(e, t).form)
    }
  }
  const done = () => (setEditing(null), loaded.reload())
  return (
    <section className="admin-card">
      <div className="card-head">
        <span />
        <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="qr-add">
          + {t.quickReplies.add}
        </button>
      </div>
      {editing === 'new' ? <ReplyForm initial={EMPTY} groups={groups} agents={agents} onDone={done} onCancel={() => setEditing(null)} /> : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <ul className="faq-list" data-testid="qr-list">
        {replies.map((reply) =>
          editing === reply.id ? (
            <li key={reply.id}>
              <ReplyForm replyId={reply.id} initial={reply} groups={groups} agents={agents} onDone={done} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <li key={reply.id} className="faq" data-testid={`qr-${reply.title}`}>
              <div className="faq-q">
                <strong>{reply.title}</strong>
                <span className={`chip scope-${reply.scope}`}>{owner(reply)}</span>
              </div>
              <p className="faq-a">{reply.text}</p>
              <div className="actions">
                <button type="button" className="link" onClick={() => setEditing(reply.id)}>
                  {t.common.edit}
                </button>
                <button type="button" className="link danger" onClick={() => void remove(reply)}>
                  {t.common.delete}
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
    </section>
  )
}

function ReplyForm({
  initial,
  replyId,
  groups,
  agents,
  onDone,
  onCancel,
}: {
  initial: Draft
  replyId?: string
  groups: readonly Group[]
  agents: readonly AdminAgent[]
  onDone(): void
  onCancel(): void
}) {
  const api = useAdminApi()
  const { t } = useAdminText()
  const q = t.quickReplies
  const [draft, setDraft] = useState<Draft>({ ...initial })
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  async function submit(event: FormEvent) {
    event.preventDefault()
    const local: Record<string, string> = {}
    if (!draft.title.trim()) local.title = t.common.required
    else if (draft.title.length > 50) local.title = t.common.maxLength(50)
    if (!draft.text.trim()) local.text = t.common.required
    else if (draft.text.length > 2000) local.text = t.common.maxLength(2000)
    if (draft.scope === 'group' && !draft.groupId) local.groupId = t.common.required
    if (draft.scope === 'agent' && !draft.agentId) local.agentId = t.common.required
    if (Object.keys(local).length) return setErrors({ form: t.common.invalidForm, fields: local })
    const body = {
      title: draft.title.trim(),
      text: draft.text,
      scope: draft.scope,
      groupId: draft.scope === 'group' ? draft.groupId : null,
      agentId: draft.scope === 'agent' ? draft.agentId : null,
      ...(draft.position !== null ? { position: draft.position } : {}),
    }
    try {
      if (replyId) await api.saveQuickReply(replyId, body)
      else await api.addQuickReply(body)
      onDone()
    } catch (error) {
      setErrors(formErrorsOf(error, t))
    }
  }
  const e = (path: string) => fieldError(errors, path)
  return (
    <form className="admin-card inline-form" onSubmit={(ev) => void submit(ev)} noValidate data-testid="qr-form">
      <div className="grid-3">
        <Field label={q.title} error={e('title')}>
          <input value={draft.title} onChange={(ev) => set('title', ev.target.value)} data-testid="qr-title" />
        </Field>
        <Field label={q.scope} error={e('scope')}>
          <select value={draft.scope} onChange={(ev) => set('scope', ev.target.value as Draft['scope'])} data-testid="qr-scope">
            {(['company', 'group', 'agent'] as const).map((scope) => (
              <option key={scope} value={scope}>
                {q.scopes[scope]}
              </option>
            ))}
          </select>
        </Field>
        {draft.scope === 'group' ? (
          <Field label={q.group} error={e('groupId')}>
            <select value={draft.groupId ?? ''} onChange={(ev) => set('groupId', ev.target.value || null)} data-testid="qr-group">
              <option value="">{t.company.pickTarget}</option>
              {groups.map((g) => (
                <option key={g.groupId} value={g.groupId}>
                  {g.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {draft.scope === 'agent' ? (
          <Field label={q.agent} error={e('agentId')}>
            <select value={draft.agentId ?? ''} onChange={(ev) => set('agentId', ev.target.value || null)} data-testid="qr-agent">
              <option value="">{t.company.pickTarget}</option>
              {agents.map((a) => (
                <option key={a.agentId} value={a.agentId}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label={q.position} error={e('position')}>
          <input type="number" min={0} value={draft.position ?? ''} onChange={(ev) => set('position', Number.isNaN(ev.target.valueAsNumber) ? null : ev.target.valueAsNumber)} />
        </Field>
      </div>
      <Field label={q.text} error={e('text')}>
        <textarea rows={3} value={draft.text} onChange={(ev) => set('text', ev.target.value)} data-testid="qr-text" />
      </Field>
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="qr-save">
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
