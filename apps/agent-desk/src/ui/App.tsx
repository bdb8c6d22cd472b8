import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react'
import { adminLocaleOf, closeAdmin, openAdmin, useAdminSection, ADMIN_TEXT, type AdminSection } from '../admin'
import type { Desk, DeskSnapshot } from '../desk'
import { DebugLog, PluginPanel, useDebugLogShortcut, type CreatePluginHost } from '../plugins'
import { createPluginPanelStore } from '../plugins/pluginPanelStore'
import { ChatPanel } from './ChatPanel'
import { createComposerDraft } from './composerDraft'
import { ConversationLists } from './ConversationLists'
import { Header } from './Header'
import { HistoryView } from './HistoryView'
import { DeskLocaleProvider, useDeskLocale, useText, type DeskLocale, type DeskText } from './i18n'
import { LoginForm } from './LoginForm'
import { createMapClicks } from './mapClicks'
import { useChatKeys } from './useChatKeys'
import { DeskContext, useDesk } from './useDesk'
import { useNotifications, type Notifications } from './useNotifications'
import { WorkbenchContext, type WorkbenchServices } from './workbenchServices'

const selectSignedIn = (s: DeskSnapshot) => s.auth.status === 'signed-in'
const selectRole = (s: DeskSnapshot) => s.agent?.role

// The admin console is its own chunk: agents never download it.
const AdminConsole = lazy(() => import('../admin/AdminConsole'))

export interface AppProps {
  readonly desk: Desk
  /** For tests: a fake plugin host. */
  readonly createHost?: CreatePluginHost
  /** For tests: the language; otherwise the agent's choice, else the browser's. */
  readonly locale?: DeskLocale
}

export function App({ desk, createHost, locale }: AppProps) {
  useEffect(() => desk.start(), [desk])
  return (
    <DeskContext.Provider value={desk}>
      <DeskLocaleProvider initial={locale}>
        <Root createHost={createHost} />
      </DeskLocaleProvider>
    </DeskContext.Provider>
  )
}

function Root({ createHost }: { createHost?: CreatePluginHost }) {
  const signedIn = useDesk(selectSignedIn)
  return signedIn ? <Workbench createHost={createHost} /> : <LoginForm />
}

function Workbench({ createHost }: { createHost?: CreatePluginHost }) {
  // Per sign-in: a new agent starts with an empty composer and a fresh plugin panel.
  const [services] = useState<WorkbenchServices>(() => ({
    draft: createComposerDraft(),
    panel: createPluginPanelStore(),
    mapClicks: createMapClicks(),
  }))
  return (
    <WorkbenchContext.Provider value={services}>
      <WorkbenchLayout createHost={createHost} />
    </WorkbenchContext.Provider>
  )
}

/**
 * One of the workbench's top-level views, each a tab in the header. Add one here (the admin console
 * does, for admins) and the header shows it.
 */
export interface WorkbenchView {
  readonly id: string
  readonly label: string
  readonly render: () => ReactNode
}

/** On a phone one column shows at a time: the list, the thread, or the visitor and business pages. */
export type PhonePane = 'list' | 'thread' | 'side'

function WorkbenchLayout({ createHost }: { createHost?: CreatePluginHost }) {
  const text = useText()
  const { locale } = useDeskLocale()
  const role = useDesk(selectRole)
  const notifications = useNotifications(text.appName)
  const [view, setViewState] = useState('chats')
  // Views stay mounted once opened (hidden when not current), so business pages keep their state.
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set(['chats']))
  const setView = useCallback((id: string) => {
    setViewState(id)
    setOpened((ids) => (ids.has(id) ? ids : new Set([...ids, id])))
    // The console's section lives in the URL (#/admin/…); other views have none.
    if (id === 'admin' && !location.hash.startsWith('#/admin')) openAdmin()
    if (id !== 'admin' && location.hash.startsWith('#/admin')) closeAdmin()
  }, [])
  // Opened by its address (a reload, a link): the console's view.
  const adminSection = useAdminSection()
  useEffect(() => {
    if (adminSection && role === 'admin') setView('admin')
  }, [adminSection, role, setView])
  const [pane, setPane] = useState<PhonePane>('list')
  const openThread = useCallback(() => setPane('thread'), [])
  useDebugLogShortcut()
  useChatKeys(openThread)
  const views = workbenchViews(text, role, {
    chats: () => (
      <div className="columns" data-pane={pane}>
        <ConversationLists onOpen={openThread} />
        <ChatPanel onBack={() => setPane('list')} onShowSide={() => setPane('side')} />
        <div className="side-wrap">
          <button type="button" className="link phone-only side-back" onClick={() => setPane('thread')}>
            ‹ {text.chat.log}
          </button>
          <PluginPanel createHost={createHost} />
        </div>
      </div>
    ),
    history: () => <HistoryView onOpen={() => (setView('chats'), setPane('thread'))} />,
    admin: () => <AdminView section={adminSection ?? 'company'} />,
  }, ADMIN_TEXT[adminLocaleOf(locale)].nav.open)
  const current = views.find((v) => v.id === view) ?? views[0]!
  return (
    <div className="workbench">
      <Header views={views} view={current.id} onView={setView} notifications={notifications} />
      <NotificationPrompt notifications={notifications} />
      {views
        .filter((v) => opened.has(v.id) || v.id === current.id)
        .map((v) => (
          <div key={v.id} className="view" id={`view-${v.id}`} hidden={v.id !== current.id}>
            {v.render()}
          </div>
        ))}
      <DebugLog />
    </div>
  )
}

/** The views in the header, in order; the admin console adds itself here for admins. */
function workbenchViews(
  text: DeskText,
  role: string | undefined,
  render: { chats(): ReactNode; history(): ReactNode; admin(): ReactNode },
  adminLabel: string,
): WorkbenchView[] {
  return [
    { id: 'chats', label: text.nav.chats, render: render.chats },
    { id: 'history', label: text.nav.history, render: render.history },
    // 管理 / Admin: for admins only (the API refuses everyone else anyway).
    ...(role === 'admin' ? [{ id: 'admin', label: adminLabel, render: render.admin }] : []),
  ]
}

function AdminView({ section }: { section: AdminSection }) {
  return (
    <Suspense fallback={null}>
      <AdminConsole section={section} />
    </Suspense>
  )
}

/** The permission prompt: the browser asks only after the agent clicks, and a later visit asks again until they answer. */
function NotificationPrompt({ notifications }: { notifications: Notifications }) {
  const text = useText()
  const [dismissed, setDismissed] = useState(false)
  if (dismissed || !notifications.settings.desktop || notifications.permission !== 'default') return null
  return (
    <div className="notify-prompt" role="region" aria-label={text.settings.desktop} data-testid="notify-prompt">
      <span>{text.settings.prompt}</span>
      <button type="button" className="primary" onClick={() => notifications.setDesktop(true)} data-testid="notify-prompt-allow">
        {text.settings.desktopAsk}
      </button>
      <button type="button" className="link" onClick={() => setDismissed(true)}>
        {text.settings.later}
      </button>
    </div>
  )
}
