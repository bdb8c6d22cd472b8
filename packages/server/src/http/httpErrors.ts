import { KefuError, ValidationError, type KefuErrorCode } from '@kefu/core'
import type { FastifyInstance } from 'fastify'
import type { Socket } from 'node:net'
import { z } from 'zod'

const STATUS: Record<KefuErrorCode, number> = {
  invalid_argument: 400,
  invalid_card: 400,
  invalid_identity: 400,
  bad_frame: 400,
  unsupported: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  destroyed: 410,
  server_error: 500,
}

/** Every error leaves as JSON: `{ error: { code, message, issues? } }`, with a fitting status. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ValidationError) {
      return reply.status(STATUS[error.code] ?? 400).send({ error: { code: error.code, message: error.message, issues: error.issues } })
    }
    if (error instanceof KefuError) return reply.status(STATUS[error.code] ?? 500).send({ error: { code: error.code, message: error.message } })
    if (error instanceof z.ZodError) {
      const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
      return reply.status(400).send({ error: { code: 'invalid_argument', message: 'the request body is not valid', issues } })
    }
    const status = (error as { statusCode?: number }).statusCode
    if (status && status < 500) {
      const code: KefuErrorCode = status === 413 ? 'payload_too_large' : status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : 'invalid_argument'
      return reply.status(status).send({ error: { code, message: (error as Error).message } })
    }
    request.log.error({ err: error }, 'request failed')
    return reply.status(500).send({ error: { code: 'server_error', message: 'the server failed to handle this request' } })
  })
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  )
}

/**
 * What Node's HTTP parser refuses before any route sees the request (headers or URL too large, a
 * malformed request line, a timeout) gets the same JSON error shape as everything else.
 */
export function clientErrorResponse(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return
  const [status, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'invalid_argument', 'the request took too long to arrive']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'payload_too_large', 'the request line and headers are limited to 16 kB']
        : [400, 'invalid_argument', 'the request is not valid HTTP']
  const body = JSON.stringify({ error: { code, message } })
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
