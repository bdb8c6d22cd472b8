import type { AgentPresence } from '@kefu/core'
import { useEffect, useRef, useState } from 'react'
import type { DeskSnapshot } from '../desk'
import type { WorkbenchView } from './App'
import { BellIcon } from './icons'
import { DESK_LOCALES, LOCALE_NAMES, useDeskLocale, type DeskLocale } from './i18n'
import { useDesk, useDeskStore } from './useDesk'
import type { Notifications } from './useNotifications'

const PRESENCES: readonly AgentPresence[] = ['online', 'busy', 'offline']
const selectHeader = (s: DeskSnapshot) => ({ agent: s.agent, presence: s.presence, connection: s.connection, error: s.lastError })
const sameHeader = (a: ReturnType<typeof selectHeader>, b: ReturnType<typeof selectHeader>) =>
  a.agent === b.agent && a.presence === b.presence && a.connection === b.connection && a.error === b.error

export interface HeaderProps {
  readonly views: readonly WorkbenchView[]
  readonly view: string
  onView(id: string): void
  readonly notifications: Notifications
}

/** The top bar: the views (会话, 历史记录, and what else the workbench adds), the agent's status, language and notices. */
export function Header({ views, view, onView, notifications }: HeaderProps) {
  const desk = useDeskStore()
  const { text, locale, setLocale } = useDeskLocale()
  const { agent, presence, connection, error } = useDesk(selectHeader, sameHeader)
  const [settingsOpen, setSettingsOpen] = useState(false)
  const settingsButton = useRef<HTMLButtonElement>(null)
  return (
    <header className="header">
      <strong className="brand">{text.appName}</strong>
      <nav aria-label={text.nav.label} className="views">
        {views.map((v) => (
          <button key={v.id} type="button" aria-current={v.id === view ? 'page' : undefined} onClick={() => onView(v.id)} data-testid={`view-${v.id}`}>
            {v.label}
          </button>
        ))}
      </nav>
      <span className={`connection connection-${connection}`} data-testid="connection" role="status">
        {text.connection[connection]}
      </span>
      {error ? (
        <span className="header-error" role="alert" data-testid="last-error">
          {error.message}
          <button type="button" className="link" aria-label={text.error.dismiss} onClick={() => desk.clearError()}>
            ×
          </button>
        </span>
      ) : null}
      <span className="spacer" />
      <label className="presence">
        <span className="wide-only">{text.presence.label}</span>
        <select
          value={presence}
          aria-label={text.presence.label}
          data-testid="presence"
          onChange={(e) => void desk.setPresence(e.target.value as AgentPresence).catch(() => {})}
        >
          {PRESENCES.map((p) => (
            <option key={p} value={p}>
              {text.presence[p]}
            </option>
          ))}
        </select>
      </label>
      <button
        ref={settingsButton}
        type="button"
        className="icon-button"
        aria-label={text.settings.title}
        title={text.settings.title}
        aria-expanded={settingsOpen}
        onClick={() => setSettingsOpen(!settingsOpen)}
        data-testid="notify-settings"
      >
        <BellIcon muted={!notifications.settings.sound && !notifications.settings.desktop} />
      </button>
      <select value={locale} aria-label={text.language.label} onChange={(e) => setLocale(e.target.value as DeskLocale)} data-testid="language">
        {DESK_LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <span className="agent-name wide-only">{agent?.name}</span>
      <button type="button" onClick={() => void desk.logout()} data-testid="logout">
        {text.logout}
      </button>
      {settingsOpen ? (
        <NotificationSettingsDialog
          notifications={notifications}
          onClose={() => {
            setSettingsOpen(false)
            settingsButton.current?.focus()
          }}
        />
      ) : null}
    </header>
  )
}

function NotificationSettingsDialog({ notifications, onClose }: { notifications: Notifications; onClose(): void }) {
  const { text } = useDeskLocale()
  const first = useRef<HTMLInputElement>(null)
  useEffect(() => first.current?.focus(), [])
  const { settings, permission } = notifications
  const status =
    permission === 'unsupported'
      ? text.settings.desktopUnsupported
      : permission === 'denied'
        ? text.settings.desktopDenied
        : permission === 'granted' && settings.desktop
          ? text.settings.desktopOn
          : null
  return (
    <div
      className="popover"
      role="dialog"
      aria-labelledby="notify-title"
      data-testid="notify-dialog"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          onClose()
        }
      }}
    >
      <h2 id="notify-title">{text.settings.title}</h2>
      <label>
        <input
          ref={first}
          type="checkbox"
          checked={settings.desktop}
          disabled={permission === 'unsupported'}
          onChange={(e) => notifications.setDesktop(e.target.checked)}
          data-testid="notify-desktop"
        />
        {text.settings.desktop}
      </label>
      {settings.desktop && permission === 'default' ? (
        <button type="button" className="primary" onClick={() => notifications.setDesktop(true)} data-testid="notify-allow">
          {text.settings.desktopAsk}
        </button>
      ) : null}
      {status ? <p className="muted">{status}</p> : null}
      <label>
        <input type="checkbox" checked={settings.sound} onChange={(e) => notifications.setSound(e.target.checked)} data-testid="notify-sound" />
        {text.settings.sound}
      </label>
      <button type="button" onClick={onClose}>
        {text.settings.close}
      </button>
    </div>
  )
}
