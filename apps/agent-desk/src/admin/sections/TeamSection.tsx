import { useState, type FormEvent, type ReactNode } from 'react'
import type { DeskSnapshot } from '../../desk'
import { useDesk } from '../../ui/useDesk'
import type { AdminAgent, Group } from '../adminApi'
import { useAdminApi } from '../adminApiContext'
import { Field } from '../form/Field'
import { fieldError, formErrorsOf, NO_ERRORS, type FormErrors } from '../form/formErrors'
import { FormStatus } from '../form/FormStatus'
import { useAdminText } from '../i18n'
import { listOf } from '../format'
import { useLoad } from '../useLoad'

const selectMe = (s: DeskSnapshot) => s.agent?.agentId ?? null

interface AgentDraft {
  name: string
  email: string
  password: string
  role: 'admin' | 'agent'
  capacity: number
  groupIds: string[]
}

const EMPTY: AgentDraft = { name: '', email: '', password: '', role: 'agent', capacity: 5, groupIds: [] }

/** Agents (add, roles, capacity, groups, disable, delete) and groups (add, rename, delete, members). */
export function TeamSection() {
  const api = useAdminApi()
  const { t } = useAdminText()
  const loaded = useLoad(async () => {
    const [agents, groups] = await Promise.all([api.agents(), api.groups()])
    return { agents, groups }
  })
  if (!loaded.data) return <p className="muted">{loaded.error ? formErrorsOf(loaded.error, t).form : t.common.loading}</p>
  return (
    <>
      <AgentsPanel agents={loaded.data.agents} groups={loaded.data.groups} onChanged={loaded.reload} />
      <GroupsPanel agents={loaded.data.agents} groups={loaded.data.groups} onChanged={loaded.reload} />
    </>
  )
}

function validateAgent(draft: AgentDraft, creating: boolean, t: ReturnType<typeof useAdminText>['t']): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!draft.name.trim()) errors.name = t.common.required
  else if (draft.name.length > 50) errors.name = t.common.maxLength(50)
  if (creating && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim())) errors.email = t.common.badEmail
  if ((creating || draft.password) && draft.password.length < 8) errors.password = t.team.passwordTooShort
  if (!Number.isInteger(draft.capacity) || draft.capacity < 0 || draft.capacity > 100) errors.capacity = t.common.range(0, 100)
  return errors
}

