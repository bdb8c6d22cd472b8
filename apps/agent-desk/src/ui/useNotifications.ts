import type { ConversationSummary } from '@kefu/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import { selectTotalUnread, type DeskSnapshot } from '../desk'
import { beep, unlockAudio } from './beep'
import { useText } from './i18n'
import { useDesk, useDeskStore } from './useDesk'
import { visitorLabel } from './visitorLabel'

export interface NotificationSettings {
  /** Desktop notifications (shown once the browser allows them). */
  readonly desktop: boolean
  readonly sound: boolean
}

export type DesktopPermission = NotificationPermission | 'unsupported'

export interface Notifications {
  readonly settings: NotificationSettings
  readonly permission: DesktopPermission
  /** Turning desktop notifications on asks the browser for permission (call it from a click). */
  setDesktop(on: boolean): void
  setSound(on: boolean): void
}

/** Both on until the agent turns one off; kept per agent in this browser. */
const DEFAULTS: NotificationSettings = { desktop: true, sound: true }
const settingsKey = (agentId: string) => `kefu.desk.notify.${agentId}`

function readSettings(agentId: string | undefined): NotificationSettings {
  if (!agentId) return DEFAULTS
  try {
    const stored = JSON.parse(globalThis.localStorage?.getItem(settingsKey(agentId)) ?? 'null') as Partial<NotificationSettings> | null
    return { ...DEFAULTS, ...(stored && typeof stored === 'object' ? stored : {}) }
  } catch {
    return DEFAULTS
  }
}

const NotificationApi = (): typeof Notification | undefined => (globalThis as { Notification?: typeof Notification }).Notification
const permissionNow = (): DesktopPermission => NotificationApi()?.permission ?? 'unsupported'
const pageInView = () => document.visibilityState !== 'hidden' && document.hasFocus()

type Event = { readonly kind: 'newChat' | 'transferred' | 'newMessage'; readonly conversationId: string; readonly visitorId: string }

/** What changed between two snapshots that an agent should hear about: chats new to them, transfers to them. */
export function conversationEvents(prev: DeskSnapshot, next: DeskSnapshot): Event[] {
  const me = next.agent?.agentId
  if (!me || prev.connection !== 'online') return [] // the welcome lists what was there already
  const events: Event[] = []
  for (const c of Object.values(next.conversations) as ConversationSummary[]) {
    const before = prev.conversations[c.conversationId]
    if (c.status === 'ended' || before === c) continue
    const event = { conversationId: c.conversationId, visitorId: c.visitorId }
    if (c.agentId === me && before?.agentId !== me) {
      events.push({ ...event, kind: before?.agentId ? 'transferred' : 'newChat' })
    } else if (!before && c.status === 'waiting') events.push({ ...event, kind: 'newChat' })
  }
  return events
}

/**
 * The workbench's notices: a desktop notification (with the browser's permission) and a sound for a
 * new chat, a new message in a chat the agent is not looking at, and a chat transferred to them; and
 * the unread count in the tab title. Each agent switches desktop notifications and sound for
 * themselves; both start on.
 */
export function useNotifications(baseTitle: string): Notifications {
  const desk = useDeskStore()
  const text = useText()
  const agentId = useDesk((s: DeskSnapshot) => s.agent?.agentId)
  const unread = useDesk(selectTotalUnread)
  const [settings, setSettings] = useState(() => readSettings(agentId))
  const [permission, setPermission] = useState<DesktopPermission>(permissionNow)
  const current = useRef({ settings, text })
  current.current = { settings, text }

  useEffect(() => setSettings(readSettings(agentId)), [agentId])

  useEffect(() => {
    document.title = unread > 0 ? `${text.notify.title(unread)} ${baseTitle}` : baseTitle
  }, [unread, baseTitle, text])

  const save = useCallback(
    (next: NotificationSettings) => {
      setSettings(next)
      try {
        if (agentId) globalThis.localStorage?.setItem(settingsKey(agentId), JSON.stringify(next))
      } catch {
        // not remembered, still switched
      }
    },
    [agentId],
  )

  useEffect(() => {
    const notify = (event: Event) => {
      const { settings: on, text: t } = current.current
      const state = desk.getSnapshot()
      // Nothing about the chat the agent is looking at: they see it already.
      if (pageInView() && state.selectedConversationId === event.conversationId) return
      if (on.sound) beep()
      const Api = NotificationApi()
      if (!on.desktop || !Api || Api.permission !== 'granted' || pageInView()) return
      const name = visitorLabel(t, state.visitors[event.visitorId], event.visitorId)
      const title = event.kind === 'newChat' ? t.notify.newChat(name) : event.kind === 'transferred' ? t.notify.transferred(name) : t.notify.newMessage(name)
      const last = [...(state.messages[event.visitorId] ?? [])].reverse().find((m) => m.sender === 'visitor' && m.body.type === 'text')
      try {
        const shown = new Api(title, { tag: event.conversationId, body: last?.body.type === 'text' ? last.body.text : '' })
        shown.onclick = () => {
          globalThis.focus?.()
          desk.select({ conversationId: event.conversationId })
          shown.close()
        }
      } catch {
        // Some browsers allow notifications only from a service worker: the sound and the title remain.
      }
    }
    // Sound is on from the start: the first click anywhere lets the browser play it.
    addEventListener('pointerdown', unlockAudio, { once: true })
    let previous = desk.getSnapshot()
    const offSnapshot = desk.subscribe(() => {
      const next = desk.getSnapshot()
      const events = conversationEvents(previous, next)
      previous = next
      events.forEach(notify)
    })
    const offMessage = desk.on('message', ({ message, conversationId, visitorId }) => {
      if (message.sender !== 'visitor' || !conversationId) return
      const conversation = desk.getSnapshot().conversations[conversationId]
      if (conversation?.agentId === desk.getSnapshot().agent?.agentId) notify({ kind: 'newMessage', conversationId, visitorId })
    })
    return () => {
      removeEventListener('pointerdown', unlockAudio)
      offSnapshot()
      offMessage()
    }
  }, [desk])

  return {
    settings,
    permission,
    setDesktop(on) {
      save({ ...settings, desktop: on })
      const Api = NotificationApi()
      if (on && Api && Api.permission === 'default') void Api.requestPermission().then(setPermission, () => setPermission(permissionNow()))
    },
    setSound(on) {
      if (on) unlockAudio()
      save({ ...settings, sound: on })
    },
  }
}
