'use client'
import { useEffect, useState, type ReactNode } from 'react'
import { createChat, type ChatClient, type ChatOptions } from '@kefu/core'
import { KefuContext } from './KefuContext'

export type KefuProviderProps =
  | { readonly client: ChatClient; readonly options?: never; readonly children?: ReactNode }
  | { readonly options: ChatOptions; readonly client?: never; readonly children?: ReactNode }

/**
 * Gives its children a chat client: yours (`client`) or one it creates from `options` on first render.
 * It connects after mounting, so server rendering never opens a connection, and each render tree
 * (each server request) gets its own client.
 */
export function KefuProvider(props: KefuProviderProps) {
  const [client] = useState(() => props.client ?? createChat(props.options))
  const active = props.client ?? client

  useEffect(() => {
    active.connect()
    return () => active.disconnect()
  }, [active])

  return <KefuContext.Provider value={active}>{props.children}</KefuContext.Provider>
}
