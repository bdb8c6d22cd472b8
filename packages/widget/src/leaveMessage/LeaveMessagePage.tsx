import type { ChatClient, LeaveMessageInput } from '@kefu/core'
import { useEffect, useRef, useState } from 'preact/hooks'
import { Ctx, tr, type WindowContext } from '../chatWindow/context'
import { EMAIL, Input, PHONE } from '../chatWindow/Forms'
import { ProductCardView } from '../chatWindow/Messages'
import { injectStyle } from '../chatWindow/style'
import type { MessageKey } from '../i18n/messages'
import { t } from '../i18n/t'
import type { LeavePageParams } from './leavePageParams'
import { LEAVE_PAGE_TEXT } from './leavePageText'

type Field = 'content' | 'name' | 'tel' | 'email'
const FIELDS: readonly [Field, MessageKey][] = [
  ['content', 'leave.content'],
  ['name', 'leave.name'],
  ['tel', 'leave.phone'],
  ['email', 'leave.email'],
]
/** The server's limit (its `leaveMessage` frame schema). */
const MAX = 5000
const PAGE_CSS = `.kf-lp{min-height:100%;height:auto;overflow:visible;align-items:center;padding:8px 0}.kf-lp>*{width:100%;max-width:560px}
.kf-lp h1{font-size:17px;margin:0}.kf-lp .kf-btn{padding:8px 16px;align-self:flex-start}.kf-lp .kf-card img{flex:none}`

export interface LeaveMessagePageProps {
  /** `undefined` when the link names no company: the page then only says so. */
  readonly client: ChatClient | undefined
  readonly params: LeavePageParams
}

/**
 * Sobot's standalone leave-message page: the 工单插件 card if the link has one, then the form
 * (content required; name, phone and email checked when given). The link's template, group, source
 * and `params` fields go with the message. Errors are tied to their fields and the first one gets focus; the thanks are announced.
 */
export function LeaveMessagePage({ client, params }: LeaveMessagePageProps) {
  injectStyle()
  useEffect(() => {
    if (document.getElementById('kefu-lp')) return
    const style = document.createElement('style')
    style.id = 'kefu-lp'
    style.textContent = PAGE_CSS
    document.head.appendChild(style)
  }, [])
  const { locale } = params
  const text = LEAVE_PAGE_TEXT[locale]
  const [values, setValues] = useState<Record<Field, string>>({ content: '', name: params.name ?? '', tel: '', email: '' })
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [state, setState] = useState<'form' | 'sending' | 'sent' | 'failed'>('form')
  const thanks = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    document.title = t(locale, 'leave.title')
    document.documentElement.lang = locale
  }, [locale])
  useEffect(() => {
    if (state === 'sent') thanks.current?.focus()
  }, [state])

  if (!client) {
    return (
      <main class="kf kf-lp">
        <p class="kf-f kf-err" role="alert">
          {text.noCompany}
        </p>
      </main>
    )
  }
  if (state === 'sent') {
    return (
      <main class="kf kf-lp">
        <p class="kf-f" role="status" tabIndex={-1} ref={thanks}>
          {t(locale, 'leave.thanks')}
        </p>
      </main>
    )
  }

  // The card's links open in a new tab: this page has no in-window panel.
  const ctx: WindowContext = { client, locale, ui: {}, openPanel: (url) => void window.open(url, '_blank', 'noopener') }
  const submit = (e: Event) => {
    e.preventDefault()
    if (state === 'sending') return
    const v = Object.fromEntries(Object.entries(values).map(([k, value]) => [k, value.trim()])) as Record<Field, string>
    const found: Partial<Record<Field, MessageKey>> = {}
    if (!v.content) found.content = 'leave.contentRequired'
    else if (v.content.length > MAX) found.content = 'leave.tooLong'
    if (v.tel && !PHONE.test(v.tel)) found.tel = 'leave.invalidPhone'
    if (v.email && !EMAIL.test(v.email)) found.email = 'leave.invalidEmail'
    setErrors(Object.fromEntries(Object.entries(found).map(([k, key]) => [k, tr(locale, key, { max: MAX })])))
    const first = FIELDS.find(([field]) => found[field])
    if (first) {
      document.getElementById(`kf-${first[0]}`)?.focus()
      return
    }
    const input: LeaveMessageInput = {
      content: v.content,
      ...(v.name ? { name: v.name } : {}),
      ...(v.tel ? { tel: v.tel } : {}),
      ...(v.email ? { email: v.email } : {}),
      ...(params.templateId ? { templateId: params.templateId } : {}),
      ...(params.groupId ? { groupId: params.groupId } : {}),
      ...(params.source !== undefined ? { source: params.source } : {}),
      ...(params.fields ? { fields: params.fields } : {}),
    }
    setState('sending')
    client.leaveMessage(input).then(
      () => setState('sent'),
      (error: unknown) => {
        console.error('[kefu] the message was not left:', error)
        setState('failed')
      },
    )
  }

  return (
    <Ctx.Provider value={ctx}>
      <main class="kf kf-lp">
        <form class="kf-f" noValidate onSubmit={submit} aria-labelledby="kf-leave">
          <h1 id="kf-leave">{t(locale, 'leave.title')}</h1>
          <p>{text.intro}</p>
          {params.card && (
            <section aria-label={text.card}>
              <ProductCardView card={params.card} />
            </section>
          )}
          {FIELDS.map(([field, key]) => (
            <Input
              key={field}
              field={field}
              label={field === 'content' ? `${tr(locale, key)}${text.required}` : tr(locale, key)}
              value={values[field]}
              error={errors[field]}
              multiline={field === 'content'}
              onInput={(value) => setValues((current) => ({ ...current, [field]: value }))}
            />
          ))}
          {state === 'failed' && (
            <p class="kf-err" role="alert">
              {t(locale, 'leave.failed')}
            </p>
          )}
          <button type="submit" class="kf-btn" disabled={state === 'sending'}>
            {t(locale, state === 'sending' ? 'leave.submitting' : 'leave.submit')}
          </button>
        </form>
      </main>
    </Ctx.Provider>
  )
}
