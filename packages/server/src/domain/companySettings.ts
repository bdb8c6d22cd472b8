import { z } from 'zod'
import { DEFAULT_WORKING_HOURS, workingHoursSchema } from './workingHours'

/**
 * A company-wide Sobot `transfer_action` rule, used when the embed names none. Agent rules take
 * `optionId` 1 (overflow) or 2 (no overflow) and `spillId` 1–3; group rules 3 or 4 and 4–7.
 */
export const transferActionSchema = z
  .object({
    actionType: z.enum(['to_group', 'to_service']),
    deciId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only'),
    optionId: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    spillId: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]).optional(),
  })
  .refine((a) => (a.actionType === 'to_service' ? a.optionId <= 2 : a.optionId >= 3), {
    message: 'optionId is 1 or 2 for an agent (to_service), 3 or 4 for a group (to_group)',
    path: ['optionId'],
  })
  .refine((a) => a.spillId === undefined || (a.actionType === 'to_service' ? a.spillId <= 3 : a.spillId >= 4), {
    message: 'spillId is 1–3 for an agent (to_service), 4–7 for a group (to_group)',
    path: ['spillId'],
  })

/** A web origin exactly: http(s), a host, an optional port, nothing after (no path, no trailing slash). */
const siteOriginSchema = z
  .string()
  .max(300)
  .refine((value) => {
    try {
      const url = new URL(value)
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value
    } catch {
      return false
    }
  }, 'must be an origin like https://shop.example.com (a scheme and a host, an optional port, no path)')

/** Per-company behaviour; admins change it through the REST API. */
export const companySettingsSchema = z.object({
  /** 1 bot only, 2 human only, 3 bot first, 4 human first. */
  receptionMode: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).default(4),
  /** What visitors get when no agent is online. */
  offline: z
    // Visitors are sent to the redirect URL: only a web page, never `javascript:` or `data:`.
    .object({ mode: z.enum(['leave-message', 'disabled', 'redirect']), url: z.url({ protocol: /^https?$/ }).max(2048).optional() })
    .refine((o) => o.mode !== 'redirect' || !!o.url, { message: 'redirect needs a url' })
    .default({ mode: 'leave-message' }),
  /**
   * When a visitor's chat starts: `message`, with the first message or card (opening the window shows the
   * greeting and takes nobody's capacity); `open`, as soon as the chat window opens (kefu before 0.2).
   */
  startChatOn: z.enum(['message', 'open']).default('message'),
  /** A chat with an agent or the bot ends (reason 8) when the visitor says nothing for this long. */
  inactivityTimeoutSeconds: z.number().int().min(30).max(86_400).default(600),
  /** A chat waiting in the queue this long is closed by the system (reason 6). */
  queueTimeoutSeconds: z.number().int().min(30).max(86_400).default(1800),
  /** More chat windows than this for one visitor gives the `overloaded` status. */
  maxChatWindows: z.number().int().min(1).max(100).default(5),
  /** Whether a chat ended by the agent (2) or the visitor (1) asks the visitor for an evaluation. */
  evaluateOnEnd: z.boolean().default(true),
  /** Sobot's 安全密钥: only visitors with a valid partnerid + sign (or metaData) may chat. */
  requireMemberSign: z.boolean().default(false),
  robotName: z.string().max(50).default('Assistant'),
  /** The bot's greeting; empty: kefu's own, in the visitor's language. */
  robotHelloWord: z.string().max(500).default(''),
  /** What an agent says on joining a chat; empty: nothing. */
  agentHelloWord: z.string().max(500).default(''),
  /** What the bot says when a visitor asks for a person and nobody is online; empty: kefu's own, in the visitor's language. */
  agentOfflineTitle: z.string().max(500).default(''),
  /** Sobot's `transfer_action` for visitors whose embed sets none: overflow between agents and groups. */
  transferActions: z.array(transferActionSchema).max(10).default([]),
  /** Refuse the Sobot MD5 member sign: members must come with HMAC-SHA256 (or metaData). */
  requireHmacSign: z.boolean().default(false),
  /** Refuse member signs without a `timestamp`: a sign without one never expires and can be replayed. */
  requireSignTimestamp: z.boolean().default(false),
  /** How long a member sign with a `timestamp` is accepted, in seconds. */
  memberSignMaxAgeSeconds: z.number().int().min(30).max(30 * 86_400).default(600),
  /**
   * Honour `is_vip` sent in the clear and the embed's `queueFirst` (either lets a visitor jump the queue).
   * Off: only a `metaData` the store signed makes a VIP.
   */
  trustUnsignedVip: z.boolean().default(false),
  /**
   * The store's own site origins (`https://shop.example.com`). Only a page of one of these may speak for a
   * visitor through the chat window (bridge messages, cards and identity in a chat link) besides the
   * window's real embedding parent; empty: only the real parent, and a link from any other page starts a
   * visitor of its own.
   */
  siteOrigins: z.array(siteOriginSchema).max(50).default([]),
  /** The chat window's theme colour, `#rrggbb`; null keeps kefu's own. */
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1677ff')
    .transform((c) => c.toLowerCase())
    .nullable()
    .default(null),
  /** The company's logo in the chat window's header: an http(s) image URL (an upload's URL works). */
  logoUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .regex(/^[^\s'"`\\<>]*$/, 'must not contain quotes, angle brackets, backslashes or spaces')
    .nullable()
    .default(null),
  /**
   * Where kefu POSTs each new leave message and each reply to one (JSON, signed with the sign key in
   * `x-kefu-signature`); null: nowhere. Only http(s), and no credentials in the URL (they would show in logs).
   */
  leaveMessageWebhook: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    // Zod runs this even after the URL check failed, so an unparsable value must not throw here.
    .refine((value) => URL.canParse(value) && !new URL(value).username && !new URL(value).password, 'must not contain a user name or password')
    .nullable()
    .default(null),
  workingHours: workingHoursSchema.default(DEFAULT_WORKING_HOURS),
  uploads: z
    .object({
      maxBytes: z.number().int().min(1).max(100 * 1024 * 1024),
      allowedTypes: z.array(z.string().regex(/^[\w.+-]+\/(\*|[\w.+-]+)$/)).max(50),
    })
    .default({
      maxBytes: 10 * 1024 * 1024,
      allowedTypes: ['image/*', 'audio/*', 'video/mp4', 'application/pdf', 'text/plain', 'application/zip'],
    }),
})

export type CompanySettings = z.infer<typeof companySettingsSchema>

export const DEFAULT_COMPANY_SETTINGS: CompanySettings = companySettingsSchema.parse({})

/** Settings as stored, completed with defaults for anything added since they were written. */
export function readCompanySettings(stored: unknown): CompanySettings {
  const parsed = companySettingsSchema.safeParse(withoutOldDefaults(stored ?? {}))
  return parsed.success ? parsed.data : DEFAULT_COMPANY_SETTINGS
}

/**
 * Until 0.2 the bot's greeting and offline title defaulted to English texts, stored with every company
 * created then: those stand for kefu's own words, which now follow the visitor's language.
 */
const OLD_DEFAULTS: Readonly<Record<string, string>> = {
  robotHelloWord: 'Hello! Ask me anything, or ask for an agent.',
  agentOfflineTitle: 'No agent is online right now. Please leave a message.',
}

function withoutOldDefaults(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null) return stored
  const settings = { ...(stored as Record<string, unknown>) }
  for (const [key, text] of Object.entries(OLD_DEFAULTS)) if (settings[key] === text) settings[key] = ''
  return settings
}
