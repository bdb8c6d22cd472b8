import { useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react'
import type { OutgoingMessageBody } from '@kefu/core'
import type { ComposerAttachment } from './composerDraft'
import { useDeskLocale } from './i18n'
import { BoltIcon, NewsIcon, PaperclipIcon } from './icons'
import { QuickReplies, matchQuickReplies } from './QuickReplies'
import { useDesk, useDeskStore } from './useDesk'
import { useStoreState, useWorkbench } from './workbenchServices'
import { bodyForFile, type DeskSnapshot } from '../desk'

const selectReplies = (s: DeskSnapshot) => s.quickReplies

/** A PutMsg attachment as the message it becomes: an image, or a news article as a product card. */
export function attachmentBody(attachment: ComposerAttachment): OutgoingMessageBody[] {
  if (attachment.type === 'image') return [{ type: 'image', url: attachment.url }]
  return attachment.articles.map((a) => ({
    type: 'product',
    card: {
      type: 'product',
      title: a.title,
      ...(a.digest ? { content: a.digest } : {}),
      ...(a.cover ? { imageUrl: a.cover } : {}),
      ...(a.url ? { urlForVisitor: a.url, urlForStaff: a.url } : {}),
    },
  }))
}

/** `/退货` at the start of the composer searches the quick replies for 退货. */
const slashQuery = (text: string): string | null => (/^\/[^\n]*$/.test(text) ? text.slice(1) : null)

export function Composer({ conversationId, ended }: { conversationId: string; ended: boolean }) {
  const desk = useDeskStore()
  const { text: t } = useDeskLocale()
  const { draft } = useWorkbench()
  const { text, attachments } = useStoreState(draft)
  const quickReplies = useDesk(selectReplies)
  const [note, setNote] = useState(false)
  const [uploading, setUploading] = useState(false)
  const [showReplies, setShowReplies] = useState(false)
  const [picked, setPicked] = useState(0)
  const fileInput = useRef<HTMLInputElement>(null)
  const input = useRef<HTMLTextAreaElement>(null)
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const query = slashQuery(text)
  const suggestions = query === null ? [] : matchQuickReplies(quickReplies, query).slice(0, 8)
  useEffect(() => setPicked(0), [query])

  const send = () => {
    const bodies: OutgoingMessageBody[] = attachments.flatMap(attachmentBody)
    if (text.trim()) bodies.push({ type: 'text', text: text.trim() })
    if (bodies.length === 0) return
    draft.clear()
    desk.setTyping(conversationId, false)
    // Sent in order; each appears at once as pending and turns sent or failed on its own.
    for (const body of bodies) desk.send(conversationId, body, { note }).catch(desk.reportError)
  }

  const insertReply = (replyText: string) => {
    draft.setText(replyText)
    setShowReplies(false)
    input.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return
    if (query !== null && suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        setPicked((picked + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length)
        return
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault()
        insertReply(suggestions[picked]!.text)
        return
      }
    }
    if (query !== null && event.key === 'Escape') {
      event.preventDefault()
      draft.setText('')
      return
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      send()
    }
  }

  const onChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    draft.setText(event.target.value)
    if (slashQuery(event.target.value) !== null) return // searching quick replies is not typing to the visitor
    desk.setTyping(conversationId, true)
    clearTimeout(typingTimer.current)
    typingTimer.current = setTimeout(() => desk.setTyping(conversationId, false), 3000)
  }

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])]
    event.target.value = ''
    setUploading(true)
    try {
      for (const file of files) {
        const uploaded = await desk.upload(file, file.name)
        await desk.send(conversationId, bodyForFile(uploaded), { note })
      }
    } catch (error) {
      desk.reportError(error)
    } finally {
      setUploading(false)
    }
  }

  return (
    <div className="composer">
      {ended ? <p className="composer-hint">{t.composer.ended}</p> : null}
      {attachments.length > 0 ? (
        <ul className="attachments" aria-label={t.composer.attachments} data-testid="composer-attachments">
          {attachments.map((a) => (
            <li key={a.key} className="attachment">
              {a.type === 'image' ? (
                <img src={a.url} alt="" />
              ) : (
                <span>
                  <NewsIcon /> {a.articles.map((x) => x.title).join(' / ')}
                </span>
              )}
              <button type="button" onClick={() => draft.remove(a.key)} aria-label={t.composer.remove}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="composer-tools">
        <button type="button" onClick={() => fileInput.current?.click()} disabled={uploading} data-testid="composer-file">
          <PaperclipIcon /> {uploading ? t.composer.uploading : t.composer.file}
        </button>
        <input ref={fileInput} type="file" multiple hidden onChange={(e) => void onFile(e)} data-testid="composer-file-input" />
        <button type="button" aria-expanded={showReplies} onClick={() => setShowReplies(!showReplies)} data-testid="quick-replies-toggle">
          <BoltIcon /> {t.composer.quickReplies}
        </button>
        <label className="note-toggle">
          <input type="checkbox" checked={note} onChange={(e) => setNote(e.target.checked)} data-testid="composer-note" />
          {t.composer.note}
        </label>
      </div>
      {showReplies ? (
        <QuickReplies
          onUse={insertReply}
          onClose={() => {
            setShowReplies(false)
            input.current?.focus()
          }}
        />
      ) : null}
      {query !== null ? (
        <ul className="quick-replies suggestions" role="listbox" id="reply-suggestions" aria-label={t.composer.searchReplies} data-testid="reply-suggestions">
          {suggestions.length === 0 ? <li className="muted">{t.composer.noQuickReplies}</li> : null}
          {suggestions.map((r, i) => (
            <li
              key={r.id}
              id={`reply-suggestion-${i}`}
              role="option"
              aria-selected={i === picked}
              className={i === picked ? 'picked' : undefined}
              onMouseDown={(e) => (e.preventDefault(), insertReply(r.text))}
            >
              <strong>{r.title}</strong> <span>{r.text}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="composer-row">
        <textarea
          ref={input}
          aria-label={t.composer.label}
          placeholder={t.composer.placeholder}
          value={text}
          onChange={onChange}
          onKeyDown={onKeyDown}
          rows={3}
          maxLength={5000}
          data-testid="composer-input"
          role={query !== null ? 'combobox' : undefined}
          aria-expanded={query !== null ? suggestions.length > 0 : undefined}
          aria-controls={query !== null ? 'reply-suggestions' : undefined}
          aria-activedescendant={query !== null && suggestions.length > 0 ? `reply-suggestion-${picked}` : undefined}
        />
        <button type="button" className="primary" onClick={send} data-testid="composer-send">
          {t.composer.send}
        </button>
      </div>
    </div>
  )
}
