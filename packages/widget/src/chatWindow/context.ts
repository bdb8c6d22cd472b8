import type { ChatClient } from '@kefu/core'
import { createContext } from 'preact'
import { useContext, useEffect, useState } from 'preact/hooks'
import type { ChatUiOptions } from '../params/chatParams'
import type { Locale } from '../i18n/locale'
import { t } from '../i18n/t'

export interface WindowContext {
  readonly client: ChatClient
  readonly locale: Locale
  readonly ui: ChatUiOptions
  /** Opens an http(s) page in the in-window panel (`http(url,'inner')` card links). */
  openPanel(url: string): void
}

export const Ctx = createContext<WindowContext>(null as unknown as WindowContext)
export const useWindow = (): WindowContext => useContext(Ctx)

/** The snapshot of `client`, re-rendering on every change (a small `useSyncExternalStore`). */
export function useChatSnapshot(client: ChatClient) {
  const [snapshot, setSnapshot] = useState(client.getSnapshot)
  useEffect(() => {
    const update = () => setSnapshot(client.getSnapshot())
    update()
    return client.subscribe(update)
  }, [client])
  return snapshot
}

/** An absolute http(s) URL or a same-origin path; anything else (javascript:, data:, …) is dropped. */
export const safeUrl = (url: string | undefined): string | undefined =>
  url && /^(https?:\/\/|\/(?!\/))/i.test(url) && !/[\s"'<>\\]/.test(url) ? url : undefined

export const httpUrl = (url: string | undefined): string | undefined => (url && /^https?:\/\//i.test(url) ? safeUrl(url) : undefined)

export const BLANK = { target: '_blank', rel: 'noopener noreferrer' } as const

/** `t` without the strict key typing, for keys built at run time. */
export const tr = (locale: Locale, key: string, vars?: Record<string, string | number>): string =>
  (t as (l: Locale, k: string, v?: Record<string, string | number>) => string)(locale, key, vars)

export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return ''
  const units = ['B', 'KB', 'MB', 'GB']
  let i = 0
  for (; bytes >= 1024 && i < 3; i++) bytes /= 1024
  return `${i ? bytes.toFixed(1) : bytes} ${units[i]}`
}
