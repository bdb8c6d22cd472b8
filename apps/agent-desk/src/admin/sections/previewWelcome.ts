import type { ChatMessage, ChatStatus, ServerFrame, StaffInfo } from '@kefu/core'
import type { CompanySettings } from '../adminApi'
import type { AdminText } from '../i18n'

/** The frame the server opens a visitor's chat window with; the preview window is fed one. */
export type WelcomeFrame = Extract<ServerFrame, { type: 'welcome' }>

/** What the preview shows: the settings being edited, whether agents are online, and who would greet. */
export interface PreviewInput {
  readonly settings: Pick<CompanySettings, 'brandColor' | 'receptionMode' | 'robotName' | 'robotHelloWord' | 'agentHelloWord' | 'agentOfflineTitle' | 'offline'>
  readonly companyName: string
  /** Whether any agent is online (the console's 客服在线 / 无人在线 switch). */
  readonly agentsOnline: boolean
  /** The agent who would join a human chat: the admin, as an example. */
  readonly agentName: string
  /** kefu's own words to a visitor in the preview's language, as the server says them. */
  readonly texts: AdminText['widget']['visitorTexts']
}

const COLOUR = /^#[0-9a-f]{6}$/i

/**
 * The welcome a visitor's window would get once a chat begins with these settings, as the server decides
 * (chat/Conversations, Bot, Router): the bot greets in modes 1 and 3, and in 4 when nobody is online; an
 * agent joins in 2 and 4; with nobody online, bot-first ends in the bot's offline text after the visitor
 * asks for a person, and agents-only in the offline status at once. Blank texts are kefu's own.
 */
export function previewWelcome({ settings, companyName, agentsOnline, agentName, texts }: PreviewInput): WelcomeFrame {
  const mode = settings.receptionMode
  const messages: ChatMessage[] = []
  const say = (sender: ChatMessage['sender'], body: ChatMessage['body'], senderName?: string) =>
    messages.push({ id: `preview-${messages.length + 1}`, seq: messages.length + 1, sender, body, createdAt: 0, state: 'sent', visibility: 'both', ...(senderName ? { senderName } : {}) })
  const text = (value: string, fallback: string) => ({ type: 'text' as const, text: value.trim() ? value : fallback })
  const offline: ChatStatus = { name: 'offline', mode: settings.offline.mode, ...(settings.offline.url ? { url: settings.offline.url } : {}) }
  let status: ChatStatus = { name: 'bot' }
  let staff: StaffInfo | null = null

  if (mode === 1 || mode === 3 || (mode === 4 && !agentsOnline)) {
    say('bot', text(settings.robotHelloWord, texts.robotHello), settings.robotName)
    if (mode === 3 && !agentsOnline) {
      say('bot', text(settings.agentOfflineTitle, texts.agentOffline), settings.robotName)
      status = offline
    }
  } else if (!agentsOnline) {
    status = offline
  } else {
    staff = { staffId: 'preview', staffNickName: agentName, recordId: 'preview' }
    status = { name: 'chatting' }
    say('system', { type: 'notice', code: 'agent.joined', text: texts.joined(agentName), params: { name: agentName } })
    if (settings.agentHelloWord.trim()) say('agent', { type: 'text', text: settings.agentHelloWord }, agentName)
  }

  return {
    type: 'welcome',
    v: 1,
    visitorId: 'preview',
    visitorToken: '',
    companyName,
    status,
    queuePosition: null,
    staff,
    agentsOnline,
    unread: 0,
    readSeq: messages.length,
    messages,
    evaluation: null,
    ...(settings.brandColor && COLOUR.test(settings.brandColor) ? { themeColor: settings.brandColor.toLowerCase() } : {}),
  }
}