function AgentForm({
  initial,
  groups,
  creating,
  onDone,
  onCancel,
  agentId,
}: {
  initial: AgentDraft
  groups: readonly Group[]
  creating: boolean
  agentId?: string
  onDone(): void
  onCancel(): void
}) {
  const api = useAdminApi()
  const { t } = useAdminText()
  const [draft, setDraft] = useState(initial)
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)
  const set = <K extends keyof AgentDraft>(key: K, value: AgentDraft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  async function submit(event: FormEvent) {
    event.preventDefault()
    const local = validateAgent(draft, creating, t)
    if (Object.keys(local).length) return setErrors({ form: t.common.invalidForm, fields: local })
    setSaving(true)
    try {
      const body = { name: draft.name.trim(), role: draft.role, capacity: draft.capacity, groupIds: draft.groupIds, ...(draft.password ? { password: draft.password } : {}) }
      if (creating) await api.addAgent({ ...body, email: draft.email.trim() })
      else await api.saveAgent(agentId!, body)
      onDone()
    } catch (error) {
      setErrors(formErrorsOf(error, t))
    } finally {
      setSaving(false)
    }
  }
  const e = (path: string) => fieldError(errors, path)
  return (
    <form className="admin-card inline-form" onSubmit={(ev) => void submit(ev)} noValidate data-testid={creating ? 'agent-add-form' : `agent-edit-form-${agentId}`}>
      <div className="grid-3">
        <Field label={t.team.name} error={e('name')}>
          <input value={draft.name} onChange={(ev) => set('name', ev.target.value)} data-testid="agent-name" />
        </Field>
        {creating ? (
          <Field label={t.team.email} error={e('email')}>
            <input type="email" value={draft.email} onChange={(ev) => set('email', ev.target.value)} data-testid="agent-email" />
          </Field>
        ) : null}
        <Field label={creating ? t.team.password : t.team.newPassword} hint={creating ? t.team.passwordHint : undefined} error={e('password')}>
          <input type="password" autoComplete="new-password" value={draft.password} onChange={(ev) => set('password', ev.target.value)} data-testid="agent-password" />
        </Field>
        <Field label={t.team.role} error={e('role')}>
          <select value={draft.role} onChange={(ev) => set('role', ev.target.value as AgentDraft['role'])} data-testid="agent-role">
            <option value="agent">{t.team.roles.agent}</option>
            <option value="admin">{t.team.roles.admin}</option>
          </select>
        </Field>
        <Field label={t.team.capacity} error={e('capacity')}>
          <input type="number" min={0} max={100} value={draft.capacity} onChange={(ev) => set('capacity', ev.target.valueAsNumber)} data-testid="agent-capacity" />
        </Field>
      </div>
      {groups.length ? (
        <fieldset className="checks">
          <legend>{t.team.agentGroups}</legend>
          {groups.map((g) => (
            <label key={g.groupId} className="inline">
              <input
                type="checkbox"
                checked={draft.groupIds.includes(g.groupId)}
                onChange={(ev) => set('groupIds', ev.target.checked ? [...draft.groupIds, g.groupId] : draft.groupIds.filter((id) => id !== g.groupId))}
                data-testid={`agent-group-${g.name}`}
              />
              {g.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving} data-testid="agent-save">
          {saving ? t.common.saving : t.common.save}
        </button>
        <button type="button" onClick={onCancel}>
          {t.common.cancel}
        </button>
        <FormStatus errors={errors} saved={false} savedText="" />
      </div>
    </form>
  )
}

function AgentsPanel({ agents, groups, onChanged }: { agents: AdminAgent[]; groups: Group[]; onChanged(): void }) {
  const api = useAdminApi()
  const { t } = useAdminText()
  const me = useDesk(selectMe)
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const groupName = (id: string) => groups.find((g) => g.groupId === id)?.name ?? id
  async function act(work: () => Promise<unknown>) {
    setError(null)
    try {
      await work()
      onChanged()
    } catch (e) {
      setError(formErrorsOf(e, t).form)
    }
  }
  return (
    <section className="admin-card" aria-labelledby="agents-heading">
      <div className="card-head">
        <h2 id="agents-heading">{t.team.agents}</h2>
        <button type="button" className="primary" onClick={() => (setAdding(true), setEditing(null))} data-testid="agent-add">
          + {t.team.addAgent}
        </button>
      </div>
      {adding ? <AgentForm initial={EMPTY} groups={groups} creating onDone={() => (setAdding(false), onChanged())} onCancel={() => setAdding(false)} /> : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="admin-table" data-testid="agents-table">
          <thead>
            <tr>
              <th>{t.team.name}</th>
              <th>{t.team.email}</th>
              <th>{t.team.role}</th>
              <th>{t.team.capacity}</th>
              <th>{t.team.agentGroups}</th>
              <th>{t.team.status}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <AgentRow
                key={a.agentId}
                agent={a}
                me={me}
                groupNames={a.groupIds.map(groupName)}
                editing={editing === a.agentId}
                onEdit={() => (setEditing(a.agentId), setAdding(false))}
                onToggle={() => void act(() => api.saveAgent(a.agentId, { disabled: !a.disabled }))}
                onDelete={() => window.confirm(t.common.confirmDelete(a.name)) && void act(() => api.deleteAgent(a.agentId))}
                form={
                  <AgentForm
                    agentId={a.agentId}
                    initial={{ name: a.name, email: a.email, password: '', role: a.role, capacity: a.capacity, groupIds: [...a.groupIds] }}
                    groups={groups}
                    creating={false}
                    onDone={() => (setEditing(null), onChanged())}
                    onCancel={() => setEditing(null)}
                  />
                }
              />
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t.team.disableHint}</p>
    </section>
  )
}

function AgentRow({
  agent,
  me,
  groupNames,
  editing,
  onEdit,
  onToggle,
  onDelete,
  form,
}: {
  agent: AdminAgent
  me: string | null
  groupNames: string[]
  editing: boolean
  onEdit(): void
  onToggle(): void
  onDelete(): void
  form: ReactNode
}) {
  const { t, locale } = useAdminText()
  const self = agent.agentId === me
  return (
    <>
      <tr data-testid={`agent-row-${agent.email}`} className={agent.disabled ? 'disabled' : undefined}>
        <td data-label={t.team.name}>
          {agent.name}
          {self ? t.team.you : ''}
        </td>
        <td data-label={t.team.email}>{agent.email}</td>
        <td data-label={t.team.role}>{t.team.roles[agent.role]}</td>
        <td data-label={t.team.capacity}>{agent.capacity}</td>
        <td data-label={t.team.agentGroups}>{listOf(locale, groupNames) || '—'}</td>
        <td data-label={t.team.status}>{agent.disabled ? t.team.disabled : t.team.enabled}</td>
        <td className="actions">
          <button type="button" className="link" onClick={onEdit} data-testid="agent-edit">
            {t.common.edit}
          </button>
          {self ? null : (
            <>
              <button type="button" className="link" onClick={onToggle} data-testid="agent-toggle">
                {agent.disabled ? t.team.enable : t.team.disable}
              </button>
              <button type="button" className="link danger" onClick={onDelete} data-testid="agent-delete">
                {t.common.delete}
              </button>
            </>
          )}
        </td>
      </tr>
      {editing ? (
        <tr className="edit-row">
          <td colSpan={7}>{form}</td>
        </tr>
      ) : null}
    </>
  )
}

function GroupsPanel({ agents, groups, onChanged }: { agents: AdminAgent[]; groups: Group[]; onChanged(): void }) {
  const api = useAdminApi()
  const { t, locale } = useAdminText()
  const [name, setName] = useState('')
  const [renaming, setRenaming] = useState<{ groupId: string; name: string } | null>(null)
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const agentName = (id: string) => agents.find((a) => a.agentId === id)?.name ?? id
  async function act(work: () => Promise<unknown>) {
    setErrors(NO_ERRORS)
    try {
      await work()
      onChanged()
      return true
    } catch (e) {
      setErrors(formErrorsOf(e, t))
      return false
    }
  }
  async function add(event: FormEvent) {
    event.preventDefault()
    if (!name.trim()) return setErrors({ form: null, fields: { name: t.common.required } })
    if (name.length > 100) return setErrors({ form: null, fields: { name: t.common.maxLength(100) } })
    if (await act(() => api.addGroup(name.trim()))) setName('')
  }
  return (
    <section className="admin-card" aria-labelledby="groups-heading">
      <h2 id="groups-heading">{t.team.groups}</h2>
      <form className="row wrap" onSubmit={(e) => void add(e)} noValidate data-testid="group-add-form">
        <Field label={t.team.groupName} error={fieldError(errors, 'name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="group-name" />
        </Field>
        <button type="submit" className="primary" data-testid="group-add">
          + {t.team.addGroup}
        </button>
      </form>
      <FormStatus errors={{ ...errors, fields: {} }} saved={false} savedText="" />
      <ul className="group-list" data-testid="groups-list">
        {groups.map((g) => (
          <li key={g.groupId} data-testid={`group-${g.name}`}>
            {renaming?.groupId === g.groupId ? (
              <form
                className="row"
                onSubmit={(e) => {
                  e.preventDefault()
                  if (renaming.name.trim()) void act(() => api.renameGroup(g.groupId, renaming.name.trim())).then((ok) => ok && setRenaming(null))
                }}
              >
                <input aria-label={t.team.groupName} value={renaming.name} onChange={(e) => setRenaming({ groupId: g.groupId, name: e.target.value })} />
                <button type="submit">{t.common.save}</button>
                <button type="button" onClick={() => setRenaming(null)}>
                  {t.common.cancel}
                </button>
              </form>
            ) : (
              <>
                <strong>{g.name}</strong>
                <span className="muted">
                  {t.team.members}
                  {t.common.colon}
                  {listOf(locale, g.agentIds.map(agentName)) || t.team.noMembers}
                </span>
                <button type="button" className="link" onClick={() => setRenaming({ groupId: g.groupId, name: g.name })}>
                  {t.team.rename}
                </button>
                <button type="button" className="link danger" onClick={() => window.confirm(t.common.confirmDelete(g.name)) && void act(() => api.deleteGroup(g.groupId))}>
                  {t.common.delete}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
