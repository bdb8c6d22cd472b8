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
import { themeColors } from './themeColors'

type WindowToPage = Extract<BridgeMessage, { type: 'ready' | 'minimize' | 'maximize' | 'close' }>

export interface ChatWindowProps {
  readonly client: ChatClient
  readonly params: ChatParams
  /** Posts to the page that embeds or opened this window (an explicit target origin is the bridge's job). */
  readonly bridge?: { post(message: WindowToPage): void }
  /** In the page's in-page window, whose frame has the minimize/maximize/close buttons: no second set here. */
  readonly embedded?: boolean
  /** The server refused this visitor a chat (Sobot 安全密钥: no valid sign): say so instead of chatting. */
  readonly refused?: boolean
}

/** The visitor's chat window: header, messages, composer, leave-message and evaluation forms. */
export function ChatWindow({ client, params, bridge, embedded = false, refused = false }: ChatWindowProps) {
  injectStyle()
  const snap = useChatSnapshot(client)
  const { locale, ui } = params
  const [panel, setPanel] = useState<string | null>(null)
  const [evaluating, setEvaluating] = useState<'no' | 'button' | 'close'>('no')
  const [confirmEnd, setConfirmEnd] = useState(false)
  const [announcement, setAnnouncement] = useState('')
  const [leaving, setLeaving] = useState(false)
  const lastSeen = useRef<string | undefined>(snap.messages[snap.messages.length - 1]?.id)
  const ctx = useMemo<WindowContext>(() => ({ client, locale, ui, openPanel: setPanel }), [client, locale, ui])
  const { status, staff, messages } = snap
  const chatting = status.name === 'chatting'
  const active = chatting || status.name === 'bot' || status.name === 'waiting'
  // In a store page's frame the window hides; a popup or tab is closed as any other (the browser's own ×).
  const hideable = embedded && params.miniWindow?.close !== false

  useEffect(() => bridge?.post({ kefu: 1, type: 'ready' }), [bridge])
  // Opening puts the visitor in the text box; when it is off (after the end), in the conversation: never the
  // frame's body. Also when the page focuses the frame it shows (Chromium then focuses the frame's body).
  const focusIn = () => void (document.querySelector<HTMLElement>('#kf-input:enabled') ?? document.querySelector<HTMLElement>('.kf-l'))?.focus()
  useEffect(() => {
    focusIn()
    addEventListener('focus', () => document.activeElement === document.body && focusIn())
  }, [])

  // Announce incoming messages (not the history present at mount) to screen readers.
  useEffect(() => {
    const last: ChatMessage | undefined = messages[messages.length - 1]
    if (!last || last.id === lastSeen.current) return
    lastSeen.current = last.id
    if (last.sender === 'visitor') return
    const name = last.sender === 'bot' ? t(locale, 'bot.name') : last.sender === 'system' ? t(locale, 'message.system') : last.senderName ?? t(locale, 'message.agent')
    setAnnouncement(t(locale, 'a11y.newMessage', { name, text: plainLabel(locale, last.body) }))
  }, [messages, locale])

  // × (and Escape) hide the window, as every chat widget does; the chat goes on. Ending is 结束对话.
  const hide = () => {
    // Sobot show_evaluate: closing a chat an agent serves asks for the rating first.
    if (ui.evaluateOnClose && chatting && snap.evaluation.status === 'none' && evaluating === 'no') return setEvaluating('close')
    client.minimize()
    bridge?.post({ kefu: 1, type: 'minimize' })
  }
  const finishEvaluation = (submitted: boolean) => {
    if (!submitted && snap.evaluation.status === 'pending') client.dismissEvaluation()
    setEvaluating('no')
    if (evaluating === 'close') hide()
    else focusIn()
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
  const disabled = refused || !!offline || ended || status.name === 'overloaded'
  const showEvaluation = snap.evaluation.status === 'pending' || evaluating !== 'no'
  const redirectUrl = offline?.mode === 'redirect' ? httpUrl(offline.url) : undefined
  const leaveRedirect = httpUrl(ui.leaveMessageRedirect?.url)
  // A page's colour (Sobot `color`, `theme`) wins over the company's; text on it is chosen for contrast.
  const brand = ui.themeColor ?? snap.themeColor
  // Opening starts no chat: the greeting is shown here until the first message starts one.
  const greeting = status.name === 'idle' && !refused && (ui.robotHelloWord ?? ui.agentHelloWord ?? t(locale, 'invite.title'))

  return (
    <Ctx.Provider value={ctx}>
      <main
        class="kf"
        lang={locale}
        aria-label={t(locale, 'a11y.chatWindow')}
        style={brand && /^#[0-9a-f]{6}$/i.test(brand) ? themeColors(brand) : undefined}
        onKeyDown={(e) => e.key === 'Escape' && hideable && hide()}
      >
        <header class="kf-h">
          {avatar && <img class="kf-av" src={avatar} alt="" />}
          <div>
            <h1>{title}</h1>
            {/* The status line names the serving agent (客服 Amy 正在为您服务); the agent's own line is the rest. */}
            {statusLine && <p role="status">{ui.agentOfflineTitle && offline ? ui.agentOfflineTitle : statusLine}</p>}
            {chatting && staff?.staffInfo && <p>{staff.staffInfo}</p>}
          </div>
          {chatting && ui.evaluationButton !== false && snap.evaluation.status !== 'submitted' && (
            <button type="button" onClick={() => setEvaluating('button')}>
              {t(locale, 'evaluation.open')}
            </button>
          )}
          {active && (
            <button type="button" onClick={() => setConfirmEnd(!confirmEnd)}>
              {t(locale, 'status.endChat')}
            </button>
          )}
          {/* × on a desktop; on a phone a back arrow at the start of the bar (CSS). */}
          {hideable && <button type="button" class="kf-x" aria-label={t(locale, 'window.close')} onClick={hide} />}
        </header>
        {confirmEnd && active && (
          <p class="kf-f" role="alert">
            {t(locale, 'status.endChatConfirm')}
            <button type="button" class="kf-btn" onClick={() => (setConfirmEnd(false), void client.endChat().catch(() => undefined))}>
              {t(locale, 'common.confirm')}
            </button>
            <button type="button" class="kf-lnk" onClick={() => setConfirmEnd(false)}>
              {t(locale, 'common.cancel')}
            </button>
          </p>
        )}
        <MessageList
          messages={messages}
          staff={staff}
          agentReadSeq={snap.agentReadSeq}
          greeting={greeting || undefined}
          footer={
            <>
          {refused && (
            <p class="kf-f" role="alert">
              {t(locale, 'status.refused')}
            </p>
          )}
          {status.name === 'waiting' && <p class="kf-n">{statusLine}</p>}
          {snap.evaluation.status === 'submitted' && <p class="kf-n">{t(locale, 'evaluation.thanks')}</p>}
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
            </>
          }
        />
        {/* Outside the scrolling list, so it is seen wherever the visitor has scrolled to. */}
        <p class="kf-n kf-ty" aria-live="polite">
          {snap.agentTyping && chatting ? (staff ? t(locale, 'header.agentTyping', { name: staff.staffNickName }) : t(locale, 'header.typing')) : ''}
        </p>
        <Composer
          disabled={disabled}
          reason={refused ? t(locale, 'status.refused') : ended ? t(locale, 'composer.placeholderEnded') : statusLine}
          human={status.name !== 'bot'}
        />
        <div class="kf-sr" aria-live="polite" data-testid="kf-live">
          {announcement}
        </div>
        {panel && (
          <div class="kf-p" role="dialog" aria-label={t(locale, 'card.view')} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setPanel(null))}>
            <button type="button" class="kf-lnk" onClick={() => setPanel(null)}>
              {t(locale, 'window.close')}
            </button>
            <iframe src={panel} title={t(locale, 'card.view')} sandbox="allow-scripts allow-forms allow-popups" referrerpolicy="no-referrer" />
          </div>
        )}
      </main>
    </Ctx.Provider>
  )
}
