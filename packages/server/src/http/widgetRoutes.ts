import type { FastifyInstance } from 'fastify'
import { createReadStream, existsSync } from 'node:fs'
import { join } from 'node:path'

// chat-<locale>.js: the chat window loads the one its visitor reads.
const SCRIPTS = ['loader.js', 'host.js', 'chat.js', 'chat-zh-CN.js', 'chat-zh-TW.js', 'chat-en.js'] as const

/**
 * The visitor side in the browser, from @kefu/widget's build: `/loader.js` (the snippet a store page
 * includes), `/host.js` (loaded by it) and the chat window page `/chat` with `/chat.js`.
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
  const page = join(widgetDir, 'chat.html')
  app.get('/chat', async (_request, reply) => {
    if (!existsSync(page)) return reply.status(404).send({ error: { code: 'not_found', message: 'the chat window is not built' } })
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      // Stores embed the window (frame-ancestors *); its own code comes only from here; pictures and
      // media from anywhere (cards, avatars); linked pages may open in its in-window panel.
      .header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data: blob:; media-src * blob:; connect-src 'self' ws: wss:; frame-src http: https:; frame-ancestors *; base-uri 'none'; form-action 'none'",
      )
      .send(createReadStream(page))
  })
}
