import type { FastifyInstance, FastifyReply } from 'fastify'
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { contentTypeOf } from './contentTypeOf'

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

/** `path` when it is a regular file inside `root` (after following links), else undefined. */
async function fileInside(root: string, path: string): Promise<string | undefined> {
  if (path !== root && !path.startsWith(root + sep)) return undefined
  try {
    const real = await realpath(path)
    if (real !== root && !real.startsWith(root + sep)) return undefined
    return (await stat(real)).isFile() ? real : undefined
  } catch {
    return undefined
  }
}

/**
 * The agent workbench (a Vite build with `base: '/desk/'`) at `/desk/`. Paths without an extension are
 * client-side routes and get `index.html`; nothing outside the folder is ever read.
 */
export function deskRoutes(app: FastifyInstance, deskDir: string | undefined): void {
  app.get('/desk', async (request, reply) => {
    const query = request.url.indexOf('?')
    return reply.redirect(`/desk/${query === -1 ? '' : request.url.slice(query)}`, 301)
  })

  let root: Promise<string> | undefined
  app.get('/desk/*', async (request, reply) => {
    if (!deskDir) return reply.status(404).send({ error: { code: 'not_found', message: NOT_CONFIGURED } })
    root ??= realpath(resolve(deskDir)).catch(() => resolve(deskDir))
    const base = await root
    const wanted = (request.params as { '*': string })['*']
    const path = resolve(base, `.${sep}${wanted}`)
    if (wanted.includes('\0') || (path !== base && !path.startsWith(base + sep))) {
      return reply.status(404).send({ error: { code: 'not_found', message: 'no such file in the agent workbench' } })
    }
    const file = await fileInside(base, path)
    if (file) return send(reply, file, wanted.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
    const last = wanted.split('/').pop() ?? ''
    if (last.includes('.')) return reply.status(404).send({ error: { code: 'not_found', message: `no file ${wanted} in the agent workbench` } })
    const index = await fileInside(base, join(base, 'index.html'))
    if (!index) return reply.status(404).send({ error: { code: 'not_found', message: `the agent workbench is not built: ${join(base, 'index.html')} is missing` } })
    return send(reply, index, 'no-cache')
  })
}

function send(reply: FastifyReply, file: string, cacheControl: string) {
  const type = contentTypeOf(file)
  // index.html is always revalidated so a new build's hashed assets are picked up at once.
  const cache = type.startsWith('text/html') ? 'no-cache' : cacheControl
  reply.header('content-type', type).header('cache-control', cache).header('x-content-type-options', 'nosniff')
  if (type.startsWith('text/html')) reply.header('content-security-policy', DESK_CSP).header('referrer-policy', 'same-origin')
  return reply.send(createReadStream(file))
}
