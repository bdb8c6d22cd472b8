import type { EntryData, NormalizedVisitorIdentity, OrderCard, ProductCard, RoutingRequest, TransferAction } from '@kefu/core'
import {
  orderCardFieldsFromSobot,
  orderCardFromSobot,
  productCardFieldsFromSobot,
  productCardFromSobot,
  productCardFieldsFromVisEvt,
  productCardFromVisEvt,
  type SobotOrderParams,
} from '@kefu/core/cards'
import { validateVisitorIdentity } from '@kefu/core/identity'
import type { ChatParams, ChatParamsSource, ChatTrace, ChatUiOptions, EntranceOptions, MiniWindowParam, ParamProblem } from './chatParams'
import { compact, compactOrUndefined } from './compact'
import { createParamReader, isRecord, type ParamReader } from './paramReader'
import { readSwitch, UI_SWITCHES } from './paramSwitches'
import { readChatWindowParam, readCompanyId, readEntrance, readThemeColor } from './readEntranceParams'
import { toChatLocale } from './toChatLocale'
import { toParamRecord } from './toParamRecord'

const IDENTITY_KEYS = [
  'partnerid', 'sign', 'timestamp', 'metaData', 'myData', 'uname', 'realname', 'tel', 'email', 'qq', 'face', 'remark',
  'params', 'customer_fields', 'is_vip', 'vip_level', 'user_label',
] as const
const CARD_KEYS = ['card_title', 'card_url', 'card_desc', 'card_note', 'card_picture'] as const
const ORDER_KEYS = ['order_status', 'status_custom', 'create_time', 'order_code', 'order_url', 'goods_count', 'total_fee', 'goods'] as const
const TRACE_FIELDS = ['abstract', 'visit_url', 'visit_title', 'thumbnail', 'tags'] as const
const PX = 10000
const TITLE_MODES = ['company', 'custom', 'agent'] as const

/**
 * Reads what a page or a chat link configures through the Echat (`_echat('initParam')`, chat link) or
 * Sobot (`zc('config')`, chat link) API. Never throws: a malformed value is left out and reported in
 * `problems`; unknown parameters are ignored.
 */
export function readChatParams(source: ChatParamsSource): ChatParams {
  return readParams(
    source,
    (r) => ({
      entrance: readEntrance(r),
      trace: readTrace(r),
      miniWindow: readMiniWindow(r, readStyle(r)),
    }),
    readIdentity,
    VALIDATED_CARDS,
  )
}

/**
 * What the chat window page itself needs of its link: everything but the page's entrance (button,
 * invitation), browsing trace and mini-window CSS, which only the store page's host acts on. Its
 * bundle carries none of their readers (`entrance` is `{}`).
 */
export function readChatWindowParams(source: ChatParamsSource): ChatParams {
  // The identity is validated where it must be anyway, on the server (`identifyDroppingRefused`).
  // Of the in-page window's parameters, only whether it may be closed: its × is the chat window's own.
  // Cards too: the server validates every card it is sent, and names what it refuses.
  return readParams(
    source,
    (r) => ({ entrance: {}, miniWindow: compactOrUndefined({ close: r.object('pcMiniWinParam')?.flag('close') }) }),
    (r) => identityFields(r) as NormalizedVisitorIdentity,
    CARD_FIELDS as unknown as CardReaders,
  )
}

interface HostOnlyParams {
  readonly entrance: EntranceOptions
  readonly trace?: ChatTrace
  readonly miniWindow?: MiniWindowParam
}

/** How a link's card params become cards: validated (the store page's runtime), or only mapped (the chat window). */
interface CardReaders {
  visEvt(visEvt: object): ProductCard
  product(params: Record<string, string>): ProductCard
  order(params: SobotOrderParams): OrderCard
}
const VALIDATED_CARDS: CardReaders = { visEvt: productCardFromVisEvt, product: productCardFromSobot, order: orderCardFromSobot }
const CARD_FIELDS = { visEvt: productCardFieldsFromVisEvt, product: productCardFieldsFromSobot, order: orderCardFieldsFromSobot }

