import type { KeyValueStorage } from '@kefu/core'
import { t } from '../i18n'
import type { ChatParams } from '../params'

/**
 * Sobot's automatic invitation: `first_timeout` seconds after load a pop-up with `tip_title` and a
 * `submit_title` button; refused, it comes back after `over_timeout` seconds; at most `invite_count`
 * a day (counted in `storage`). Not shown while the chat window is open. Returns a stop function.
 */
export function scheduleInvitation(
  d: Document,
  params: ChatParams,
  storage: KeyValueStorage,
  isOpen: () => boolean,
  accept: () => void,
  /** When the page loaded: `first_timeout` counts from then. Default now. */
  startedAt = Date.now(),
): () => void {
  const invitation = params.entrance.invitation
  if (!invitation?.enabled) return () => {}
  const key = `kefu:${params.companyId ?? ''}:invitations`
  const today = () => new Date().toISOString().slice(0, 10)
  const countToday = () => {
    try {
      const saved = JSON.parse(storage.getItem(key) ?? 'null') as { day?: string; count?: number } | null
      return saved?.day === today() ? (saved.count ?? 0) : 0
    } catch {
      return 0
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  let popup: HTMLElement | undefined
  const hide = () => {
    popup?.remove()
    popup = undefined
  }
  const show = () => {
    if (isOpen()) return schedule(invitation.overTimeoutSeconds ?? 0)
    if (invitation.perDay !== undefined && countToday() >= invitation.perDay) return
    storage.setItem(key, JSON.stringify({ day: today(), count: countToday() + 1 }))
    popup = d.createElement('div')
    popup.className = 'kefu-invitation'
    popup.setAttribute('role', 'dialog')
    popup.style.cssText =
      'position:fixed;left:50%;top:40%;transform:translate(-50%,-50%);z-index:2147483001;background:#fff;padding:20px;' +
      'border-radius:8px;box-shadow:0 4px 24px rgba(0,0,0,.25);text-align:center;max-width:80vw'
    if (invitation.imageUrl) {
      const image = d.createElement('img')
      image.src = invitation.imageUrl
      image.alt = ''
      image.style.cssText = 'max-width:64px;max-height:64px;display:block;margin:0 auto 8px'
      popup.appendChild(image)
    }
    const text = d.createElement('p')
    text.textContent = invitation.tipTitle ?? t(params.locale, 'invite.title')
    const yes = d.createElement('button')
    yes.type = 'button'
    yes.className = 'kefu-invitation-accept'
    yes.textContent = invitation.submitTitle ?? t(params.locale, 'invite.accept')
    yes.addEventListener('click', () => (hide(), accept()))
    const no = d.createElement('button')
    no.type = 'button'
    no.className = 'kefu-invitation-decline'
    no.textContent = t(params.locale, 'invite.decline')
    no.addEventListener('click', () => {
      hide()
      if (invitation.overTimeoutSeconds !== undefined) schedule(invitation.overTimeoutSeconds)
    })
    popup.append(text, yes, no)
    d.body.appendChild(popup)
  }
  const schedule = (seconds: number) => {
    clearTimeout(timer)
    timer = setTimeout(show, seconds * 1000)
  }
  schedule(Math.max(0, (invitation.firstTimeoutSeconds ?? 0) - (Date.now() - startedAt) / 1000))
  return () => {
    clearTimeout(timer)
    hide()
  }
}
