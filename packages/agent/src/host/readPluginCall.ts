import type { ComposerItem, PluginCall } from '../bridgeProtocol'

const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isText = (value: unknown): value is string => typeof value === 'string' && value !== ''
const isUrl = (value: unknown): value is string => typeof value === 'string' && HTTP_URL.test(value)
const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value)

/**
 * Checks a call message from a plugin frame — the page is not trusted, whatever its SDK checked — and
 * returns the call, or what is wrong with it. Cards are only shape-checked here; the server validates
 * and sanitizes them.
 */
export function readPluginCall(message: Record<string, unknown>): PluginCall | string {
  const args = message.args
  if (!isObject(args)) return 'args must be an object'
  switch (message.method) {
    case 'pushVisitorEvent':
      return isObject(args.card) && isText(args.card.title)
        ? { method: 'pushVisitorEvent', args: { card: args.card } }
        : 'args.card must be an object with a title'
    case 'sendMessage': {
      const body = args.body
      if (!isObject(body)) return 'args.body must be an object'
      const ok =
        body.type === 'text'
          ? isText(body.text)
          : body.type === 'image' || body.type === 'video'
            ? isUrl(body.url) && optional(body.thumbnailUrl, isUrl)
            : body.type === 'voice'
              ? isUrl(body.url) && optional(body.duration, (d) => typeof d === 'number' && Number.isFinite(d) && d >= 0)
              : body.type === 'file'
                ? isUrl(body.url) && isText(body.name) && Number.isSafeInteger(body.size) && (body.size as number) >= 0
                : false
      return ok ? ({ method: 'sendMessage', args: { body } } as PluginCall) : `args.body is not a valid ${String(body.type)} message`
    }
    case 'setVisitorChatSign':
      return args.chatSign === 0 || args.chatSign === 1
        ? { method: 'setVisitorChatSign', args: { chatSign: args.chatSign } }
        : 'args.chatSign must be 0 or 1'
    case 'putMsg': {
      if (!isText(args.random)) return 'args.random must be a non-empty string'
      if (!Array.isArray(args.items) || args.items.length === 0 || !args.items.every(isComposerItem)) {
        return 'args.items must be a non-empty list of text, image or news items'
      }
      return { method: 'putMsg', args: { random: args.random, items: args.items } }
    }
    case 'notice':
      return typeof args.text === 'string' ? { method: 'notice', args: { text: args.text } } : 'args.text must be a string'
    default:
      return `unknown method ${JSON.stringify(message.method)}`
  }
}

function isComposerItem(item: unknown): item is ComposerItem {
  if (!isObject(item)) return false
  if (item.type === 'text') return isText(item.text)
  if (item.type === 'image') return isUrl(item.url)
  return (
    item.type === 'news' &&
    Array.isArray(item.articles) &&
    item.articles.length > 0 &&
    item.articles.every(
      (a) =>
        isObject(a) &&
        isText(a.title) &&
        optional(a.digest, (d) => typeof d === 'string') &&
        optional(a.cover, isUrl) &&
        optional(a.url, isUrl),
    )
  )
}
