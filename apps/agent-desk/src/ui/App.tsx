import { useEffect, useState } from 'react'
import type { Desk, DeskSnapshot } from '../desk'
import { DebugLog, PluginPanel, useDebugLogShortcut, type CreatePluginHost } from '../plugins'
import { createPluginPanelStore } from '../plugins/pluginPanelStore'
import { ChatPanel } from './ChatPanel'
import { createComposerDraft } from './composerDraft'
import { ConversationLists } from './ConversationLists'
import { Header } from './Header'
import { LoginForm } from './LoginForm'
import { createMapClicks } from './mapClicks'
import { TEXT } from './text'
import { DeskContext, useDesk } from './useDesk'
import { useNewMessageNotice } from './useNewMessageNotice'
import { WorkbenchContext, type WorkbenchServices } from './workbenchServices'

const selectSignedIn = (s: DeskSnapshot) => s.auth.status === 'signed-in'

export interface AppProps {
  readonly desk: Desk
  /** For tests: a fake plugin host. */
  readonly createHost?: CreatePluginHost
}

export function App({ desk, createHost }: AppProps) {
  useEffect(() => desk.start(), [desk])
  return (
    <DeskContext.Provider value={desk}>
      <Root createHost={createHost} />
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

function WorkbenchLayout({ createHost }: { createHost?: CreatePluginHost }) {
  const { sound, toggleSound } = useNewMessageNotice(TEXT.appName)
  useDebugLogShortcut()
  return (
    <div className="workbench">
      <Header sound={sound} onToggleSound={toggleSound} />
      <div className="columns">
        <ConversationLists />
        <ChatPanel />
        <PluginPanel createHost={createHost} />
      </div>
      <DebugLog />
    </div>
  )
}
