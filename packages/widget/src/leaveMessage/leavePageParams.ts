import type { NormalizedVisitorIdentity, ProductCard } from '@kefu/core'
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
  /** Malformed values, left out; the form works without them. */
  readonly problems: readonly ParamProblem[]
}

const CARD_KEYS = ['card_title', 'card_url', 'card_desc', 'card_note', 'card_picture'] as const
/** The server's limit for a template id (its `leaveMessage` frame schema). */
const TEMPLATE_ID_MAX = 64

/** Reads the leave-message page's link (`location.search`). Never throws. */
export function readLeavePageParams(search: string): LeavePageParams {
  const chat = readChatParams(search)
  const problems = [...chat.problems]
  const templateId = new URLSearchParams(search).get('templateid')?.trim() || undefined
  if (templateId && templateId.length > TEMPLATE_ID_MAX) {
    problems.push({ param: 'templateid', message: `templateid: must be at most ${TEMPLATE_ID_MAX} characters` })
  }
  const fields = chat.identity.params ?? {}
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
    problems,
  }
}
