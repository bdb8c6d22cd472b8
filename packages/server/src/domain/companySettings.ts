import { z } from 'zod'

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
  robotHelloWord: z.string().max(500).default('Hello! Ask me anything, or ask for an agent.'),
  agentHelloWord: z.string().max(500).default(''),
  agentOfflineTitle: z.string().max(500).default('No agent is online right now. Please leave a message.'),
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
  const parsed = companySettingsSchema.safeParse(stored ?? {})
  return parsed.success ? parsed.data : DEFAULT_COMPANY_SETTINGS
}
