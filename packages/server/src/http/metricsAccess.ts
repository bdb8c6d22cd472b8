import { KefuError } from '@kefu/core'
import type { FastifyInstance } from 'fastify'
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { Metrics } from './metrics'

/** Who may read `/metrics`. Nobody by default: it tells outsiders how busy the service is and what runs it. */
export interface MetricsAccess {
  /** Anyone may read `/metrics` on the main port. */
  readonly public?: boolean
  /** `/metrics` on the main port with `Authorization: Bearer <token>` (Prometheus `authorization.credentials`). */
  readonly token?: string
  /** Serve `/metrics` on its own port instead, for a network the public cannot reach. */
  readonly port?: number
  /** Where that port listens (default 127.0.0.1). */
  readonly host?: string
}

const NOT_SERVED =
  'metrics are not served here: start the server with --metrics-token <token> (then send it as a bearer token), --metrics-port <port> for a private port, or --metrics-public'

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/** `GET /metrics` on the main port, as `access` allows. */
export function metricsRoute(app: FastifyInstance, metrics: Metrics, access: MetricsAccess): void {
  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics, labelled by process: public, behind the metrics token, or on a private port, as configured', security: [{ metricsToken: [] }] } }, async (request, reply) => {
    if (!access.public) {
      if (access.token === undefined) throw new KefuError('not_found', NOT_SERVED)
      if (!sameSecret(request.headers.authorization ?? '', `Bearer ${access.token}`)) {
        reply.header('www-authenticate', 'Bearer realm="kefu metrics"')
        throw new KefuError('unauthorized', 'metrics need the metrics token as a bearer token')
      }
    }
    return reply.type(metrics.contentType).send(await metrics.render())
  })
}

/** The private metrics port: `/metrics` and nothing else. Resolves with its URL once listening. */
export async function listenForMetrics(metrics: Metrics, port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: this port serves /metrics only\n')
      return
    }
    metrics.render().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed\n'),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address()
  const bound = typeof address === 'object' && address ? address.port : port
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
