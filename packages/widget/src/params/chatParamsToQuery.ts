import { KefuError, ValidationError, type OrderCard, type ProductCard } from '@kefu/core'
import {
  orderCardFromSobot,
  orderCardToSobot,
  productCardFromSobot,
  productCardToSobot,
  productCardToVisEvt,
  validateOrderCard,
  validateProductCard,
} from '@kefu/core/cards'
import type { ChatParamsInput } from './chatParams'
import { ENTRANCE_SWITCHES, UI_SWITCHES, writeSwitch, type SwitchKind } from './paramSwitches'
import { readChatParams } from './readChatParams'
import { toChatLocale } from './toChatLocale'

const SOBOT_LOCALE = { 'zh-CN': 'cn', 'zh-TW': 'tw', en: 'en' } as const
const TITLE_FLAG = { company: 1, custom: 2, agent: 3 } as const

/**
 * The chat window link's query for `params`, with the vendors' parameter names: JSON values are
 * `JSON.stringify`'d, and URLSearchParams encodes everything (as the seeds' `encodeURIComponent`).
 * `readChatParams` of the result gives `params` back (cards in the order visEvt, card_*, order).
 *
 * Throws a `ValidationError` (`invalid_argument`, or `invalid_card` from a card) for a value
 * `readChatParams` would refuse, and a `KefuError` (`unsupported`) for cards a link cannot carry: one
 * `visEvt` card, one more product card that `card_*` can carry whole, and one order card.
 */
export function chatParamsToQuery(params: ChatParamsInput): URLSearchParams {
  const query = new URLSearchParams()
  const put = (key: string, value: unknown) => {
    if (value === undefined || value === null || value === '') return
    query.set(key, typeof value === 'object' ? JSON.stringify(value) : `${value}`)
  }
  const putAll = (values: object) => Object.entries(values).forEach(([key, value]) => put(key, value))
  const { entry = {}, routing = {}, ui = {}, entrance = {}, miniWindow = {}, trace } = params
  put('companyId', params.companyId)
  const { lan, ...entryRest } = entry
  put('lan', lan)
  if (params.locale && params.locale !== toChatLocale(lan)) put('locale', SOBOT_LOCALE[params.locale])
  put('source', params.source)
  putAll(entryRest)
  putAll(params.identity ?? {})
  putAll({
    type: routing.mode,
    groupid: routing.groupId,
    agentid: routing.agentId,
    agent_mode_flag: routing.agentModeFlag,
    robotid: routing.robotId,
    transfer_action: routing.transferActions,
    queueFirst: routing.queueFirst,
  })
  putAll(cardParams(params.cards ?? []))
  put('chatWindowParam', nonEmpty(params.chatWindow ?? {}))
  const { containerStyle, ...mini } = miniWindow
  put('pcMiniWinParam', nonEmpty(mini))
  put('container_style', containerStyle && Object.entries(containerStyle).map(([prop, value]) => `${prop}:${value}`).join(';'))
  const putSwitch = (param: string, kind: SwitchKind, on: boolean | undefined) => put(param, on === undefined ? on : writeSwitch(kind, on))
  for (const [option, param, kind] of UI_SWITCHES) putSwitch(param, kind, ui[option])
  putAll({
    time: ui.historyMinutes,
    title_flag: ui.title && TITLE_FLAG[ui.title.mode],
    custom_title: ui.title?.text,
    robot_hello_word: ui.robotHelloWord,
    agent_hello_word: ui.agentHelloWord,
    agent_offline_title: ui.agentOfflineTitle,
    to_customsys_flag: ui.humanRedirect && 1,
    to_customsys_url: ui.humanRedirect?.url,
    to_customsys_open_style: ui.humanRedirect && (ui.humanRedirect.newWindow ? 1 : 0),
    leave_customsys_flag: ui.leaveMessageRedirect && 1,
    leave_customsys_url: ui.leaveMessageRedirect?.url,
    color: ui.themeColor?.replace(/^#/, ''),
    faqid: ui.faqGroupId,
  })
  for (const [option, param, kind] of ENTRANCE_SWITCHES) putSwitch(param, kind, entrance[option])
  const invitation = entrance.invitation
  putAll({
    location: entrance.position && (entrance.position === 'left' ? 2 : 1),
    expand_size: entrance.expandSize,
    invite: invitation && (invitation.enabled ? 1 : 0),
    tip_title: invitation?.tipTitle,
    submit_title: invitation?.submitTitle,
    first_timeout: invitation?.firstTimeoutSeconds,
    over_timeout: invitation?.overTimeoutSeconds,
    invite_count: invitation?.perDay,
    invite_imgsrc: invitation?.imageUrl,
    man_trace: trace && trace.enabled,
    pre_visit_args: trace?.pre,
    cur_visit_args: trace?.cur,
  })
  const { problems } = readChatParams(query)
  const issues = problems.map(({ param, message }) => ({ path: param, message: message.replace(`${param}: `, '') }))
  if (issues.length) throw new ValidationError('invalid_argument', issues)
  return query
}

/** The first product card as `visEvt`, a second as `card_*`, an order card as Sobot's order fields. */
function cardParams(cards: readonly (ProductCard | OrderCard)[]): Record<string, unknown> {
  const products = cards.filter((card): card is ProductCard => card.type !== 'order')
  const orders = cards.filter((card): card is OrderCard => card.type === 'order')
  if (products.length > 2 || orders.length > 1) {
    throw new KefuError('unsupported', 'a chat link carries at most two product cards (visEvt, card_*) and one order card')
  }
  const [visEvt, sobot] = products
  const card = sobot && productCardToSobot(sobot)
  const order = orders[0] && orderCardToSobot(orders[0])
  if (card && !same(productCardFromSobot(card), validateProductCard(sobot))) {
    throw new KefuError('unsupported', 'the second product card has fields card_* cannot carry')
  }
  if (order && !same(orderCardFromSobot(order), validateOrderCard(orders[0]))) {
    throw new KefuError('unsupported', 'the order card has fields a chat link cannot carry')
  }
  return { visEvt: visEvt && productCardToVisEvt(visEvt), ...card, ...order }
}

// Both sides come from core's validators, which list fields in a fixed order.
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

const nonEmpty = (value: object) => (Object.keys(value).length ? value : undefined)
