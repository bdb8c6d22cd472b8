import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { realpath, stat } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'

/**
 * The workbench holds the agent's session and renders what visitors send: its code comes only from
 * here (no inline script, no eval), other sites cannot frame it, and plugin pages (registered on any
 * https origin) load only in frames. Visitor pictures and media may come from anywhere; inline style
 * attributes stay allowed for the sanitized card HTML.
 */
export const DESK_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  'img-src * data: blob:',
  'media-src * blob:',
  "connect-src 'self' ws: wss:",
  'frame-src http: https:',
  "object-src 'none'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ')

const NOT_CONFIGURED = 'the agent workbench is not served by this server: start it with --desk-dir <path to the built apps/agent-desk/dist> (option deskDir)'

/** A year: the longest `max-age` caches honour. */
const IMMUTABLE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000

/**
 * Vite names what it builds into `assets/` `[name]-[hash][extname]` (source maps add `.map`), the hash
 * being 8 or more base64url characters: such a file never changes under its name. Anything else (the
 * files copied from `public/`, and index.html, whose URL is fixed) may change under the same name.
 */
const CONTENT_HASHED = /^assets\/(?:[^/]+\/)*[^/]*-[\w-]{8,}(?:\.[A-Za-z0-9]+)+$/

/** Whether `path` (relative to the desk folder, `/`-separated) is content-hashed build output. */
export function isContentHashed(path: string): boolean {
  return CONTENT_HASHED.test(path)
}

/** `path` relative to `root` (`/`-separated) when it is a regular file inside `root` after following links. */
async function fileInside(root: string, path: string): Promise<string | undefined> {
  if (!path.startsWith(root + sep)) return undefined
  try {
    const real = await realpath(path)
    if (!real.startsWith(root + sep) || !(await stat(real)).isFile()) return undefined
    return relative(root, path).split(sep).join('/')
  } catch {
    return undefined
  }
}

const notFound = (reply: FastifyReply, message: string) => reply.status(404).send({ error: { code: 'not_found', message } })

/**
 * The agent workbench (a Vite build with `base: '/desk/'`) at `/desk/`, through @fastify/static: the
 * type from the file's name, ETag and Last-Modified, 304 to a matching If-None-Match or
 * If-Modified-Since, ranges, and compression by @fastify/compress. Content-hashed assets are `immutable`
 * for a year; index.html and other files are `no-cache`, revalidated on every use so a new build is
 * picked up at once and costs no body when nothing changed. Paths without an extension are client-side
 * routes and get `index.html`; nothing outside the folder (`..`, however encoded, or a link leading out)
 * is ever read.
 */
export function deskRoutes(app: FastifyInstance, deskDir: string | undefined): void {
  app.get('/desk', async (request, reply) => {
    const query = request.url.indexOf('?')
    return reply.redirect(`/desk/${query === -1 ? '' : request.url.slice(query)}`, 301)
  })

  app.register(async (scope) => {
    // Only `reply.sendFile`, in this scope: the route below picks the file and its caching.
    await scope.register(fastifyStatic, { serve: false, dotfiles: 'ignore', etag: true, lastModified: true, acceptRanges: true })

    let root: Promise<string> | undefined
    scope.get('/desk/*', async (request, reply) => {
      if (!deskDir) return notFound(reply, NOT_CONFIGURED)
      root ??= realpath(resolve(deskDir)).catch(() => resolve(deskDir))
      const base = await root
      // Route parameters arrive decoded: `%2e%2e%2f` is `../` here.
      const wanted = (request.params as { '*': string })['*']
      const path = resolve(base, `.${sep}${wanted}`)
      if (wanted.includes('\0') || (path !== base && !path.startsWith(base + sep))) return notFound(reply, 'no such file in the agent workbench')

      const file = path === base ? undefined : await fileInside(base, path)
      const last = wanted.split('/').pop() ?? ''
      if (!file && last.includes('.')) return notFound(reply, `no file ${wanted} in the agent workbench`)
      const served = file ?? 'index.html'
      if (!file && !(await fileInside(base, join(base, served)))) {
        return notFound(reply, `the agent workbench is not built: ${join(base, served)} is missing`)
      }

      reply
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        // On every response, not only HTML: a picture or script opened on its own is held to it too.
        .header('content-security-policy', DESK_CSP)
      if (isContentHashed(served)) return reply.sendFile(served, base, { cacheControl: true, maxAge: IMMUTABLE_MAX_AGE_MS, immutable: true })
      // Revalidated on every use (ETag, Last-Modified): a new build reaches agents at once.
      reply.header('cache-control', 'no-cache')
      return reply.sendFile(served, base, { cacheControl: false })
    })
  })
}
