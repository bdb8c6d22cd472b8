import type { Logger } from 'pino'
import type { Bus } from '../bus/Bus'
import type { ChatService } from '../chat/ChatService'
import type { Database } from '../db/Database'
import type { Metrics } from '../http/metrics'
import type { ChannelLimits } from './frameChannel'

/** Per-client budgets of the HTTP endpoints that cost the most or invite abuse. */
export interface HttpLimits {
  /** Sign-in attempts per client address: a burst, then this many a second (slows password guessing). */
  readonly loginBurst: number
  readonly loginPerSecond: number
  /** Upload credentials per visitor: a burst, then this many a second (uploads cost disk). */
  readonly uploadBurst: number
  readonly uploadsPerSecond: number
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { loginBurst: 10, loginPerSecond: 1 / 6, uploadBurst: 20, uploadsPerSecond: 1 / 3 }

/** What request and socket handlers share. */
export interface ServerContext {
  readonly db: Database
  readonly bus: Bus
  readonly chat: ChatService
  readonly log: Logger
  readonly metrics: Metrics
  readonly limits: ChannelLimits
  /** Signs visitor tokens, agent sessions and upload credentials. */
  readonly tokenSecret: string
  readonly dataDir: string | undefined
  readonly connections: { visitors: number; agents: number }
  readonly httpLimits: HttpLimits
  /** Frames being handled right now (see `frameChannel`). */
  readonly inFlight: Set<Promise<void>>
}