function readParams(
  source: ChatParamsSource,
  readHostOnly: (r: ParamReader) => HostOnlyParams,
  readIdentity: (r: ParamReader) => NormalizedVisitorIdentity,
  cardReaders: CardReaders,
): ChatParams {
  const problems: ParamProblem[] = []
  const raw = toParamRecord(source, problems)
  const r = createParamReader(raw, problems)
  const lan = r.text('lan', 35)
  const { entrance, trace, miniWindow } = readHostOnly(r)
  return compact<ChatParams>({
    companyId: readCompanyId(r),
    locale: toChatLocale(r.text('locale', 35) ?? lan),
    source: r.oneOf('source', [0, 1, 2, 3, 4, 9, 10] as const),
    entry: compact<EntryData>({
      echatTag: r.text('echatTag', 100),
      routeEntranceId: r.text('routeEntranceId', 64),
      enterUrl: r.url('enterUrl'),
      enterTitle: r.text('enterTitle', 500),
      firstUrl: r.url('firstUrl'),
      referrer: r.url('referrer'),
      lan,
    }),
    identity: readIdentity(r),
    routing: readRouting(r),
    cards: readCards(r, cardReaders),
    chatWindow: readChatWindowParam(r),
    miniWindow,
    ui: readUi(r),
    entrance,
    trace,
    problems,
  })
}

/** The link's identity fields as given, but for what a query string does to them. */
function identityFields(r: ParamReader): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const key of IDENTITY_KEYS) if (r.has(key)) fields[key] = r.raw[key]
  // A query string turns an unencoded '+' of a base64 metaData into a space.
  const { metaData, face } = fields
  if (typeof metaData === 'string' && /^[\w+/= ]+$/.test(metaData)) fields.metaData = metaData.trim().replace(/ /g, '+')
  if (typeof face === 'string' && /^https?%3a/i.test(face)) fields.face = r.url('face')
  for (const key of ['params', 'customer_fields']) if (fields[key] !== undefined) fields[key] = r.json(key)
  return fields
}

function readIdentity(r: ParamReader): NormalizedVisitorIdentity {
  const fields = identityFields(r)
  // Each failing field is reported and dropped, then the rest is validated again.
  for (;;) {
    try {
      return validateVisitorIdentity(fields)
    } catch (error) {
      const issues = issuesOf(error)
      const bad = issues.filter((issue) => fields[issue.path] !== undefined)
      for (const issue of issues) r.fail(issue.path, issue.message)
      if (!bad.length) return {}
      for (const issue of bad) delete fields[issue.path]
    }
  }
}

function readRouting(r: ParamReader): RoutingRequest {
  const agentModeFlag = r.flag('agent_mode_flag')
  return compact<RoutingRequest>({
    mode: r.oneOf('type', [1, 2, 3, 4] as const),
    groupId: r.text('groupid', 64),
    agentId: r.text('agentid', 64),
    agentModeFlag: agentModeFlag === undefined ? undefined : agentModeFlag ? 1 : 0,
    robotId: r.text('robotid', 64),
    transferActions: readTransferActions(r),
    queueFirst: r.flag('queueFirst'),
  })
}

