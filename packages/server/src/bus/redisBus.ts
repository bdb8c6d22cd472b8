import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Bus } from './Bus'

export interface RedisBusOptions {
  readonly url: string
  /** Put before every channel name, so several kefu clusters (or test runs) can share one Redis. */
  readonly prefix?: string
  readonly log: Logger
}

/** A Redis bus: the `Bus` interface, plus what the server needs to know about the broker. */
export interface RedisBus extends Bus {
  readonly kind: 'redis'
  /** This process's id on the bus (frames it published are not delivered back to it through Redis). */
  readonly processId: string
  /** Whether both connections (publishing and subscribed) are up. */
  readonly healthy: boolean
  /**
   * Called after a gap in fan-out: this process's subscription was down (frames published meanwhile
   * never reached it), or some process could not publish for a while. Whatever listens must bring its
   * connections up to date from the database (the server makes every local client resync by sequence number).
   */
  onGap(listener: () => void): () => void
  /** When the last gap began and ended (ms since the epoch), if there was one. */
  readonly lastGap: { readonly from: number; readonly to: number } | undefined
}

interface Envelope {
  /** The publishing process. */
  readonly p: string
  /** The frame. */
  readonly f: object
}

const RESYNC = '!resync'

/**
 * Fan-out between server processes over Redis pub/sub. A frame reaches this process's own subscribers
 * at once (in publish order) and the other processes through Redis. Redis pub/sub forgets what it could
 * not deliver, so the bus never pretends otherwise: when its subscription comes back after a drop, or a
 * publish failed, it reports a gap (`onGap`) and the server resyncs its clients from the database.
 * ioredis reconnects by itself and resubscribes every channel.
 */
export async function redisBus(options: RedisBusOptions): Promise<RedisBus> {
  const prefix = options.prefix ?? 'kefu:'
  const processId = `${process.pid}-${randomBytes(4).toString('hex')}`
  const handlers = new Map<string, Set<(frame: object) => void>>()
  const gapListeners = new Set<() => void>()
  const retryStrategy = (times: number) => Math.min(50 * 2 ** times, 1000)
  // Publishing fails at once while disconnected (no offline queue): a frame queued for later would
  // arrive after the clients that missed it had already resynced, out of order.
  const pub = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy, lazyConnect: true })
  const sub = new Redis(options.url, { retryStrategy, lazyConnect: true, maxRetriesPerRequest: null })
  let closing = false
  let subscriptionLost = false
  let publishFailed = false
  let gapFrom: number | undefined
  let lastGap: { from: number; to: number } | undefined
  const gapBegins = () => (gapFrom ??= Date.now())

  const reportGap = () => {
    lastGap = { from: gapFrom ?? Date.now(), to: Date.now() }
    gapFrom = undefined
    for (const listener of [...gapListeners]) {
      try {
        listener()
      } catch (error) {
        options.log.error({ err: error }, 'a bus gap listener failed')
      }
    }
  }
  const deliver = (room: string, frame: object) => {
    const set = handlers.get(room)
    if (set) for (const handler of [...set]) handler(frame)
  }

  for (const [name, connection] of [
    ['publishing', pub],
    ['subscribed', sub],
  ] as const) {
    connection.on('error', (error: Error) => {
      if (!closing) options.log.warn({ err: error }, `the ${name} Redis connection failed; reconnecting`)
    })
  }
  sub.on('close', () => {
    if (closing) return
    subscriptionLost = true
    gapBegins()
  })
  sub.on('ready', () => {
    if (!subscriptionLost || closing) return
    subscriptionLost = false
    options.log.warn('the Redis subscription is back: clients resync from the database')
    reportGap()
  })
  pub.on('ready', () => {
    if (!publishFailed || closing) return
    publishFailed = false
    // Other processes may have missed what this one published meanwhile: everybody resyncs.
    const from = gapFrom ?? Date.now()
    pub.publish(`${prefix}${RESYNC}`, `${processId} ${from}`).catch(() => (publishFailed = true))
    reportGap()
  })
  sub.on('message', (channel: string, text: string) => {
    if (channel === `${prefix}${RESYNC}`) {
      const [sender, from] = text.split(' ')
      if (sender !== processId) {
        gapFrom = Math.min(gapFrom ?? Infinity, Number(from) || Date.now())
        reportGap()
      }
      return
    }
    let envelope: Envelope
    try {
      envelope = JSON.parse(text) as Envelope
    } catch {
      return options.log.warn({ channel }, 'an unreadable frame on the bus was dropped')
    }
    if (envelope.p !== processId) deliver(channel.slice(prefix.length), envelope.f)
  })

  await Promise.all([pub.connect(), sub.connect()])
  await sub.subscribe(`${prefix}${RESYNC}`)

  return {
    kind: 'redis',
    processId,
    get lastGap() {
      return lastGap
    },
    get healthy() {
      return pub.status === 'ready' && sub.status === 'ready'
    },
    publish(room, frame) {
      deliver(room, frame)
      if (closing) return
      pub.publish(`${prefix}${room}`, JSON.stringify({ p: processId, f: frame } satisfies Envelope)).catch((error: unknown) => {
        if (!publishFailed) options.log.warn({ err: error }, 'publishing on Redis failed; clients resync once it is back')
        publishFailed = true
        gapBegins()
      })
    },
    subscribe(room, handler) {
      let set = handlers.get(room)
      if (!set) {
        handlers.set(room, (set = new Set()))
        // While disconnected the command waits in ioredis's queue; a failure is a gap like any other.
        sub.subscribe(`${prefix}${room}`).catch(() => (subscriptionLost = true))
      }
      set.add(handler)
      return () => {
        set.delete(handler)
        if (set.size > 0 || handlers.get(room) !== set) return
        handlers.delete(room)
        if (!closing) sub.unsubscribe(`${prefix}${room}`).catch(() => {})
      }
    },
    onGap(listener) {
      gapListeners.add(listener)
      return () => void gapListeners.delete(listener)
    },
    async close() {
      closing = true
      handlers.clear()
      gapListeners.clear()
      await Promise.allSettled([pub.quit(), sub.quit()])
    },
  }
}
