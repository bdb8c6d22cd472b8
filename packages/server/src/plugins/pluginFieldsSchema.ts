import { z } from 'zod'

/** The origin of `url` (`scheme://host[:port]`) when it is an http(s) URL, else undefined. */
export function httpOriginOf(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined
  } catch {
    return undefined
  }
}

const httpUrl = z
  .string()
  .max(2048)
  .refine((url) => httpOriginOf(url) !== undefined, 'must be an http(s) URL')
  // Credentials in a URL would be shown to every agent and sent to the business system.
  .refine((url) => httpOriginOf(url) === undefined || !/^[a-z]+:\/\/[^/?#]*@/i.test(url), 'must not contain a user name or password')

const page = z.object({
  pageId: z.number().int().positive().max(2_147_483_647),
  title: z.string().trim().min(1).max(50),
  url: httpUrl,
})

/** Given secrets are HMAC keys used as their UTF-8 bytes; shorter ones are guessable. */
export const pluginSecretSchema = z.string().min(16, 'must be at least 16 characters').max(256)

/** The fields one at a time, as a create or patch body may give them. */
export const pluginFieldShapes = {
  name: z.string().trim().min(1).max(50),
  url: httpUrl,
  allowedOrigin: z.string().max(300),
  visitorParams: z.boolean(),
  pages: z.array(page).max(50),
  secret: pluginSecretSchema,
}

/**
 * A whole plugin, checked across fields: `allowedOrigin` is exactly an http(s) origin, and `url` and every
 * page URL are on it (the workbench only talks to frames of that origin, so a page elsewhere could never
 * work); page ids are distinct.
 */
export const pluginFieldsSchema = z
  .object(pluginFieldShapes)
  .superRefine((plugin, ctx) => {
    const origin = httpOriginOf(plugin.allowedOrigin)
    if (origin !== plugin.allowedOrigin) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowedOrigin'],
        message: origin
          ? `must be exactly an origin, scheme://host[:port] with no path or trailing slash: "${origin}"?`
          : 'must be an http(s) origin, scheme://host[:port]',
      })
      return
    }
    if (httpOriginOf(plugin.url) !== origin) ctx.addIssue({ code: 'custom', path: ['url'], message: `must be on the allowed origin ${origin}` })
    const seen = new Set<number>()
    for (const [index, { pageId, url }] of plugin.pages.entries()) {
      if (httpOriginOf(url) !== origin) ctx.addIssue({ code: 'custom', path: ['pages', index, 'url'], message: `must be on the allowed origin ${origin}` })
      if (seen.has(pageId)) ctx.addIssue({ code: 'custom', path: ['pages', index, 'pageId'], message: `page ${pageId} is listed twice` })
      seen.add(pageId)
    }
  })

/** `POST /api/v1/plugins`: `allowedOrigin` defaults to the origin of `url`, `secret` is generated when absent. */
export const createPluginBody = z.object({
  ...pluginFieldShapes,
  allowedOrigin: pluginFieldShapes.allowedOrigin.optional(),
  secret: pluginSecretSchema.optional(),
  visitorParams: pluginFieldShapes.visitorParams.default(false),
  pages: pluginFieldShapes.pages.default([]),
})

/** `PATCH /api/v1/plugins/:pluginId`: any of the fields; the result is checked whole. */
export const patchPluginBody = z.object(pluginFieldShapes).partial()
