import { useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react'
import type { OutgoingMessageBody } from '@kefu/core'
import type { ComposerAttachment } from './composerDraft'
import { BoltIcon, NewsIcon, PaperclipIcon } from './icons'
import { TEXT } from './text'
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

export function Composer({ conversationId, ended }: { conversationId: string; ended: boolean }) {
  const desk = useDeskStore()
  const { draft } = useWorkbench()
  const { text, attachments } = useStoreState(draft)
  const quickReplies = useDesk(selectReplies)
  const [note, setNote] = useState(false)
  const [uploading, setUploading] = useState(false)
  const [showReplies, setShowReplies] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  const send = () => {
    const bodies: OutgoingMessageBody[] = attachments.flatMap(attachmentBody)
    if (text.trim()) bodies.push({ type: 'text', text: text.trim() })
    if (bodies.length === 0) return
    draft.clear()
    desk.setTyping(conversationId, false)
    // Sent in order; each appears at once as pending and turns sent or failed on its own.
    for (const body of bodies) desk.send(conversationId, body, { note }).catch(desk.reportError)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      send()
    }
  }

  const onChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    draft.setText(event.target.value)
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
      {ended ? <p className="composer-hint">{TEXT.composer.ended}</p> : null}
      {attachments.length > 0 ? (
        <ul className="attachments" aria-label={TEXT.composer.attachments} data-testid="composer-attachments">
          {attachments.map((a) => (
            <li key={a.key} className="attachment">
              {a.type === 'image' ? <img src={a.url} alt="" /> : <span><NewsIcon /> {a.articles.map((x) => x.title).join(' / ')}</span>}
              <button type="button" onClick={() => draft.remove(a.key)} aria-label={TEXT.composer.remove}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="composer-tools">
        <button type="button" onClick={() => fileInput.current?.click()} disabled={uploading} data-testid="composer-file">
          <PaperclipIcon /> {uploading ? TEXT.composer.uploading : TEXT.composer.file}
        </button>
        <input ref={fileInput} type="file" multiple hidden onChange={(e) => void onFile(e)} data-testid="composer-file-input" />
        <button type="button" aria-expanded={showReplies} onClick={() => setShowReplies(!showReplies)} data-testid="quick-replies-toggle">
          <BoltIcon /> {TEXT.composer.quickReplies}
        </button>
        <label className="note-toggle">
          <input type="checkbox" checked={note} onChange={(e) => setNote(e.target.checked)} data-testid="composer-note" />
          {TEXT.composer.note}
        </label>
      </div>
      {showReplies ? (
        <ul className="quick-replies" role="listbox" aria-label={TEXT.composer.quickReplies} data-testid="quick-replies">
          {quickReplies.length === 0 ? <li role="none">{TEXT.composer.noQuickReplies}</li> : null}
          {quickReplies.map((r) => (
            <li key={r.id} role="none">
              <button
                type="button"
                role="option"
                aria-selected={false}
                title={r.text}
                onClick={() => {
                  draft.put([{ type: 'text', text: r.text }])
                  setShowReplies(false)
                }}
              >
                <strong>{r.title}</strong> <span>{r.text}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="composer-row">
        <textarea
          aria-label="消息 Message"
          placeholder={TEXT.composer.placeholder}
          value={text}
          onChange={onChange}
          onKeyDown={onKeyDown}
          rows={3}
          maxLength={5000}
          data-testid="composer-input"
        />
        <button type="button" className="primary" onClick={send} data-testid="composer-send">
          {TEXT.composer.send}
        </button>
      </div>
    </div>
  )
}
