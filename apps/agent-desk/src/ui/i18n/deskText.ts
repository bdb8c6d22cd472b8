import { en } from './en'
import { zhCN } from './zhCN'
import { zhTW } from './zhTW'

/** The workbench's languages, the same three as the chat window's. */
export type DeskLocale = 'zh-CN' | 'zh-TW' | 'en'

export const DESK_LOCALES: readonly DeskLocale[] = ['zh-CN', 'zh-TW', 'en']

/** Every label of the workbench in one language: the shape of `zhCN`. */
export type DeskText = typeof zhCN

export const DESK_TEXT: Readonly<Record<DeskLocale, DeskText>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en }

/** Each language named in itself, for the switch. */
export const LOCALE_NAMES: Readonly<Record<DeskLocale, string>> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' }
