import type { LeaveMessageRecord } from '@kefu/core'
import type { AgentGroup } from '../desk'
import { TEXT } from './text'

/** Sobot's 工单插件 card fields; every other field of `params` is the company's own. */
const CARD_FIELDS: ReadonlySet<string> = new Set(['card_title', 'card_url', 'card_desc', 'card_note', 'card_picture'])

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
export function leaveMessageMeta(message: LeaveMessageRecord, groups: readonly AgentGroup[]): string {
  const { leave } = TEXT
  return [
    message.templateId && `${leave.template} ${message.templateId}`,
    message.groupId && `${leave.group} ${groupLabel(message.groupId, groups)}`,
    message.source && `${leave.source} ${sourceLabel(message.source)}`,
  ]
    .filter(Boolean)
    .join(' · ')
}

function sourceLabel(source: string): string {
  const name = (TEXT.leave.sources as Readonly<Record<string, string>>)[source]
  return name ? `${name} (${source})` : source
}

/**
 * A left message in full: its template, group and source, a preview of the 工单插件 card (picture,
 * title, description, note, link) and the custom fields. Everything is rendered as text (React escapes it).
 */
export function LeaveMessageDetails({ message, groups }: { message: LeaveMessageRecord; groups: readonly AgentGroup[] }) {
  const { leave } = TEXT
  const fields = message.fields ?? {}
  const picture = httpUrl(fields.card_picture)
  const link = httpUrl(fields.card_url)
  const hasCard = Boolean(fields.card_title || fields.card_desc || fields.card_note || picture || link)
  const custom = Object.entries(fields).filter(([key]) => !CARD_FIELDS.has(key))
  const facts: [string, string][] = [
    ...(message.templateId ? [[leave.template, message.templateId] as [string, string]] : []),
    ...(message.groupId ? [[leave.group, groupLabel(message.groupId, groups)] as [string, string]] : []),
    ...(message.source ? [[leave.source, sourceLabel(message.source)] as [string, string]] : []),
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
                {TEXT.card.open}
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
    </section>
  )
}
