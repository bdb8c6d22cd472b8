import { en } from './en'
import type { Locale } from './locale'
import { zhCN } from './zhCN'
import { zhTW } from './zhTW'

export type MessageKey = keyof typeof zhCN

/** One locale's strings: exactly the keys of `zhCN`. */
export type Messages = { readonly [K in MessageKey]: string }

type VarsIn<S> = S extends `${string}{${infer V}}${infer Rest}` ? V | VarsIn<Rest> : never

/** The `{placeholders}` a key's string takes, e.g. `'name'` for `status.chatting`. */
export type MessageVars<K extends MessageKey> = VarsIn<(typeof zhCN)[K]>

export const MESSAGES: Readonly<Record<Locale, Messages>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en }
