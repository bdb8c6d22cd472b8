import proxyAddr from '@fastify/proxy-addr'
import { normalizeIP } from '@fastify/rate-limit'
import type { IncomingMessage } from 'node:http'

export type TrustProxy = boolean | string | string[] | ((address: string, hop: number) => boolean)

/**
 * The client's address of a raw request (a WebSocket upgrade), by the same proxy trust as Fastify's
 * `request.ip`: the socket's peer unless proxies are configured, and IPv6 clients grouped by /64 as the
 * HTTP limits group them.
 */
export function clientAddressOf(trust: TrustProxy | undefined): (request: IncomingMessage) => string {
  const trusts =
    trust === undefined || trust === false
      ? undefined
      : trust === true
        ? () => true
        : typeof trust === 'function'
          ? trust
          : proxyAddr.compile(typeof trust === 'string' ? trust.split(',').map((item) => item.trim()) : trust)
  return (request) => {
    const address = trusts ? proxyAddr.all(request, trusts).at(-1) : request.socket.remoteAddress
    return normalizeIP(address ?? 'unknown')
  }
}
