import { KefuError, ValidationError, type ErrorFrame, type KefuErrorCode, type ValidationIssue } from '@kefu/core'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import type { z } from 'zod'
import type { Metrics } from '../http/metrics'
import { rateLimiter } from './rateLimiter'

export interface ChannelLimits {
  /** Largest frame accepted, in bytes. */
  readonly maxFrameBytes: number
  /** Frames a second per connection, on average, and the burst allowed. */
  readonly framesPerSecond: number
  readonly frameBurst: number
  /** Time a new connection has to say hello. */
  readonly helloTimeoutMs: number
}

export const DEFAULT_LIMITS: ChannelLimits = { maxFrameBytes: 64 * 1024, framesPerSecond: 20, frameBurst: 40, helloTimeoutMs: 10_000 }

const serialized = new WeakMap<object, string>()

/** A frame published to a room reaches many sockets: it is turned into JSON once. */
function serialize(frame: object): string {
  let text = serialized.get(frame)
  if (text === undefined) serialized.set(frame, (text = JSON.stringify(frame)))
  return text
}

/** Close codes the transport treats as final. */
export const CLOSE = { badProtocol: 4400, unauthorized: 4401, forbidden: 4403, notFound: 4404 } as const

/**
 * The shared frame pipeline of a socket: size limit, JSON, rate limit, schema, then `handle` in
 * arrival order (one frame at a time, so a connection's actions keep their order). Anything wrong
 * gets an error frame with a code, and nothing is stored.
 */
export function frameChannel<Frame extends { type: string }>(options: {
  readonly socket: WebSocket
  readonly schema: z.ZodType<Frame>
  readonly limits: ChannelLimits
  readonly log: Logger
  readonly metrics: Metrics
  readonly side: 'visitor' | 'agent'
  readonly handle: (frame: Frame) => Promise<void>
  /** Frames being handled, so a shutdown can let them finish before the database closes. */
  readonly inFlight: Set<Promise<void>>
}) {
  const { socket, schema, limits, log, metrics, side } = options
  const allow = rateLimiter(limits.framesPerSecond, limits.frameBurst)
  let queue = Promise.resolve()

  const send = (frame: object) => {
    if (socket.readyState === socket.OPEN) socket.send(serialize(frame))
  }
  const sendError = (code: KefuErrorCode, message: string, cid?: string, issues?: readonly ValidationIssue[]) => {
    metrics.frameErrors.inc({ side, code })
    send({ type: 'error', code, message, ...(cid ? { cid } : {}), ...(issues ? { issues } : {}) } satisfies ErrorFrame)
  }
  const fail = (error: unknown, cid?: string) => {
    if (error instanceof ValidationError) return sendError(error.code, error.message, cid, error.issues)
    if (error instanceof KefuError) return sendError(error.code, error.message, cid)
    log.error({ err: error }, `handling a ${side} frame failed`)
    sendError('server_error', 'the server failed to handle this frame', cid)
  }

  socket.on('message', (data, isBinary) => {
    const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
    if (isBinary) return sendError('bad_frame', 'frames are JSON text')
    if (raw.byteLength > limits.maxFrameBytes) return sendError('payload_too_large', `frames are limited to ${limits.maxFrameBytes} bytes`)
    let json: unknown
    let isJson = true
    try {
      json = JSON.parse(raw.toString('utf8'))
    } catch {
      isJson = false
    }
    const cid = typeof (json as { cid?: unknown })?.cid === 'string' ? (json as { cid: string }).cid.slice(0, 64) : undefined
    // The refusal names the frame's cid, so the client fails that action instead of waiting for an ack forever.
    if (!allow()) return sendError('rate_limited', 'too many frames; slow down', cid)
    if (!isJson) return sendError('bad_frame', 'a frame must be valid JSON')
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
      const type = (json as { type?: unknown })?.type
      const message = typeof type === 'string' ? `invalid "${type.slice(0, 40)}" frame` : 'a frame needs a known "type"'
      return sendError('bad_frame', message, cid, issues)
    }
    metrics.frames.inc({ side, type: parsed.data.type })
    const handled = queue.then(() => options.handle(parsed.data).catch((error: unknown) => fail(error, cid)))
    queue = handled
    options.inFlight.add(handled)
    void handled.finally(() => options.inFlight.delete(handled))
  })

  return { send, sendError, fail }
}
