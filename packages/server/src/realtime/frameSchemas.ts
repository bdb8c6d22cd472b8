import type { AgentClientFrame, ClientFrame } from '@kefu/core'
import { z } from 'zod'

// The frame types live in @kefu/core; these schemas check what arrives, and the `satisfies` lines
// below make the compiler prove every schema accepts exactly that shape.

const cid = z.string().min(1).max(64)
const text = (max: number) => z.string().max(max)
/**
 * Files and pictures: our own `/files/…` or any http(s) URL with a host, never another scheme. Quotes,
 * backticks, backslashes, angle brackets and whitespace are refused (as in card links): they only serve
 * to break out of an attribute in a renderer that builds HTML (encode them as %22 etc.).
 */
const url = z
  .string()
  .max(2048)
  .regex(/^(?:https?:\/\/[^\s/?#'"`\\<>]+|\/files\/[^\s'"`\\<>])[^\s'"`\\<>]*$/i, 'must be an http(s) URL or a /files/ path')
const size = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
/** The largest sequence number a visitor's stream can reach (the database column is a 32-bit int). */
export const MAX_SEQ = 2 ** 31 - 1
const seq = z.number().int().min(0).max(MAX_SEQ)
/** Messages a `history` request may ask for (see `HistoryRequest` in @kefu/core). */
export const HISTORY_PAGE_MAX = 100

const body = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(5000).refine((t) => t.trim() !== '', 'must not be blank') }),
  z.object({ type: z.literal('image'), url, thumbnailUrl: url.optional(), name: text(256).optional(), size: size.optional() }),
  z.object({ type: z.literal('file'), url, name: z.string().min(1).max(256), size, mimeType: text(128).optional() }),
  z.object({ type: z.literal('voice'), url, duration: z.number().min(0).max(86_400).optional(), name: text(256).optional(), size: size.optional() }),
  z.object({ type: z.literal('video'), url, thumbnailUrl: url.optional(), name: text(256).optional(), size: size.optional() }),
  // Cards are checked field by field (and sanitized) by @kefu/core/cards after this.
  z.object({ type: z.literal('product'), card: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('order'), card: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('form'),
    formId: z.number().int(),
    formName: z.string().min(1).max(256),
    fields: z.record(z.string().max(128), z.string().max(2000)).optional(),
  }),
  z.object({
    type: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    label: text(256).optional(),
    scale: z.number().min(1).max(20).optional(),
  }),
])

const entry = z
  .object({
    echatTag: text(256),
    routeEntranceId: text(128),
    enterUrl: text(2048),
    enterTitle: text(512),
    firstUrl: text(2048),
    referrer: text(2048),
    lan: text(16),
    locale: z.enum(['zh-CN', 'zh-TW', 'en']),
  })
  .partial()

const transferAction = z.object({
  actionType: z.enum(['to_group', 'to_service']),
  deciId: z.string().min(1).max(64),
  optionId: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  spillId: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]).optional(),
})

const routing = z
  .object({
    mode: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    groupId: text(64),
    agentId: text(64),
    agentModeFlag: z.union([z.literal(0), z.literal(1)]),
    robotId: text(64),
    transferActions: z.array(transferAction).max(10),
    queueFirst: z.boolean(),
    robotHelloWord: text(500),
    agentHelloWord: text(500),
    agentOfflineTitle: text(500),
  })
  .partial()

const visitArgs = z.record(z.string().max(64), z.string().max(2048))

/** The leave-message `fields` that are links: shown as a link and a picture, so http(s) only (no /files/, no other scheme). */
const LEAVE_FIELD_URLS: ReadonlySet<string> = new Set(['card_url', 'card_picture'])
const HTTP_URL = /^https?:\/\/[^\s/?#'"`\\<>]+[^\s'"`\\<>]*$/i
const LEAVE_FIELDS_MAX = 30
/** Sobot's 工单插件 `params` (see `LeaveMessageFields`). */
const leaveMessageFields = z.record(z.string().min(1).max(64), z.string().max(2048)).superRefine((fields, ctx) => {
  const entries = Object.entries(fields)
  if (entries.length > LEAVE_FIELDS_MAX) ctx.addIssue({ code: 'custom', message: `at most ${LEAVE_FIELDS_MAX} fields` })
  for (const [key, value] of entries) {
    if (LEAVE_FIELD_URLS.has(key)) {
      if (!HTTP_URL.test(value)) ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be an http(s) URL` })
    } else if (value.length > 2000) ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be at most 2000 characters` })
  }
})
/** Sobot `source`: a channel number (9 on the standalone page), sent as a number or a string. */
const leaveMessageSource = z.union([z.number().int().min(0).max(999_999), z.string().regex(/^[\w.-]{1,16}$/, 'must be 1–16 letters, digits, _ . or -')])

