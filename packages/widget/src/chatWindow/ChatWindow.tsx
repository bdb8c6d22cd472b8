import type { ChatClient, ChatMessage } from '@kefu/core'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { BridgeMessage } from '../bridge/bridgeMessage'
import { chatStatusText } from '../i18n/chatStatusText'
import { t } from '../i18n/t'
import type { ChatParams } from '../params/chatParams'
import { Composer } from './Composer'
import { Ctx, httpUrl, safeUrl, useChatSnapshot, type WindowContext } from './context'
import { EvaluationForm, LeaveMessageForm } from './Forms'
import { MessageList, plainLabel } from './Messages'
import { injectStyle } from './style'

type WindowToPage = Extract<BridgeMessage, { type: 'ready' | 'minimize' | 'maximize' | 'close' }>

export interface ChatWindowProps {
  readonly client: ChatClient
  readonly params: ChatParams
  /** Posts to the page that embeds or opened this window (an explicit target origin is the bridge's job). */
  readonly bridge?: { post(message: WindowToPage): void }
  /** In the page's in-page window, whose frame has the minimize/maximize/close buttons: no second set here. */
  readonly embedded?: boolean
}

/** The visitor's chat window: header, messages, composer, leave-message and evaluation forms. */
export function ChatWindow({ client, params, bridge, embedded = false }: ChatWindowProps) {
  injectStyle()
  const snap = useChatSnapshot(client)
  const { locale, ui } = params
  const [panel, setPanel] = useState<string | null>(null)
  const [evaluating, setEvaluating] = useState<'no' | 'button' | 'close'>('no')
  const [announcement, setAnnouncement] = useState('')
  const [leaving, setLeaving] = useState(false)
  const closing = useRef(false)
  const lastSeen = useRef<string | undefined>(snap.messages[snap.messages.length - 1]?.id)
  const ctx = useMemo<WindowContext>(() => ({ client, locale, ui, openPanel: setPanel }), [client, locale, ui])
  const { status, staff, messages } = snap
  const chatting = status.name === 'chatting'

  useEffect(() => bridge?.post({ kefu: 1, type: 'ready' }), [bridge])

  useEffect(() => {
    if (closing.current && snap.window === 'closed') {
      closing.current = false
      bridge?.post({ kefu: 1, type: 'close' })
    }
  }, [snap.window, bridge])

  // Announce incoming messages (not the history present at mount) to screen readers.
  useEffect(() => {
    const last: ChatMessage | undefined = messages[messages.length - 1]
    if (!last || last.id === lastSeen.current) return
    lastSeen.current = last.id
    if (last.sender === 'visitor') return
    const name = last.sender === 'bot' ? t(locale, 'bot.name') : last.sender === 'system' ? t(locale, 'message.system') : last.senderName ?? t(locale, 'message.agent')
    setAnnouncement(t(locale, 'a11y.newMessage', { name, text: plainLabel(locale, last.body) }))
  }, [messages, locale])

  const close = () => {
    if (ui.evaluateOnClose && chatting && snap.evaluation.status === 'none') return setEvaluating('close')
    closing.current = true
    client.close()
  }
  const minimize = () => {
    client.minimize()
    bridge?.post({ kefu: 1, type: 'minimize' })
  }
  const finishEvaluation = (submitted: boolean) => {
    if (snap.evaluation.status === 'pending' && !submitted) client.dismissEvaluation()
    const thenClose = evaluating === 'close'
    setEvaluating('no')
    if (thenClose) {
      closing.current = true
      client.close()
    }
  }

  const title =
    ui.title?.mode === 'custom' && ui.title.text
      ? ui.title.text
      : ui.title?.mode === 'agent' && chatting && staff
        ? staff.staffNickName
        : t(locale, 'header.title')
  const avatar = chatting && ui.showAvatars ? safeUrl(staff?.staffHead) : undefined
  const statusLine = chatStatusText(locale, snap)
  const offline = status.name === 'offline' ? status : undefined
  const ended = status.name === 'ended'
  const disabled = !!offline || ended || status.name === 'overloaded'
  const showEvaluation = snap.evaluation.status === 'pending' || evaluating !== 'no'
  const redirectUrl = offline?.mode === 'redirect' ? httpUrl(offline.url) : undefined
  const leaveRedirect = httpUrl(ui.leaveMessageRedirect?.url)

  return (
    <Ctx.Provider value={ctx}>
      <section
        class="kf"
        lang={locale}
        aria-label={t(locale, 'a11y.chatWindow')}
        style={ui.themeColor && /^#[0-9a-f]{6}$/i.test(ui.themeColor) ? { '--kf-c': ui.themeColor } : undefined}
      >
        <header class="kf-h">
          {avatar && <img class="kf-av" src={avatar} alt="" />}
          <div>
            <h1>{title}</h1>
            {chatting && staff && (
              <p class="kf-agent">
                {staff.staffNickName}
                {staff.staffInfo && ` · ${staff.staffInfo}`}
              </p>
            )}
            {statusLine && <p role="status">{ui.agentOfflineTitle && offline ? ui.agentOfflineTitle : statusLine}</p>}
          </div>
          {chatting && ui.evaluationButton !== false && snap.evaluation.status !== 'submitted' && (
            <button type="button" onClick={() => setEvaluating('button')}>
              {t(locale, 'evaluation.open')}
            </button>
          )}
          {!embedded && params.miniWindow?.min !== false && (
            <button type="button" aria-label={t(locale, 'window.minimize')} title={t(locale, 'window.minimize')} onClick={minimize}>
              —
            </button>
          )}
          {!embedded && params.miniWindow?.close !== false && (
            <button type="button" aria-label={t(locale, 'window.close')} title={t(locale, 'window.close')} onClick={close}>
              ✕
            </button>
          )}
        </header>
        <MessageList
          messages={messages}
          staff={staff}
          footer={
            <>
              {status.name === 'waiting' && <li class="kf-n">{statusLine}</li>}
              {snap.agentTyping && chatting && (
                <li class="kf-n">{staff ? t(locale, 'header.agentTyping', { name: staff.staffNickName }) : t(locale, 'header.typing')}</li>
              )}
              {snap.evaluation.status === 'submitted' && <li class="kf-n">{t(locale, 'evaluation.thanks')}</li>}
            </>
          }
        />
        {(offline?.mode === 'leave-message' || (leaving && ended)) &&
          (leaveRedirect ? (
            <a class="kf-f" href={leaveRedirect}>
              {t(locale, 'leave.title')}
            </a>
          ) : (
            <LeaveMessageForm groupId={params.routing?.groupId} />
          ))}
        {offline?.mode === 'disabled' && <p class="kf-n">{t(locale, 'status.offlineDisabled')}</p>}
        {redirectUrl && (
          <a class="kf-f" href={redirectUrl} target="_top" rel="noopener noreferrer">
            {t(locale, 'status.offlineRedirect')}
          </a>
        )}
        {showEvaluation && <EvaluationForm onDone={finishEvaluation} />}
        {ended && !showEvaluation && (
          <p class="kf-n">
            <button type="button" class="kf-btn" onClick={() => void client.requestChat(params.routing).catch(() => undefined)}>
              {t(locale, 'status.newChat')}
            </button>{' '}
            {ui.leaveMessageAfterEnd !== false && !leaving && (
              <button type="button" class="kf-lnk" onClick={() => setLeaving(true)}>
                {t(locale, 'leave.title')}
              </button>
            )}
          </p>
        )}
        <Composer
          disabled={disabled}
          reason={ended ? t(locale, 'composer.placeholderEnded') : statusLine}
          human={status.name !== 'bot'}
        />
        <div class="kf-sr" aria-live="polite" data-testid="kf-live">
          {announcement}
        </div>
        {panel && (
          <div class="kf-p" role="dialog" aria-label={t(locale, 'card.view')} onKeyDown={(e) => e.key === 'Escape' && setPanel(null)}>
            <button type="button" class="kf-lnk" onClick={() => setPanel(null)}>
              {t(locale, 'window.close')}
            </button>
            <iframe src={panel} title={t(locale, 'card.view')} sandbox="allow-scripts allow-forms allow-popups" referrerpolicy="no-referrer" />
          </div>
        )}
      </section>
    </Ctx.Provider>
  )
}
