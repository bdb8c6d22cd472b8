import type { LeaveMessageFields, NormalizedVisitorIdentity, ProductCard } from '@kefu/core'
import { productCardFromSobot } from '@kefu/core/cards'
import type { ChatLocale, ParamProblem, SobotSource } from '../params/chatParams'
import { readChatParams } from '../params/readChatParams'

/**
 * What Sobot's standalone leave-message link (独立接入留言页) carries:
 * `leavemessage.html?sysnum=…&uid=…&source=9&uname=…&templateid=…&groupid=…&locale=cn&t=…`, plus the
 * 工单插件 card as `params={"card_title":…}`. `uid` (Sobot's own customer id) and `t` (a cache
 * buster) are not used: who the visitor is comes from the visitor token, as in the chat window.
 */
export interface LeavePageParams {
  /** Sobot `sysnum`. */
  readonly companyId?: string
  /** Sobot `locale`: cn → zh-CN, tw → zh-TW, en → en. */
  readonly locale: ChatLocale
  /** Sobot `source` (9 here). */
  readonly source?: SobotSource
  /** Sobot `uname`: the name field starts with it. */
  readonly name?: string
  /** Sobot `templateid`: stored with the message. */
  readonly templateId?: string
  /** Sobot `groupid`. */
  readonly groupId?: string
  /** The identity fields of the link (uname, partnerid + sign, params, …), sent with `identify` like the chat window does. */
  readonly identity: NormalizedVisitorIdentity
  /** The 工单插件 card from `params`, or from the card_* parameters. */
  readonly card?: ProductCard
  /**
   * Every `params` field (the card's card_* and the company's custom ones) as strings, sent with the
   * message; fields the server would refuse (see `LeaveMessageFields`) are left out as problems, so one
   * bad field does not cost the visitor the message.
   */
  readonly fields?: LeaveMessageFields
  /** Malformed values, left out; the form works without them. */
  readonly problems: readonly ParamProblem[]
}

const CARD_KEYS = ['card_title', 'card_url', 'card_desc', 'card_note', 'card_picture'] as const
/** The server's limits (its `leaveMessage` frame schema). */
const TEMPLATE_ID_MAX = 64
const FIELDS_MAX = 30
const FIELD_NAME_MAX = 64
const FIELD_VALUE_MAX = 2000
/** Links: http(s) with a host, nothing that could break out of an attribute — as the server checks them. */
const LINK_FIELDS = ['card_url', 'card_picture']
const HTTP_URL = /^https?:\/\/[^\s/?#'"`\\<>]+[^\s'"`\\<>]*$/i
const URL_MAX = 2048

/** The `params` fields the server will take, as strings; the others become problems. */
function leaveFields(params: NormalizedVisitorIdentity['params'], problems: ParamProblem[]): LeaveMessageFields | undefined {
  const fields: Record<string, string> = {}
  for (const [key, raw] of Object.entries(params ?? {})) {
    const value = String(raw)
    // An empty field says nothing (Sobot links often carry card_url=""): not sent, not a problem.
    if (!key || !value) continue
    const fault =
      Object.keys(fields).length >= FIELDS_MAX
        ? `only the first ${FIELDS_MAX} fields are sent`
        : key.length > FIELD_NAME_MAX
          ? `a field name must be at most ${FIELD_NAME_MAX} characters`
          : LINK_FIELDS.includes(key)
            ? value.length <= URL_MAX && HTTP_URL.test(value)
              ? undefined
              : `must be an http(s) URL of at most ${URL_MAX} characters`
            : value.length > FIELD_VALUE_MAX
              ? `must be at most ${FIELD_VALUE_MAX} characters`
              : undefined
    if (fault) problems.push({ param: 'params', message: `params.${key.slice(0, FIELD_NAME_MAX)}: ${fault}; not sent with the message` })
    else fields[key] = value
  }
  return Object.keys(fields).length ? fields : undefined
}

/** Reads the leave-message page's link (`location.search`). Never throws. */
export function readLeavePageParams(search: string): LeavePageParams {
  const chat = readChatParams(search)
  const problems = [...chat.problems]
  const templateId = new URLSearchParams(search).get('templateid')?.trim() || undefined
  if (templateId && templateId.length > TEMPLATE_ID_MAX) {
    problems.push({ param: 'templateid', message: `templateid: must be at most ${TEMPLATE_ID_MAX} characters` })
  }
  const fields = chat.identity.params ?? {}
  const sent = leaveFields(chat.identity.params, problems)
  let card: ProductCard | undefined = chat.cards.find((c): c is ProductCard => c.type !== 'order')
  if (!card && CARD_KEYS.some((key) => fields[key] !== undefined)) {
    const pick = Object.fromEntries(CARD_KEYS.filter((key) => fields[key] !== undefined).map((key) => [key, String(fields[key])]))
    try {
      card = productCardFromSobot(pick)
    } catch (error) {
      problems.push({ param: 'params', message: `params: the card is not shown: ${error instanceof Error ? error.message : String(error)}` })
    }
  }
  return {
    ...(chat.companyId ? { companyId: chat.companyId } : {}),
    locale: chat.locale,
    ...(chat.source !== undefined ? { source: chat.source } : {}),
    ...(chat.identity.uname ? { name: chat.identity.uname } : {}),
    ...(templateId && templateId.length <= TEMPLATE_ID_MAX ? { templateId } : {}),
    ...(chat.routing.groupId ? { groupId: chat.routing.groupId } : {}),
    identity: chat.identity,
    ...(card ? { card } : {}),
    ...(sent ? { fields: sent } : {}),
    problems,
  }
}
