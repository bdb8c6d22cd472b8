import type { Logger } from 'pino'
import type { Bus } from '../bus/Bus'
import type { ChatService } from '../chat/ChatService'
import type { Database } from '../db/Database'
import type { Metrics } from '../http/metrics'
import type { ChannelLimits } from './frameChannel'

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
  /** Frames being handled right now (see `frameChannel`). */
  readonly inFlight: Set<Promise<void>>
}