/** Sobot `transfer_action`: a rule that cannot be read drops them all, since each overflows to the next. */
function readTransferActions(r: ParamReader): readonly TransferAction[] | undefined {
  const list = r.json('transfer_action')
  if (list === undefined) return undefined
  if (!Array.isArray(list) || list.length > 20) return r.fail('transfer_action', 'must be a JSON array of at most 20 rules')
  const actions = list.map((item: unknown, index): TransferAction | undefined => {
    const at = `transfer_action.${index}`
    if (!isRecord(item)) return r.fail(at, 'must be an object')
    const rule = createParamReader(item, [])
    const group = item.actionType === 'to_group'
    if (!group && item.actionType !== 'to_service') return r.fail(`${at}.actionType`, "must be 'to_group' or 'to_service'")
    const deciId = rule.text('deciId', 64)
    if (!deciId) return r.fail(`${at}.deciId`, 'must be the id of the group or agent')
    const optionId = rule.oneOf('optionId', group ? ([3, 4] as const) : ([1, 2] as const))
    if (!optionId) return r.fail(`${at}.optionId`, `must be ${group ? '3 (overflow) or 4' : '1 (overflow) or 2'} for ${item.actionType}`)
    const spills = group ? ([4, 5, 6, 7] as const) : ([1, 2, 3] as const)
    const spillId = rule.oneOf('spillId', spills)
    if (rule.has('spillId') && !spillId) return r.fail(`${at}.spillId`, `must be ${spills.join(', ')} for ${item.actionType}`)
    return compact<TransferAction>({ actionType: group ? 'to_group' : 'to_service', deciId, optionId, spillId })
  })
  return actions.every((action) => action) ? (actions as TransferAction[]) : undefined
}

function readCards(r: ParamReader, read: CardReaders): (ProductCard | OrderCard)[] {
  const cards: (ProductCard | OrderCard)[] = []
  const add = (keys: readonly string[], prefix: string, read: () => ProductCard | OrderCard | undefined) => {
    if (!keys.some(r.has)) return
    try {
      const card = read()
      if (card) cards.push(card)
    } catch (error) {
      // Core reports Sobot fields by their param names (card_url, goods.0.name), visEvt fields by path.
      for (const { path, message } of issuesOf(error)) r.fail(prefix && path ? `${prefix}.${path}` : path || prefix, message)
    }
  }
  add(['visEvt'], 'visEvt', () => {
    const visEvt = r.json('visEvt')
    return visEvt === undefined ? undefined : read.visEvt(visEvt as object)
  })
  add(CARD_KEYS, '', () => read.product(pick(r, CARD_KEYS)))
  add(ORDER_KEYS, '', () => {
    const order: Record<string, unknown> = pick(r, ORDER_KEYS)
    if (order.goods !== undefined) order.goods = r.json('goods')
    return order.goods === undefined && r.has('goods') ? undefined : read.order(order as SobotOrderParams)
  })
  return cards
}

function readMiniWindow(r: ParamReader, containerStyle: MiniWindowParam['containerStyle']): MiniWindowParam | undefined {
  const m = r.object('pcMiniWinParam') ?? createParamReader({}, [])
  // Sobot's component width and height; Echat's pcMiniWinParam wins when both are given.
  const width = r.int('width', 0, PX)
  const height = r.int('height', 0, PX)
  return compactOrUndefined<MiniWindowParam>({
    left: m.int('left', 0, PX),
    right: m.int('right', 0, PX),
    bottom: m.int('bottom', 0, PX),
    min: m.flag('min'),
    max: m.flag('max'),
    close: m.flag('close'),
    width: m.int('width', 0, PX) ?? width,
    height: m.int('height', 0, PX) ?? height,
    containerStyle,
  })
}

