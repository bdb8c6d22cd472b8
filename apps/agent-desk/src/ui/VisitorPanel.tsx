import { useState, type FormEvent } from 'react'
import type { CrmFields, FieldValue, VisitorProfile } from '@kefu/core'
import type { DeskSnapshot } from '../desk'
import { formatDateTime, formatTime, useDeskLocale, useText } from './i18n'
import { useDesk, useDeskStore } from './useDesk'
import { userAgentLabel } from './userAgentLabel'
import { visitorLabel } from './visitorLabel'

const CRM_KEYS = ['uname', 'realname', 'gender', 'age', 'tel', 'email', 'qq', 'wechat', 'face', 'remark'] as const satisfies readonly (keyof CrmFields)[]
const selectVisitor = (s: DeskSnapshot) => (s.selectedVisitorId ? (s.visitors[s.selectedVisitorId] ?? null) : null)

/** Name–value rows, as the panel shows params, entry data and track info. */
function FieldRows({ entries }: { entries: readonly (readonly [string, unknown])[] }) {
  return (
    <dl className="fields">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{String(v)}</dd>
        </div>
      ))}
    </dl>
  )
}

const present = ([, v]: readonly [string, unknown]) => v !== undefined && v !== ''

function Fields({ title, fields, testId }: { title: string; fields: Readonly<Record<string, FieldValue>>; testId: string }) {
  const entries = Object.entries(fields)
  if (entries.length === 0) return null
  return (
    <section className="panel-section" data-testid={testId}>
      <h3>{title}</h3>
      <FieldRows entries={entries} />
    </section>
  )
}

export function VisitorPanel() {
  const visitor = useDesk(selectVisitor)
  const text = useText()
  if (!visitor) return <p className="empty">{text.visitor.none}</p>
  // Keyed by visitor, so the CRM form starts from that visitor's fields.
  return <VisitorDetails key={visitor.visitorId} visitor={visitor} />
}

function VisitorDetails({ visitor }: { visitor: VisitorProfile }) {
  const { text, locale } = useDeskLocale()
  const device = userAgentLabel(visitor.userAgent, locale)
  const track = visitor.trackInfo
  const entry = visitor.entry
  const location = [track?.country, track?.province, track?.city].filter(Boolean).join(' ')
  const labels = visitor.userLabel ? visitor.userLabel.split(/[,，]/).map((l) => l.trim()).filter(Boolean) : []
  return (
    <div className="visitor-panel" data-testid="visitor-panel">
      <section className="panel-section">
        <h3>{text.visitor.title}</h3>
        <p className="visitor-name" data-testid="visitor-name">
          <strong>{visitorLabel(text, visitor, visitor.visitorId)}</strong>
          {device ? <span className="muted"> · {device}</span> : null}
        </p>
        <p data-testid="visitor-identity">
          {visitor.partnerid ? `${text.visitor.member} · ${visitor.partnerid}` : text.visitor.anonymous}
          {' · '}
          <span className={visitor.verifiedBy ? 'verified' : 'unverified'}>
            {visitor.verifiedBy ? text.visitor.verified(visitor.verifiedBy) : text.visitor.unverified}
          </span>
          {' · '}
          {visitor.online ? text.visitor.online : text.visitor.offline}
        </p>
        <p className="muted">
          {text.visitor.firstSeen}: <time dateTime={new Date(visitor.firstSeenAt).toISOString()}>{formatDateTime(locale, visitor.firstSeenAt)}</time>
        </p>
        {visitor.isVip || visitor.vipLevel ? (
          <p data-testid="visitor-vip">
            <span className="badge vip">VIP</span> {text.visitor.vip}: {visitor.vipLevel ?? '—'}
          </p>
        ) : null}
        {labels.length ? (
          <p data-testid="visitor-labels">
            {text.visitor.labels}:{' '}
            {labels.map((l) => (
              <span key={l} className="badge">
                {l}
              </span>
            ))}
          </p>
        ) : null}
      </section>
      <CrmForm visitor={visitor} />
      {visitor.trace.length ? (
        <section className="panel-section" data-testid="visitor-trace">
          <h3>{text.visitor.trace}</h3>
          <ol className="trace">
            {visitor.trace.map((t, i) => {
              const page = t.cur_visit_args
              // Sobot's trace fields (cur_visit_url, cur_visit_title), or a page's own url and title.
              const url = page?.cur_visit_url ?? page?.url
              const title = page?.cur_visit_title ?? page?.title
              return (
                <li key={i}>
                  <time dateTime={new Date(t.at).toISOString()}>{formatTime(locale, t.at)}</time>{' '}
                  {title ?? (url ? null : JSON.stringify(page ?? {}))}
                  {url ? <span className="muted trace-url"> {url}</span> : null}
                </li>
              )
            })}
          </ol>
        </section>
      ) : null}
      <Fields title={text.visitor.params} fields={visitor.params} testId="visitor-params" />
      <Fields title={text.visitor.customerFields} fields={visitor.customerFields} testId="visitor-customer-fields" />
      <section className="panel-section" data-testid="visitor-entry">
        <h3>{text.visitor.entry}</h3>
        <FieldRows entries={[...(device ? [[text.visitor.device, device] as const] : []), ...Object.entries(entry).filter(present).map(([k, v]) => [text.entryFields[k] ?? k, v] as const)]} />
      </section>
      {track ? (
        <section className="panel-section" data-testid="visitor-track">
          <h3>{text.visitor.location}</h3>
          <FieldRows
            entries={[
              ...(location ? [[text.visitor.region, location] as const] : []),
              ...Object.entries(track)
                .filter((row) => !['country', 'province', 'city'].includes(row[0]) && present(row))
                .map(([k, v]) => [text.entryFields[k] ?? k, v] as const),
            ]}
          />
        </section>
      ) : null}

    </div>
  )
}

