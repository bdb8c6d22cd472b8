import type { Logger } from 'pino'
import type { Bus } from '../bus/Bus'
import type { RedisBus } from '../bus/redisBus'
import type { ChatServices } from '../chat/createChatServices'
import type { Database } from '../db/Database'
import type { Metrics } from '../http/metrics'
import type { FloodLimits } from './floodLimits'
import type { ChannelLimits } from './frameChannel'

/** Per-client budgets of the HTTP endpoints that cost the most or invite abuse. */
export interface HttpLimits {
  /** Sign-in attempts per client address: this many, then this many a second on average (slows password guessing). */
  readonly loginBurst: number
  readonly loginPerSecond: number
  /** Failed sign-ins to one account (from any address) before each further one makes the next wait … */
  readonly signInFreeFailures: number
  /** … this long at first, doubling with each failure … */
  readonly signInDelayMs: number
  /** … up to this: the owner is slowed, never locked out. */
  readonly signInMaxDelayMs: number
  /** Failed sign-ins are forgotten this long after the first. */
  readonly signInFailureWindowMs: number
  /** Upload credentials per visitor: this many, then this many a second on average (uploads cost disk). */
  readonly uploadBurst: number
  readonly uploadsPerSecond: number
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  loginBurst: 10,
  loginPerSecond: 1 / 6,
  signInFreeFailures: 5,
  signInDelayMs: 1000,
  signInMaxDelayMs: 60_000,
  signInFailureWindowMs: 15 * 60_000,
  uploadBurst: 20,
  uploadsPerSecond: 1 / 3,
}

/** The fixed window in which `burst` requests at `perSecond` fit (how a burst + rate budget maps onto @fastify/rate-limit). */
export const windowMsOf = (burst: number, perSecond: number): number => Math.ceil((burst / perSecond) * 1000)

/** What request and socket handlers share. */
export interface ServerContext {
  readonly db: Database
  readonly bus: Bus
  readonly chat: ChatServices
  readonly log: Logger
  readonly metrics: Metrics
  /** This process in a cluster (metrics label, presence). */
  readonly processId: string
  /** The Redis bus in cluster mode. */
  readonly redis: RedisBus | undefined
  readonly limits: ChannelLimits
  /** Per-visitor and per-address WebSocket limits, shared across processes. */
  readonly floods: FloodLimits
  /** Signs visitor tokens, agent sessions and upload credentials. */
  readonly tokenSecret: string
  readonly dataDir: string | undefined
  /** The server's public base URL (`--public-url`), for the URLs it hands out; otherwise the request's Host. */
  readonly publicUrl: string | undefined
  readonly connections: { visitors: number; agents: number }
  readonly httpLimits: HttpLimits
  /** Frames being handled right now (see `frameChannel`). */
  readonly inFlight: Set<Promise<void>>
}
