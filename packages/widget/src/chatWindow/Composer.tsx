import { useEffect, useRef, useState } from 'preact/hooks'
import { t } from '../i18n/t'
import { useWindow } from './context'

const EMOJI = [...'😀😂😊😍🤔😅😭😡👍👎👏🙏💪🎉❤️🌹☕😘😎😢😮🤝👌✨'.replace('❤️', '❤')]
const MAX_UPLOAD = 20 * 1024 * 1024
const TYPING_EVERY = 3000

export function Composer({ disabled, reason, human }: { disabled: boolean; reason?: string; human: boolean }) {
  const { client, locale, ui } = useWindow()
  const [text, setText] = useState('')
  const [error, setError] = useState('')
  const [emojiOpen, setEmojiOpen] = useState(false)
  const [uploading, setUploading] = useState(false)
  const input = useRef<HTMLTextAreaElement>(null)
  const file = useRef<HTMLInputElement>(null)
  const emojiButton = useRef<HTMLButtonElement>(null)
  const typing = useRef({ at: 0, timer: undefined as ReturnType<typeof setTimeout> | undefined })

  useEffect(() => () => clearTimeout(typing.current.timer), [])

  const stopTyping = () => {
    clearTimeout(typing.current.timer)
    if (typing.current.at) client.setTyping(false)
    typing.current.at = 0
  }

  const onInput = (value: string) => {
    setText(value)
    const now = Date.now()
    if (now - typing.current.at > TYPING_EVERY) {
      typing.current.at = now
      client.setTyping(true)
    }
    clearTimeout(typing.current.timer)
    typing.current.timer = setTimeout(stopTyping, TYPING_EVERY * 2)
  }

  const send = () => {
    if (disabled || !text.trim()) return
    if (text.length > 5000) return setError(t(locale, 'composer.textTooLong', { max: 5000 }))
    setText('')
    setError('')
    stopTyping()
    client.send(text).catch(() => setError(t(locale, 'error.generic')))
  }

  const pick = (accept: string) => {
    if (!file.current) return
    file.current.accept = accept
    file.current.click()
  }

  const upload = (chosen: File | undefined) => {
    if (file.current) file.current.value = ''
    if (!chosen) return
    if (chosen.size > MAX_UPLOAD) return setError(t(locale, 'composer.fileTooLarge', { max: '20 MB' }))
    // The file's type is the server's to judge, by the company's allowed types (it answers invalid_argument).
    setError('')
    setUploading(true)
    client
      .sendFile(chosen)
      .catch((e: { code?: string }) =>
        setError(t(locale, e?.code === 'invalid_argument' ? 'composer.fileTypeNotAllowed' : 'composer.uploadFailed')),
      )
      .finally(() => setUploading(false))
  }

  const insert = (emoji: string) => {
    setText((current) => current + emoji)
    setEmojiOpen(false)
    input.current?.focus()
  }

  // Sobot: emoji and uploads are human-chat tools.
  const showEmoji = ui.emoji !== false && human
  const showUploads = ui.uploads !== false && human
  return (
    <div class="kf-c" onKeyDown={(e) => e.key === 'Escape' && emojiOpen && (e.stopPropagation(), setEmojiOpen(false), emojiButton.current?.focus())}>
      <label class="kf-sr" for="kf-input">
        {t(locale, 'composer.label')}
      </label>
      <textarea
        id="kf-input"
        ref={input}
        value={text}
        disabled={disabled}
        placeholder={disabled ? reason : t(locale, 'composer.placeholder')}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault()
            send()
          }
        }}
      />
      {error && (
        <p class="kf-err" role="alert">
          {error}
        </p>
      )}
      {uploading && <p class="kf-st">{t(locale, 'composer.uploading')}</p>}
      <div class="kf-tools">
        {showEmoji && (
          <button ref={emojiButton} type="button" disabled={disabled} aria-expanded={emojiOpen} aria-label={t(locale, 'composer.emoji')} onClick={() => setEmojiOpen(!emojiOpen)}>
            😀
          </button>
        )}
        {showUploads && (
          <>
            <button type="button" disabled={disabled} aria-label={t(locale, 'composer.uploadImage')} onClick={() => pick('image/*')}>
              🖼
            </button>
            <button type="button" disabled={disabled} aria-label={t(locale, 'composer.uploadFile')} onClick={() => pick('')}>
              📎
            </button>
            <input ref={file} type="file" hidden tabIndex={-1} data-testid="kf-file" onChange={(e) => upload(e.currentTarget.files?.[0])} />
          </>
        )}
        <button type="button" class="kf-btn" disabled={disabled || !text.trim()} onClick={send}>
          {t(locale, 'composer.send')}
        </button>
      </div>
      {emojiOpen && (
        // After the text box and its button in tab order; opening focuses it, arrow keys move in the grid of 8.
        <div
          class="kf-emo"
          role="group"
          aria-label={t(locale, 'composer.emoji')}
          ref={(el) => void (el && !el.contains(document.activeElement) && (el.firstChild as HTMLElement).focus())}
          onKeyDown={(e) => {
            const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -8, ArrowDown: 8 }[e.key]
            const buttons = [...e.currentTarget.children] as HTMLElement[]
            const next = buttons[buttons.indexOf(e.target as HTMLElement) + (step ?? 0)]
            if (step && next) {
              e.preventDefault()
              next.focus()
            }
          }}
        >
          {EMOJI.map((emoji) => (
            <button key={emoji} type="button" onClick={() => insert(emoji)}>
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
