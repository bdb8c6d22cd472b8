/** The chat window's languages; the same three as core's `ORDER_STATUS_TEXT`. */
export type Locale = 'zh-CN' | 'zh-TW' | 'en'

export const LOCALES: readonly Locale[] = ['zh-CN', 'zh-TW', 'en']