export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    v: z.literal(1),
    companyId: z.string().min(1).max(64),
    visitorToken: z.string().max(1024).optional(),
    lastSeq: seq,
    entry: entry.optional(),
  }),
  z.object({ type: z.literal('chat.request'), cid, routing: routing.optional(), trigger: z.literal('open').optional() }),
  z.object({ type: z.literal('message.send'), cid, body }),
  // Identity fields are validated (with clear issues) by @kefu/core/identity after this.
  z.object({ type: z.literal('identify'), cid, identity: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('evaluate'), cid, evaluation: z.object({ score: z.number().int().min(1).max(5), comment: text(1000).optional() }) }),
  z.object({ type: z.literal('evaluation.dismiss'), cid }),
  z.object({ type: z.literal('chat.end'), cid }),
  z.object({ type: z.literal('chat.handoff'), cid }),
  z.object({
    type: z.literal('leaveMessage'),
    cid,
    leaveMessage: z.object({
      content: z.string().min(1).max(5000),
      name: text(100).optional(),
      tel: text(40).optional(),
      email: text(200).optional(),
      templateId: text(64).optional(),
      groupId: z.string().min(1).max(64).optional(),
      source: leaveMessageSource.optional(),
      fields: leaveMessageFields.optional(),
    }),
  }),
  z.object({ type: z.literal('trace'), cid, trace: z.object({ pre_visit_args: visitArgs.optional(), cur_visit_args: visitArgs.optional() }) }),
  z.object({ type: z.literal('read'), seq }),
  z.object({ type: z.literal('history'), cid, beforeSeq: seq, limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).optional() }),
  z.object({ type: z.literal('typing'), typing: z.boolean() }),
  z.object({ type: z.literal('ping') }),
])

const crm = z
  .object({
    uname: text(100),
    realname: text(100),
    tel: text(40),
    email: text(200),
    qq: text(20),
    face: text(2048),
    remark: text(1000),
    gender: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    age: z.number().int().min(0).max(150),
    wechat: text(64),
  })
  .partial()

export const agentClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.hello'), v: z.literal(1), token: z.string().min(1).max(2048) }),
  z.object({ type: z.literal('presence'), cid, presence: z.enum(['online', 'busy', 'offline']) }),
  z.object({ type: z.literal('conversation.accept'), cid, conversationId: z.string().min(1).max(64) }),
  z.object({
    type: z.literal('message.send'),
    cid,
    conversationId: z.string().min(1).max(64),
    body,
    visibility: z.enum(['both', 'agent']).optional(),
  }),
  z.object({
    type: z.literal('conversation.transfer'),
    cid,
    conversationId: z.string().min(1).max(64),
    to: z.union([z.object({ agentId: z.string().min(1).max(64) }), z.object({ groupId: z.string().min(1).max(64) })]),
    // For the agent who takes over; kept as an internal note in the chat.
    note: z.string().trim().min(1).max(1000).optional(),
  }),
  z.object({ type: z.literal('conversation.end'), cid, conversationId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('conversation.sign'), cid, conversationId: z.string().min(1).max(64), chatSign: z.union([z.literal(0), z.literal(1)]) }),
  z.object({ type: z.literal('visitor.update'), cid, visitorId: z.string().min(1).max(64), crm }),
  z.object({ type: z.literal('typing'), conversationId: z.string().min(1).max(64), typing: z.boolean() }),
  z.object({ type: z.literal('read'), visitorId: z.string().min(1).max(64), seq }),
  z.object({ type: z.literal('ping') }),
])

// Compile-time proof that what the schemas accept is assignable to the frame types of @kefu/core.
type Parsed<S extends z.ZodType> = z.infer<S>
const _visitorFrames = (frame: Parsed<typeof clientFrameSchema>): ClientFrame => frame as ClientFrame & typeof frame
const _agentFrames = (frame: Parsed<typeof agentClientFrameSchema>): AgentClientFrame => frame as AgentClientFrame & typeof frame
void _visitorFrames
void _agentFrames