type CrmKey = (typeof CRM_KEYS)[number]
const TEXT_LIMITS: Partial<Record<CrmKey, number>> = { remark: 1000, wechat: 64 }
const MAX_AGE = 150

/** The form shows every field as text; a number not set is ''. */
const crmValues = (crm: VisitorProfile['crm']): Record<CrmKey, string> =>
  Object.fromEntries(CRM_KEYS.map((k) => [k, crm[k] === undefined ? '' : String(crm[k])])) as Record<CrmKey, string>

/** The form's text back to CRM fields: gender and age as numbers, left out while blank; `null` for a bad age. */
function crmOf(values: Record<CrmKey, string>): CrmFields | null {
  const { gender, age, ...text } = values
  const years = age.trim()
  if (years !== '' && !(/^\d{1,3}$/.test(years) && Number(years) <= MAX_AGE)) return null
  return {
    ...text,
    ...(gender !== '' ? { gender: Number(gender) as 0 | 1 | 2 } : {}),
    ...(years !== '' ? { age: Number(years) } : {}),
  }
}

function CrmForm({ visitor }: { visitor: VisitorProfile }) {
  const desk = useDeskStore()
  const text = useText()
  const [values, setValues] = useState<Record<CrmKey, string>>(() => crmValues(visitor.crm))
  // The stored fields change under the form (the visitor signs in, a colleague saves): follow them,
  // unless the agent has unsaved edits.
  const [stored, setStored] = useState(visitor.crm)
  if (stored !== visitor.crm) {
    const before = crmValues(stored)
    const edited = CRM_KEYS.some((k) => values[k] !== before[k])
    setStored(visitor.crm)
    if (!edited) setValues(crmValues(visitor.crm))
  }
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle')
  const [error, setError] = useState<string | null>(null)
  const set = (key: CrmKey) => (e: { target: { value: string } }) => setValues({ ...values, [key]: e.target.value })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const crm = crmOf(values)
    if (!crm) {
      setStatus('failed')
      setError(text.visitor.badAge(MAX_AGE))
      return
    }
    setStatus('saving')
    desk
      .updateCrm(visitor.visitorId, crm)
      .then(() => setStatus('saved'))
      .catch((e: Error) => {
        setStatus('failed')
        setError(e.message)
      })
  }
  return (
    <form className="panel-section crm" onSubmit={submit} data-testid="crm-form">
      <h3>{text.visitor.crm}</h3>
      {CRM_KEYS.map((key) => (
        <label key={key}>
          <span>{text.crm[key]}</span>
          {key === 'remark' ? (
            <textarea value={values[key]} onChange={set(key)} data-testid={`crm-${key}`} maxLength={TEXT_LIMITS[key]} />
          ) : key === 'gender' ? (
            // Unset shows as 未知 (0), and stays unset until the agent picks one.
            <select value={values[key] || '0'} onChange={set(key)} data-testid={`crm-${key}`}>
              {([0, 1, 2] as const).map((code) => (
                <option key={code} value={String(code)}>
                  {text.gender[code]}
                </option>
              ))}
            </select>
          ) : key === 'age' ? (
            <input type="number" inputMode="numeric" min={0} max={MAX_AGE} step={1} value={values[key]} onChange={set(key)} data-testid={`crm-${key}`} />
          ) : (
            <input value={values[key]} onChange={set(key)} data-testid={`crm-${key}`} maxLength={TEXT_LIMITS[key]} />
          )}
        </label>
      ))}
      <div className="row">
        <button type="submit" disabled={status === 'saving'} data-testid="crm-save">
          {text.visitor.save}
        </button>
        {status === 'saved' ? (
          <span role="status" data-testid="crm-saved">
            {text.visitor.saved}
          </span>
        ) : null}
        {status === 'failed' ? (
          <span role="alert" className="error">
            {error}
          </span>
        ) : null}
      </div>
    </form>
  )
}
