import { KefuError, ValidationError, type ErrorFrame, type KefuErrorCode, type ValidationIssue } from '@kefu/core'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import type { z } from 'zod'
import type { Metrics } from '../http/metrics'
import { mayNeedStorableStrings, storableStrings } from '../validation/storableStrings'
import { corkForTurn } from './corkForTurn'
import { rateLimiter } from './rateLimiter'
import { trackInFlight } from './trackInFlight'

export interface ChannelLimits {
  /** Largest frame accepted, in bytes. */
  readonly maxFrameBytes: number
  /**
   * Frames a second per connection, on average, and the burst allowed: a cheap first check in the
   * process, before the shared counts below are asked.
   */
  readonly framesPerSecond: number
  readonly frameBurst: number
  /** Frames a second of one visitor, all its connections on every server process together, and the burst. */
  readonly visitorFramesPerSecond: number
  readonly visitorFrameBurst: number
  /** Frames a second from one client address (every visitor connection from it), and the burst. */
  readonly addressFramesPerSecond: number
  readonly addressFrameBurst: number
  /** Open connections one visitor may have (tabs, windows) across the cluster. */
  readonly connectionsPerVisitor: number
  /** New visitors one client address may create a minute. */
  readonly newVisitorsPerAddressPerMinute: number
  /** Time a new connection has to say hello. */
  readonly helloTimeoutMs: number
}

export const DEFAULT_LIMITS: ChannelLimits = {
  maxFrameBytes: 64 * 1024,
  framesPerSecond: 20,
  frameBurst: 40,
  visitorFramesPerSecond: 10,
  visitorFrameBurst: 40,
  addressFramesPerSecond: 50,
  addressFrameBurst: 100,
  connectionsPerVisitor: 20,
  newVisitorsPerAddressPerMinute: 120,
  helloTimeoutMs: 10_000,
}

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
 * arrival order within each lane (see `laneOf`), so the actions that depend on each other keep their order. Anything wrong
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
  /** Limits shared with the sender's other connections (per visitor, per address): a refusal, or undefined. */
  readonly sharedLimit?: () => Promise<string | undefined>
  /**
   * Which frames must keep their order: frames of one lane are handled one at a time, in arrival order, and
   * lanes run side by side (an agent's chats: a reply in one does not wait for a slow one in another).
   * A frame of no lane (undefined: hello, presence) waits for everything before it, and everything after
   * waits for it. Without `laneOf`, the connection's frames are handled one at a time.
   */
  readonly laneOf?: (frame: Frame) => string | undefined
  /**
   * For a client that resends refused frames in their order (the visitor's outbox): once a frame with a
   * cid is refused for now (rate limit, server error), every later frame with another cid is refused too,
   * until the refused one comes again. Otherwise frames sent behind a refused message are stored before it.
   */
  readonly holdOrderAfterRefusal?: boolean
}) {
  const { socket, schema, limits, log, metrics, side } = options
  const allow = rateLimiter(limits.framesPerSecond, limits.frameBurst)
  /** The last frame of no lane, and the last frame of each lane (forgotten once idle). */
  let barrier: Promise<void> = Promise.resolve()
  const lanes = new Map<string, Promise<void>>()
  /** Frames received so far, and the refused frame later ones may not overtake (by its arrival number). */
  let arrivals = 0
  let held: { cid: string; arrival: number; until: number } | undefined
  const HOLD_MS = 60_000
  const hold = (cid: string | undefined, arrival: number) => {
    if (options.holdOrderAfterRefusal && cid && (!held || arrival < held.arrival)) held = { cid, arrival, until: Date.now() + HOLD_MS }
  }
  /** Whether a frame must wait for the held one: it arrived after it and is not it. */
  const overtakes = (cid: string | undefined, arrival: number): boolean => {
    if (!held || !cid) return false
    if (cid === held.cid || Date.now() > held.until) return (held = undefined), false
    return arrival > held.arrival
  }

  const send = (frame: object) => {
    if (socket.readyState !== socket.OPEN) return
    corkForTurn(socket)
    socket.send(serialize(frame))
  }
  const sendError = (code: KefuErrorCode, message: string, cid?: string, issues?: readonly ValidationIssue[]) => {
    metrics.frameErrors.inc({ side, code })
    send({ type: 'error', code, message, ...(cid ? { cid } : {}), ...(issues ? { issues } : {}) } satisfies ErrorFrame)
  }
  const fail = (error: unknown, cid?: string, arrival = arrivals) => {
    if (error instanceof ValidationError) return sendError(error.code, error.message, cid, error.issues)
    if (error instanceof KefuError) {
      if (error.code === 'rate_limited' || error.code === 'server_error') hold(cid, arrival)
      return sendError(error.code, error.message, cid)
    }
    hold(cid, arrival)
    log.error({ err: error }, `handling a ${side} frame failed`)
    sendError('server_error', 'the server failed to handle this frame', cid)
  }

  socket.on('message', (data, isBinary) => {
    const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
    if (isBinary) return sendError('bad_frame', 'frames are JSON text')
    if (raw.byteLength > limits.maxFrameBytes) return sendError('payload_too_large', `frames are limited to ${limits.maxFrameBytes} bytes`)
    let json: unknown
    let isJson = true
    let nul: ValidationIssue[] = []
    try {
      const text = raw.toString('utf8')
      json = JSON.parse(text)
      if (mayNeedStorableStrings(text)) nul = storableStrings(json)
    } catch {
      isJson = false
    }
    const cid = typeof (json as { cid?: unknown })?.cid === 'string' ? (json as { cid: string }).cid.slice(0, 64) : undefined
    const arrival = ++arrivals
    // The refusal names the frame's cid, so the client fails that action instead of waiting for an ack forever.
    if (!allow()) {
      hold(cid, arrival)
      return sendError('rate_limited', 'too many frames; slow down', cid)
    }
    if (!isJson) return sendError('bad_frame', 'a frame must be valid JSON')
    const type = (json as { type?: unknown })?.type
    const invalid = typeof type === 'string' ? `invalid "${type.slice(0, 40)}" frame` : 'a frame needs a known "type"'
    if (nul.length) return sendError('bad_frame', invalid, cid, nul)
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
      return sendError('bad_frame', invalid, cid, issues)
    }
    metrics.frames.inc({ side, type: parsed.data.type })
    const lane = options.laneOf?.(parsed.data)
    const before = lane === undefined ? Promise.all([barrier, ...lanes.values()]) : Promise.all([barrier, lanes.get(lane)])
    const handled = before.then(async () => {
      try {
        if (overtakes(cid, arrival)) return sendError('rate_limited', 'an earlier frame was refused; resend it first', cid)
        const refusal = await options.sharedLimit?.()
        if (refusal) {
          hold(cid, arrival)
          return sendError('rate_limited', refusal, cid)
        }
        await options.handle(parsed.data)
      } catch (error) {
        fail(error, cid, arrival)
      }
    })
    if (lane === undefined) barrier = handled
    else lanes.set(lane, handled)
    void trackInFlight(options.inFlight, handled).then(() => lane !== undefined && lanes.get(lane) === handled && lanes.delete(lane))
  })

  return { send, sendError, fail }
}
