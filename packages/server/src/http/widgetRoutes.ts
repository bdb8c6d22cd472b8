import fastifyEtag from '@fastify/etag'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Where a store page includes the loader: kefu's own path, and Echat's and Sobot's, so a store moving
 * over changes only the host of its snippet.
 */
export const LOADER_PATHS = ['/loader.js', '/visitor/echat.js', '/chat/frame/v2/entrance.js'] as const
/** The chat window page: kefu's, Echat's PC and mobile pages, Sobot's H5 (v2) link. */
export const CHAT_PAGE_PATHS = ['/chat', '/visitor/pc/chat.html', '/visitor/mobile/chat.html', '/chat/h5/v2/index.html'] as const
/** Sobot's standalone leave-message page (独立接入留言页), at its own path and a short one. */
export const LEAVE_MESSAGE_PATHS = ['/leavemessage.html', '/chat/h5/v2/leavemessage.html'] as const

// Stores embed the window (frame-ancestors *); its own code comes only from here; pictures and
// media from anywhere (cards, avatars); linked pages may open in its in-window panel.
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data: blob:; media-src * blob:; connect-src 'self' ws: wss:; frame-src http: https:; frame-ancestors *; base-uri 'none'; form-action 'none'"

/** The loader's own URL cannot change: revalidated after 5 minutes, so an upgrade reaches pages soon. */
const LOADER_MAX_AGE_MS = 5 * 60 * 1000

/** The company a visitor page is for: Echat's `companyId` or Sobot's `sysnum`, as the page reads it. */
function companyIdOf(query: unknown): string {
  const q = (query ?? {}) as Record<string, unknown>
  const id = typeof q.companyId === 'string' ? q.companyId : typeof q.sysnum === 'string' ? q.sysnum : ''
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : ''
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const notBuilt = (reply: FastifyReply, what: string) => reply.status(404).send({ error: { code: 'not_found', message: `${what} is not built` } })

/**
 * The visitor side in the browser, from @kefu/widget's build (`dist/browser`):
 *
 * - `/assets/*`: content-hashed scripts, served `immutable` for a year, brotli or gzip as compressed at
 *   build time (`preCompressed`), readable by any origin;
 * - the loader at `LOADER_PATHS`, and the pages at `CHAT_PAGE_PATHS` and `LEAVE_MESSAGE_PATHS`: their URLs
 *   are documented, so they are not hashed but revalidated (ETag, and Last-Modified for the loader). A page
 *   names its script relative to where it is served, so kefu also works under a path prefix.
 */
export function widgetRoutes(app: FastifyInstance, widgetDir: string, options: { siteOriginsOf?: (companyId: string) => Promise<readonly string[]> } = {}): void {
  app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: join(widgetDir, 'assets'),
      prefix: '/assets/',
      preCompressed: true,
      immutable: true,
      maxAge: '365d',
      index: false,
      dotfiles: 'ignore',
      setHeaders(response) {
        response.header('x-content-type-options', 'nosniff')
        response.header('cross-origin-resource-policy', 'cross-origin')
      },
    })
    for (const path of LOADER_PATHS) {
      scope.get(path, (_request, reply) => {
        if (!existsSync(join(widgetDir, 'loader.js'))) return notBuilt(reply, 'the loader')
        return reply.sendFile('loader.js', widgetDir, { immutable: false, maxAge: LOADER_MAX_AGE_MS })
      })
    }
  })

  app.register(async (scope) => {
    await scope.register(fastifyEtag)
    const page = (file: string, what: string) => async (request: { routeOptions: { url?: string }; query: unknown }, reply: FastifyReply) => {
      let html: string
      try {
        html = await readFile(join(widgetDir, file), 'utf8')
      } catch {
        return notBuilt(reply, what)
      }
      // `assets/…` is relative to the server's root: from /visitor/pc/chat.html that is ../../assets/….
      const depth = (request.routeOptions.url ?? '/').split('/').length - 2
      // The company's own site origins, for the window to tell which pages may speak for its visitor.
      const origins = options.siteOriginsOf ? await options.siteOriginsOf(companyIdOf(request.query)).catch(() => []) : []
      if (origins.length) html = html.replace(/<\/head>|<script/, (at) => `<meta name="kefu-site-origins" content="${escapeAttribute(origins.join(' '))}">\n${at}`)
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', PAGE_CSP)
        .send(html.replaceAll('src="assets/', `src="${'../'.repeat(depth)}assets/`))
    }
    for (const path of CHAT_PAGE_PATHS) scope.get(path, page('chat.html', 'the chat window'))
    for (const path of LEAVE_MESSAGE_PATHS) scope.get(path, page('leavemessage.html', 'the leave-message page'))
  })
}
