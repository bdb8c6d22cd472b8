'use client'
import { useContext } from 'react'
import type { ChatClient } from '@kefu/core'
import { KefuContext } from './KefuContext'

/** The chat client of the nearest `<KefuProvider>`: its actions (`open`, `send`, `sendCard`, …) never re-render. */
export function useChat(): ChatClient {
  const client = useContext(KefuContext)
  if (!client) {
    throw new Error(
      '[kefu] useChat() and the other kefu hooks must be used inside <KefuProvider options={{ companyId, transport }}>. ' +
        'Wrap your app (or the part that shows chat) in it.',
    )
  }
  return client
}
