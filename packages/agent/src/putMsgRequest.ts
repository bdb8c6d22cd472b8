import type { ComposerItem } from './bridgeProtocol'
import { parseLenientJson } from './lenientJson'

/** A PutMsg document read and checked, or what is wrong with it (a path and a problem). */
export type PutMsgRequest =
  | { readonly ok: true; readonly random: string; readonly items: readonly ComposerItem[] }
  | { readonly ok: false; readonly detail: string }

const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i
const MAX_ITEMS = 20
const MAX_ARTICLES = 8

/**
 * Reads WeChat's `PutMsg` argument: `{"msg": {"head": {"random": "…"}, "body": [{type, content}, …]}}`
 * as a JSON string (read leniently, see `parseLenientJson`) or an object. Body items: type 0
 * `{text}` text, type 1 `{picUrl}` image, type 1 with an array `[{title, digest, cover, url}]` news.
 */
export function readPutMsg(json: unknown): PutMsgRequest {
  const doc = typeof json === 'string' ? parseLenientJson(json) : json
  if (doc === undefined) return fail('', 'is not valid JSON')
  const msg = isObject(doc) ? doc.msg : undefined
  if (!isObject(msg)) return fail('msg', 'must be an object with head and body')
  const random = isObject(msg.head) ? msg.head.random : undefined
  if (!((typeof random === 'string' && random !== '') || (typeof random === 'number' && Number.isFinite(random)))) {
    return fail('msg.head.random', 'must be a non-empty string or a number')
  }
  if (!Array.isArray(msg.body) || msg.body.length === 0) return fail('msg.body', 'must be a non-empty array')
  if (msg.body.length > MAX_ITEMS) return fail('msg.body', `must have at most ${MAX_ITEMS} items`)
  const items: ComposerItem[] = []
  for (const [index, raw] of msg.body.entries()) {
    const item = readBodyItem(raw)
    if (typeof item === 'string') return { ok: false, detail: `msg.body[${index}]${item}` }
    items.push(item)
  }
  return { ok: true, random: String(random), items }
}

/** One body item as a composer item, or the rest of a path and the problem (`.content.text must be …`). */
function readBodyItem(raw: unknown): ComposerItem | string {
  if (!isObject(raw)) return ' must be an object {type, content}'
  const type = `${raw.type}`
  const content = raw.content
  if (type === '0') {
    if (!isObject(content) || typeof content.text !== 'string' || content.text === '') return '.content.text must be a non-empty string'
    return { type: 'text', text: content.text }
  }
  if (type !== '1') return '.type must be 0 (text) or 1 (image, news)'
  if (Array.isArray(content)) {
    if (content.length === 0 || content.length > MAX_ARTICLES) return `.content must have 1 to ${MAX_ARTICLES} articles`
    const articles: { title: string; digest?: string; cover?: string; url?: string }[] = []
    for (const [index, article] of content.entries()) {
      const path = `.content[${index}]`
      if (!isObject(article)) return `${path} must be an object {title, digest, cover, url}`
      if (typeof article.title !== 'string' || article.title === '') return `${path}.title must be a non-empty string`
      const read: { title: string; digest?: string; cover?: string; url?: string } = { title: article.title }
      if (article.digest !== undefined) {
        if (typeof article.digest !== 'string') return `${path}.digest must be a string`
        read.digest = article.digest
      }
      for (const key of ['cover', 'url'] as const) {
        const value = article[key]
        if (value === undefined || value === '') continue
        if (typeof value !== 'string' || !HTTP_URL.test(value.trim())) return `${path}.${key} must be an http(s) URL`
        read[key] = value.trim()
      }
      articles.push(read)
    }
    return { type: 'news', articles }
  }
  if (!isObject(content) || typeof content.picUrl !== 'string' || !HTTP_URL.test(content.picUrl.trim())) {
    return '.content.picUrl must be an http(s) URL (or content an array of news articles)'
  }
  return { type: 'image', url: content.picUrl.trim() }
}

function fail(path: string, problem: string): PutMsgRequest {
  return { ok: false, detail: [path, problem].filter(Boolean).join(' ') }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