/** Sobot `container_style`: `prop: value` declarations; anything that could load or run code is refused. */
function readStyle(r: ParamReader): Readonly<Record<string, string>> | undefined {
  const value = r.raw.container_style
  const declarations = isRecord(value)
    ? Object.entries(value).map(([prop, val]) => [prop, typeof val === 'string' || typeof val === 'number' ? `${val}` : ''])
    : (r.text('container_style', 2000) ?? '').split(';').map((declaration) => declaration.split(/:(.*)/s))
  const style: Record<string, string> = {}
  for (const [property = '', text = ''] of declarations) {
    const prop = property.trim().toLowerCase()
    const val = text.trim()
    if (!prop && !val) continue
    if (/^(?:width|height)$/.test(prop)) r.fail('container_style', `${prop} is set with the ${prop} parameter`)
    else if (!/^-?[a-z][a-z-]*$/.test(prop) || !val || /[<>{};\\]|url\s*\(|expression|javascript:|@import/i.test(val)) {
      r.fail('container_style', `refused declaration ${JSON.stringify(`${property}:${val}`.slice(0, 60))}`)
    } else style[prop] = val
  }
  return compactOrUndefined(style)
}

function readUi(r: ParamReader): ChatUiOptions {
  const ui: Record<string, boolean | undefined> = {}
  for (const [option, param, kind] of UI_SWITCHES) ui[option] = readSwitch(r, param, kind)
  ui.reloadOnOpen ??= r.flag('refresh')
  const time = r.int('time', 0, Number.MAX_SAFE_INTEGER)
  const titleFlag = r.oneOf('title_flag', [1, 2, 3] as const)
  const customTitle = r.text('custom_title', 30)
  if (titleFlag === 2 && !customTitle) r.fail('title_flag', 'is 2 (custom text) but there is no valid custom_title')
  const themeColor = readThemeColor(r)
  const mode = titleFlag ? TITLE_MODES[titleFlag - 1] : customTitle && 'custom'
  const toCustom = r.flag('to_customsys_flag')
  const toUrl = r.url('to_customsys_url')
  if (toCustom && !toUrl && !r.has('to_customsys_url')) r.fail('to_customsys_url', 'is required when to_customsys_flag is 1')
  const leaveCustom = r.flag('leave_customsys_flag')
  const leaveUrl = r.url('leave_customsys_url')
  if (leaveCustom && !leaveUrl && !r.has('leave_customsys_url')) r.fail('leave_customsys_url', 'is required when leave_customsys_flag is 1')
  return compact<ChatUiOptions>({
    ...ui,
    historyMinutes: time === undefined ? undefined : Math.min(2880, Math.max(10, time)),
    title: mode && (mode !== 'custom' || customTitle) ? compact({ mode, text: customTitle }) : undefined,
    robotHelloWord: r.text('robot_hello_word'),
    agentHelloWord: r.text('agent_hello_word'),
    agentOfflineTitle: r.text('agent_offline_title'),
    humanRedirect: toCustom && toUrl ? { url: toUrl, newWindow: !!r.flag('to_customsys_open_style') } : undefined,
    leaveMessageRedirect: leaveCustom && leaveUrl ? { url: leaveUrl } : undefined,
    themeColor,
    faqGroupId: r.text('faqid', 64),
  })
}

function readTrace(r: ParamReader): ChatTrace | undefined {
  const enabled = r.flag('man_trace')
  const [pre, cur] = (['pre', 'cur'] as const).map((side) => {
    const args: Record<string, string> = {}
    const object = r.object(`${side}_visit_args`)
    const read = (reader: ParamReader, key: string) => {
      const value = /url|thumbnail/.test(key) ? reader.url(key) : reader.text(key, 1000)
      if (value !== undefined) args[key] = value
    }
    if (object) for (const key of Object.keys(object.raw).slice(0, 20)) read(object, key)
    // The table also lists each field as a parameter of its own (pre_abstract, cur_visit_url, …).
    for (const field of TRACE_FIELDS) read(r, `${side}_${field}`)
    return compactOrUndefined(args)
  })
  return enabled === undefined && !pre && !cur ? undefined : compact({ enabled: !!enabled, pre, cur })
}

function pick(r: ParamReader, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.filter(r.has).map((key) => [key, r.raw[key]])) as Record<string, string>
}

/** The issues of a ValidationError (checked by shape: core's entry points may each bundle the class). */
function issuesOf(error: unknown): readonly { readonly path: string; readonly message: string }[] {
  const issues = (error as { issues?: unknown } | null)?.issues
  return Array.isArray(issues) ? issues : [{ path: '', message: error instanceof Error ? error.message : String(error) }]
}
