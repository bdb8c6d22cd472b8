import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { createReadStream, existsSync } from 'node:fs'
import { join } from 'node:path'

// chat-<locale>.js: the chat window (and the leave-message page) load the one their visitor reads.
const SCRIPTS = ['loader.js', 'host.js', 'chat.js', 'chat-zh-CN.js', 'chat-zh-TW.js', 'chat-en.js', 'leavemessage.js'] as const
/** Sobot's standalone leave-message page (独立接入留言页), at its own path and a short one. */
const LEAVE_MESSAGE_PATHS = ['/leavemessage.html', '/chat/h5/v2/leavemessage.html'] as const

// Stores embed the window (frame-ancestors *); its own code comes only from here; pictures and
// media from anywhere (cards, avatars); linked pages may open in its in-window panel.
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data: blob:; media-src * blob:; connect-src 'self' ws: wss:; frame-src http: https:; frame-ancestors *; base-uri 'none'; form-action 'none'"

/**
 * The visitor side in the browser, from @kefu/widget's build: `/loader.js` (the snippet a store page
 * includes), `/host.js` (loaded by it), the chat window page `/chat` with `/chat.js`, and the
 * leave-message page (`/leavemessage.html`, `/chat/h5/v2/leavemessage.html`) with `/leavemessage.js`.
 */
export function widgetRoutes(app: FastifyInstance, widgetDir: string): void {
  for (const name of SCRIPTS) {
    const path = join(widgetDir, name)
    app.get(`/${name}`, async (_request, reply) => {
      if (!existsSync(path)) return reply.status(404).send({ error: { code: 'not_found', message: `${name} is not built` } })
      return reply
        .header('content-type', 'application/javascript; charset=utf-8')
        // Not content-hashed: short caching, so an upgrade reaches visitors within minutes.
        .header('cache-control', 'public, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(createReadStream(path))
    })
  }
  const page = (file: string, what: string) => {
    const path = join(widgetDir, file)
    return async (_request: FastifyRequest, reply: FastifyReply) => {
      if (!existsSync(path)) return reply.status(404).send({ error: { code: 'not_found', message: `${what} is not built` } })
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', PAGE_CSP)
        .send(createReadStream(path))
    }
  }
  app.get('/chat', page('chat.html', 'the chat window'))
  for (const path of LEAVE_MESSAGE_PATHS) app.get(path, page('leavemessage.html', 'the leave-message page'))
}
