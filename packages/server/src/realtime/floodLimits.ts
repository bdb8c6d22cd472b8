import type { FastifyInstance } from 'fastify'
import { rateCounter } from '../http/rateCounter'
import { windowMsOf } from './ServerContext'
import type { ChannelLimits } from './frameChannel'

/**
 * What one visitor or one client address may do over WebSockets, whatever the number of connections
 * and server processes it spreads over: counted in the rate-limit store (Redis in cluster mode).
 */
export interface FloodLimits {
  /** A visitor frame (from `visitorId` once it said hello) from `address`: a refusal, or undefined. */
  visitorFrame(visitorId: string | undefined, address: string): Promise<string | undefined>
  /** Whether `address` may create another visitor now. */
  newVisitor(address: string): Promise<boolean>
}

export function floodLimits(app: FastifyInstance, limits: ChannelLimits): FloodLimits {
  const perVisitor = rateCounter(app, 'visitor-frames', windowMsOf(limits.visitorFrameBurst, limits.visitorFramesPerSecond))
  const perAddress = rateCounter(app, 'address-frames', windowMsOf(limits.addressFrameBurst, limits.addressFramesPerSecond))
  const creations = rateCounter(app, 'visitor-creations', 60_000)
  return {
    async visitorFrame(visitorId, address) {
      if ((await perAddress.hit(address)).count > limits.addressFrameBurst) return 'too many frames from this address; slow down'
      if (visitorId !== undefined && (await perVisitor.hit(visitorId)).count > limits.visitorFrameBurst) return 'too many frames from this visitor; slow down'
      return undefined
    },
    async newVisitor(address) {
      return (await creations.hit(address)).count <= limits.newVisitorsPerAddressPerMinute
    },
  }
}
