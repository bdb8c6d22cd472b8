import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { DeskSnapshot, QuickReply } from '../desk'
import { useDeskLocale } from './i18n'
import { useDesk, useDeskStore } from './useDesk'

/** A reply as the server lists it: shared by the company or a group, or kept by one agent. */
type ScopedReply = QuickReply & { readonly scope?: 'company' | 'group' | 'agent'; readonly agentId?: string | null }

/** Quick replies whose title or text holds `query` (case-insensitive), titles first. */
export function matchQuickReplies(replies: readonly QuickReply[], query: string): QuickReply[] {
  const q = query.trim().toLowerCase()
  if (!q) return [...replies]
  const inTitle = replies.filter((r) => r.title.toLowerCase().includes(q))
  return [...inTitle, ...replies.filter((r) => !inTitle.includes(r) && r.text.toLowerCase().includes(q))]
}

const selectReplies = (s: DeskSnapshot) => s.quickReplies
const selectMe = (s: DeskSnapshot) => s.agent

/**
 * The quick replies panel: search, pick one (↑/↓ and Enter, or a click), and keep one's own — an agent
 * adds, edits and deletes personal replies; company and group ones are the admins' (an admin edits all).
 */
export function QuickReplies({ onUse, onClose }: { onUse(text: string): void; onClose(): void }) {
  const desk = useDeskStore()
  const { text: t } = useDeskLocale()
  const replies = useDesk(selectReplies) as readonly ScopedReply[]
  const me = useDesk(selectMe)
  const [query, setQuery] = useState('')
  const [editing, setEditing] = useState<ScopedReply | 'new' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const search = useRef<HTMLInputElement>(null)
  const shown = matchQuickReplies(replies, query) as ScopedReply[]
  const mayEdit = (r: ScopedReply) => me?.role === 'admin' || (r.scope === 'agent' && r.agentId === me?.agentId)
  useEffect(() => search.current?.focus(), [])

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      if (editing) setEditing(null)
      else onClose()
      return
    }
    if (editing) return
    // ↑/↓ move between the search box and the replies; Enter in the search box takes the first match.
    const target = event.target as HTMLElement
    const buttons = [...(list.current?.querySelectorAll<HTMLElement>('.reply-use') ?? [])]
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const index = buttons.indexOf(target)
      const next = event.key === 'ArrowDown' ? buttons[index + 1] : index <= 0 ? search.current : buttons[index - 1]
      next?.focus()
    } else if (event.key === 'Enter' && target === search.current && shown[0]) {
      event.preventDefault()
      onUse(shown[0].text)
    }
  }
  const list = useRef<HTMLUListElement>(null)

  /** Runs a change, then closes the editor it concerns (not one the agent opened meanwhile). */
  const change = async (work: () => Promise<unknown>, concerns: (open: NonNullable<typeof editing>) => boolean) => {
    setError(null)
    try {
      await work()
      await desk.loadQuickReplies()
      setEditing((open) => (open && concerns(open) ? null : open))
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <div className="quick-panel" role="dialog" aria-label={t.composer.quickReplies} onKeyDown={onKeyDown} data-testid="quick-replies">
      <div className="row">
        <input
          ref={search}
          type="search"
          value={query}
          placeholder={t.composer.searchReplies}
          aria-label={t.composer.searchReplies}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="quick-replies-search"
        />
        <button type="button" onClick={() => setEditing('new')} data-testid="quick-reply-add">
          {t.composer.addReply}
        </button>
      </div>
      {editing ? (
        <ReplyEditor
          // A new editor for each reply, so its fields start from that reply.
          key={editing === 'new' ? 'new' : editing.id}
          reply={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSave={(fields) =>
            void change(() =>
              editing === 'new'
                ? desk.http('/api/v1/quick-replies', { body: { ...fields, scope: 'agent' } })
                : desk.http(`/api/v1/quick-replies/${encodeURIComponent(editing.id)}`, { method: 'PATCH', body: fields }),
              (open) => open === editing,
            )
          }
        />
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <ul ref={list} className="quick-replies" aria-label={t.composer.quickReplies}>
        {shown.length === 0 ? <li className="muted">{t.composer.noQuickReplies}</li> : null}
        {shown.map((r) => (
          <li key={r.id}>
            <button type="button" className="reply-use" title={r.text} onClick={() => onUse(r.text)} data-testid={`quick-reply-${r.id}`}>
              <strong>{r.title}</strong> <span>{r.text}</span>
            </button>
            {mayEdit(r) ? (
              <span className="reply-actions">
                <button type="button" className="link" onClick={() => setEditing(r)} data-testid={`quick-reply-edit-${r.id}`}>
                  {t.composer.editReply}
                </button>
                <button
                  type="button"
                  className="link danger"
                  onClick={() =>
                    void change(
                      () => desk.http(`/api/v1/quick-replies/${encodeURIComponent(r.id)}`, { method: 'DELETE' }),
                      (open) => open !== 'new' && open.id === r.id,
                    )
                  }
                  data-testid={`quick-reply-delete-${r.id}`}
                >
                  {t.composer.deleteReply}
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

function ReplyEditor({ reply, onSave, onCancel }: { reply: QuickReply | null; onSave(fields: { title: string; text: string }): void; onCancel(): void }) {
  const { text: t } = useDeskLocale()
  const [title, setTitle] = useState(reply?.title ?? '')
  const [body, setBody] = useState(reply?.text ?? '')
  const first = useRef<HTMLInputElement>(null)
  useEffect(() => first.current?.focus(), [])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (title.trim() && body.trim()) onSave({ title: title.trim(), text: body })
  }
  return (
    <form className="reply-editor" onSubmit={submit} data-testid="quick-reply-editor">
      <label>
        {t.composer.replyTitle}
        <input ref={first} value={title} maxLength={50} onChange={(e) => setTitle(e.target.value)} data-testid="quick-reply-title" />
      </label>
      <label>
        {t.composer.replyText}
        <textarea value={body} rows={3} maxLength={2000} onChange={(e) => setBody(e.target.value)} data-testid="quick-reply-text" />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={!title.trim() || !body.trim()} data-testid="quick-reply-save">
          {t.composer.saveReply}
        </button>
        <button type="button" onClick={onCancel}>
          {t.chat.cancel}
        </button>
      </div>
    </form>
  )
}
