import { useEffect, useRef, useState } from 'preact/hooks'
import type { MessageKey } from '../i18n/messages'
import { t } from '../i18n/t'
import { tr, useWindow } from './context'

type Field = 'content' | 'name' | 'tel' | 'email'
// Shared with the standalone leave-message page.
export const PHONE = /^\+?[\d\s()-]{5,20}$/
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** A labelled field whose error is tied to it (`aria-describedby`); the leave-message page uses it too. */
export function Input({ field, label, value, error, multiline, onInput }: { field: string; label: string; value: string; error?: string; multiline?: boolean; onInput(value: string): void }) {
  const props = {
    id: `kf-${field}`,
    value,
    'aria-invalid': !!error,
    'aria-describedby': error ? `kf-${field}-e` : undefined,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  }
  return (
    <>
      <label for={props.id}>{label}</label>
      {multiline ? <textarea rows={4} {...props} /> : <input type={field === 'email' || field === 'tel' ? field : 'text'} {...props} />}
      {error && (
        <span class="kf-err" id={`kf-${field}-e`}>
          {error}
        </span>
      )}
    </>
  )
}

/** `groupId`: the routing group of the chat window's link (Sobot `groupid`), sent with the message. */
export function LeaveMessageForm({ groupId }: { groupId?: string }) {
  const { client, locale } = useWindow()
  const [values, setValues] = useState<Record<Field, string>>({ content: '', name: '', tel: '', email: '' })
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [state, setState] = useState<'form' | 'sending' | 'sent' | 'failed'>('form')
  if (state === 'sent') return <p class="kf-f" role="status">{t(locale, 'leave.thanks')}</p>

  const submit = (e: Event) => {
    e.preventDefault()
    const v = Object.fromEntries(Object.entries(values).map(([k, value]) => [k, value.trim()])) as Record<Field, string>
    const found: Partial<Record<Field, MessageKey>> = {}
    if (!v.content) found.content = 'leave.contentRequired'
    else if (v.content.length > 5000) found.content = 'leave.tooLong'
    if (!v.tel && !v.email) found.tel = 'leave.contactRequired'
    if (v.tel && !PHONE.test(v.tel)) found.tel = 'leave.invalidPhone'
    if (v.email && !EMAIL.test(v.email)) found.email = 'leave.invalidEmail'
    setErrors(Object.fromEntries(Object.entries(found).map(([k, key]) => [k, tr(locale, key, { max: 5000 })])))
    if (Object.keys(found).length) return
    setState('sending')
    const input = Object.fromEntries(Object.entries(v).filter(([, value]) => value)) as { content: string }
    client.leaveMessage({ ...input, groupId }).then(
      () => setState('sent'),
      () => setState('failed'),
    )
  }
  const field = (name: Field, key: MessageKey, multiline?: boolean) => (
    <Input field={name} label={tr(locale, key)} value={values[name]} error={errors[name]} multiline={multiline} onInput={(value) => setValues({ ...values, [name]: value })} />
  )
  return (
    <form class="kf-f" noValidate onSubmit={submit} aria-labelledby="kf-leave">
      <h2 id="kf-leave">{t(locale, 'leave.title')}</h2>
      <p>{t(locale, 'leave.intro')}</p>
      {field('content', 'leave.content', true)}
      {field('name', 'leave.name')}
      {field('tel', 'leave.phone')}
      {field('email', 'leave.email')}
      {state === 'failed' && <p class="kf-err" role="alert">{t(locale, 'leave.failed')}</p>}
      <button type="submit" class="kf-btn" disabled={state === 'sending'}>
        {t(locale, state === 'sending' ? 'leave.submitting' : 'leave.submit')}
      </button>
    </form>
  )
}

/** A 1–5 rating with a comment; `onDone` after submitting or skipping. */
export function EvaluationForm({ onDone }: { onDone(submitted: boolean): void }) {
  const { client, locale } = useWindow()
  const [score, setScore] = useState(0)
  const [comment, setComment] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const first = useRef<HTMLInputElement>(null)
  // The first radio is always rendered, so the ref is set by the time effects run.
  useEffect(() => first.current!.focus(), [])

  const submit = (e: Event) => {
    e.preventDefault()
    if (!score) return setError(t(locale, 'evaluation.scoreRequired'))
    setBusy(true)
    client.evaluate({ score, ...(comment.trim() ? { comment: comment.trim().slice(0, 1000) } : {}) }).then(
      () => onDone(true),
      () => (setBusy(false), setError(t(locale, 'evaluation.failed'))),
    )
  }
  return (
    <form
      class="kf-f"
      aria-labelledby="kf-eval"
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onDone(false))}
    >
      <h2 id="kf-eval">{t(locale, 'evaluation.title')}</h2>
      <fieldset>
        <legend class="kf-sr">{t(locale, 'evaluation.title')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n}>
            <input ref={n === 1 ? first : undefined} type="radio" name="kf-score" value={n} checked={score === n} onChange={() => (setScore(n), setError(''))} />
            {tr(locale, `evaluation.score${n}`)}
          </label>
        ))}
      </fieldset>
      <label for="kf-comment">{t(locale, 'evaluation.comment')}</label>
      <textarea id="kf-comment" rows={3} maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      {error && <p class="kf-err" role="alert">{error}</p>}
      <div class="kf-tools">
        <button type="button" class="kf-lnk" onClick={() => onDone(false)}>
          {t(locale, 'evaluation.skip')}
        </button>
        <button type="submit" class="kf-btn" disabled={busy}>
          {t(locale, 'evaluation.submit')}
        </button>
      </div>
    </form>
  )
}
