import type { LeaveMessageRecord, LeaveMessageStatus } from '@kefu/core'
import { useState, type FormEvent } from 'react'
import type { AgentGroup, DeskSnapshot } from '../desk'
import { formatTime, useDeskLocale, type DeskText } from './i18n'
import { useDesk, useDeskStore } from './useDesk'

/** Sobot's 工单插件 card fields; every other field of `params` is the company's own. */
const CARD_FIELDS: ReadonlySet<string> = new Set(['card_title', 'card_url', 'card_desc', 'card_note', 'card_picture'])
const STATUSES: readonly LeaveMessageStatus[] = ['new', 'open', 'done']

/**
 * The fields come from a visitor's link: only an http(s) URL with a host becomes a link or a picture
 * (no `javascript:`, no relative path into the workbench). The server checks this too; this is the last word.
 */
export function httpUrl(value: string | undefined): string | undefined {
  return value && /^https?:\/\/[^\s/?#'"`\\<>]+[^\s'"`\\<>]*$/i.test(value) ? value : undefined
}

/** The group's name when the workbench knows it, else its id. */
function groupLabel(groupId: string, groups: readonly AgentGroup[]): string {
  return groups.find((g) => g.groupId === groupId)?.name ?? groupId
}

/** Template, group and source in one short line for the list, e.g. `模板 tpl-7 · 技能组 售后 · 来源 企业微信 (9)`. */
export function leaveMessageMeta(text: DeskText, message: LeaveMessageRecord, groups: readonly AgentGroup[]): string {
  const { leave } = text
  return [
    message.templateId && `${leave.template} ${message.templateId}`,
    message.groupId && `${leave.group} ${groupLabel(message.groupId, groups)}`,
    message.source && `${leave.source} ${sourceLabel(text, message.source)}`,
  ]
    .filter(Boolean)
    .join(' · ')
}

function sourceLabel(text: DeskText, source: string): string {
  const name = text.leave.sources[source]
  return name ? `${name} (${source})` : source
}

const selectPeople = (s: DeskSnapshot) => ({ me: s.agent, colleagues: s.colleagues })
const samePeople = (a: ReturnType<typeof selectPeople>, b: ReturnType<typeof selectPeople>) => a.me === b.me && a.colleagues === b.colleagues

/**
 * A left message in full: its template, group and source, a preview of the 工单插件 card (picture,
 * title, description, note, link), the custom fields, and its handling — status, assignee, replies —
 * as a workflow: a reply reaches the visitor's chat on their next visit and the company's webhook.
 * Everything is rendered as text (React escapes it).
 */
export function LeaveMessageDetails({ message, groups }: { message: LeaveMessageRecord; groups: readonly AgentGroup[] }) {
  const { text } = useDeskLocale()
  const { leave } = text
  const fields = message.fields ?? {}
  const picture = httpUrl(fields.card_picture)
  const link = httpUrl(fields.card_url)
  const hasCard = Boolean(fields.card_title || fields.card_desc || fields.card_note || picture || link)
  const custom = Object.entries(fields).filter(([key]) => !CARD_FIELDS.has(key))
  const facts: [string, string][] = [
    ...(message.templateId ? [[leave.template, message.templateId] as [string, string]] : []),
    ...(message.groupId ? [[leave.group, groupLabel(message.groupId, groups)] as [string, string]] : []),
    ...(message.source ? [[leave.source, sourceLabel(text, message.source)] as [string, string]] : []),
  ]
  return (
    <section className="leave-details" aria-label={leave.details} data-testid={`leave-details-${message.id}`}>
      <p className="leave-content">{message.content}</p>
      {facts.length ? (
        <dl className="leave-facts">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {hasCard ? (
        <article className="card product-card" aria-label={leave.card} data-testid="leave-card">
          {picture ? <img src={picture} alt="" className="card-image" /> : null}
          <div className="card-body">
            {fields.card_title ? <h4 className="card-title">{fields.card_title}</h4> : null}
            {fields.card_desc ? <p className="card-content">{fields.card_desc}</p> : null}
            {fields.card_note ? <p className="card-memo">{fields.card_note}</p> : null}
            {link ? (
              <a className="card-link" href={link} target="_blank" rel="noopener noreferrer">
                {text.card.open}
              </a>
            ) : null}
          </div>
        </article>
      ) : null}
      {custom.length ? (
        <dl className="leave-facts" aria-label={leave.fields}>
          {custom.map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <LeaveMessageWorkflow message={message} />
    </section>
  )
}

function LeaveMessageWorkflow({ message }: { message: LeaveMessageRecord }) {
  const desk = useDeskStore()
  const { text, locale } = useDeskLocale()
  const { me, colleagues } = useDesk(selectPeople, samePeople)
  const [reply, setReply] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const status = message.status ?? 'new'
  const path = `/api/v1/leave-messages/${encodeURIComponent(message.id)}`
  const people = [...(me ? [{ agentId: me.agentId, name: me.name }] : []), ...colleagues.filter((c) => c.agentId !== me?.agentId)]

  const run = (work: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    return work()
      .then(() => desk.loadLeaveMessages())
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false))
  }
  const update = (patch: { status?: LeaveMessageStatus; assigneeId?: string | null }) => run(() => desk.http(path, { method: 'PATCH', body: patch }))
  const send = (event: FormEvent) => {
    event.preventDefault()
    const body = reply.trim()
    if (!body) return
    void run(() => desk.http(`${path}/replies`, { body: { text: body } })).then(() => setReply(''))
  }

  return (
    <div className="leave-workflow" data-testid={`leave-workflow-${message.id}`}>
      <div className="row wrap">
        <label>
          {text.leave.statusLabel}{' '}
          <select value={status} disabled={busy} onChange={(e) => void update({ status: e.target.value as LeaveMessageStatus })} data-testid="leave-status">
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {text.leave.status[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {text.leave.assignee}{' '}
          <select
            value={message.assigneeId ?? ''}
            disabled={busy}
            onChange={(e) => void update({ assigneeId: e.target.value || null })}
            data-testid="leave-assignee"
          >
            <option value="">{text.leave.unassigned}</option>
            {people.map((p) => (
              <option key={p.agentId} value={p.agentId}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {me && message.assigneeId !== me.agentId ? (
          <button type="button" disabled={busy} onClick={() => void update({ assigneeId: me.agentId, ...(status === 'new' ? { status: 'open' as const } : {}) })}>
            {text.leave.assignToMe}
          </button>
        ) : null}
      </div>
      {message.replies?.length ? (
        <ol className="leave-replies">
          {message.replies.map((r, i) => (
            <li key={i}>
              <span className="muted">
                {text.leave.replied(r.agentName)} · <time dateTime={new Date(r.at).toISOString()}>{formatTime(locale, r.at)}</time>
              </span>
              <p className="leave-content">{r.text}</p>
            </li>
          ))}
        </ol>
      ) : null}
      <form onSubmit={send} className="leave-reply">
        <label htmlFor={`leave-reply-${message.id}`}>{text.leave.reply}</label>
        <textarea
          id={`leave-reply-${message.id}`}
          value={reply}
          rows={3}
          maxLength={5000}
          placeholder={text.leave.replyPlaceholder}
          onChange={(e) => setReply(e.target.value)}
          data-testid="leave-reply"
        />
        <button type="submit" className="primary" disabled={busy || !reply.trim()} data-testid="leave-reply-send">
          {text.leave.sendReply}
        </button>
      </form>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </div>
  )
}
