import { createContext, useContext } from 'react'
import type { AdminLocale } from '../adminLocale'
import { en } from './en'
import { zhCN, type AdminText } from './zhCN'
import { zhTW } from './zhTW'

export type { AdminText } from './zhCN'

export const ADMIN_TEXT: Record<AdminLocale, AdminText> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en }

export const AdminLocaleContext = createContext<AdminLocale>('zh-CN')

/** The console's texts in the workbench's language, and that language (for `Intl`). */
export function useAdminText(): { t: AdminText; locale: AdminLocale } {
  const locale = useContext(AdminLocaleContext)
  return { t: ADMIN_TEXT[locale], locale }
}
