import type { Locale } from './locale'
import type { MessageKey, MessageVars } from './messages'
import { messagesFor } from './messagesFor'

type VarsArg<K extends MessageKey> = [MessageVars<K>] extends [never]
  ? []
  : [vars: Readonly<Record<MessageVars<K>, string | number>>]

/**
 * A string of the chat window, with `{placeholders}` filled in. An unknown locale falls back to
 * zh-CN; a placeholder without a value stays as written.
 */
export function t<K extends MessageKey>(locale: Locale, key: K, ...[vars]: VarsArg<K>): string {
  const template: string = messagesFor(locale)[key] ?? key
  if (!vars) return template
  const values = vars as Readonly<Record<string, string | number | undefined>>
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => String(values[name] ?? placeholder))
}
