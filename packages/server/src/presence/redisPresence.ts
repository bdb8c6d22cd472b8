import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Departure, Presence } from './Presence'

export interface RedisPresenceOptions {
  readonly url: string
  readonly prefix?: string
  /** This process's id (the bus's). */
  readonly processId: string
  readonly log: Logger
  /** A process whose heartbeat is older than this is dead (default 5 s). */
  readonly expiryMs?: number
  /** How often this process beats and looks for dead ones (default a fifth of the expiry). */
  readonly heartbeatMs?: number
}

// Keys: <p>procs (zset: process → last heartbeat, Redis time in ms); <p>proc:<id> (hash: "a|v \t company \t id"
// → this process's connections); <p>agents:<company> and <p>visitors:<company> (hash: id → connections in the cluster).

/** Adds `delta` to a process's count and the cluster's, never below zero; returns the cluster's count. */
const CHANGE = `
local field = ARGV[1]
local id = ARGV[2]
local delta = tonumber(ARGV[3])
local mine = redis.call('HINCRBY', KEYS[1], field, delta)
if mine <= 0 then
  redis.call('HDEL', KEYS[1], field)
  if mine < 0 then delta = delta - mine end
end
local total = redis.call('HINCRBY', KEYS[2], id, delta)
if total <= 0 then redis.call('HDEL', KEYS[2], id) total = 0 end
return total
`

/** Returns 1 when the process was not listed (its first beat, or it was taken for dead). */
const BEAT = `
local t = redis.call('TIME')
return redis.call('ZADD', KEYS[1], t[1] * 1000 + math.floor(t[2] / 1000), ARGV[1])
`

/**
 * Removes a dead process (one whose heartbeat is older than ARGV[1] ms, or ARGV[2] itself on shutdown):
 * its connections leave the cluster's counts. Returns {field, count left} pairs, flattened; only the caller
 * that removed the process gets them, so each departure is handled once.
 */
const REAP = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local out = {}
local dead
if ARGV[2] ~= '' then dead = { ARGV[2] } else dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, 1) end
for _, proc in ipairs(dead) do
  if redis.call('ZREM', KEYS[1], proc) == 1 or ARGV[2] ~= '' then
    local key = ARGV[3] .. 'proc:' .. proc
    local fields = redis.call('HGETALL', key)
    for i = 1, #fields, 2 do
      local kind, company, id = string.match(fields[i], '^(%a)\\t([^\\t]*)\\t(.*)$')
      local aggregate = ARGV[3] .. (kind == 'a' and 'agents:' or 'visitors:') .. company
      local total = redis.call('HINCRBY', aggregate, id, -tonumber(fields[i + 1]))
      if total <= 0 then redis.call('HDEL', aggregate, id) total = 0 end
      table.insert(out, fields[i])
      table.insert(out, total)
    end
    redis.call('DEL', key)
  end
end
return out
`

/**
 * Presence in Redis, shared by every process: connection counts per agent and visitor, kept per process
 * too, with a heartbeat per process. Every process looks for dead ones on each beat; the one that removes
 * a dead process (atomically) reports its connections as a departure.
 */
export async function redisPresence(options: RedisPresenceOptions): Promise<Presence> {
  const prefix = options.prefix ?? 'kefu:'
  const expiryMs = options.expiryMs ?? 5000
  const redis = new Redis(options.url, { retryStrategy: (times) => Math.min(50 * 2 ** times, 1000), maxRetriesPerRequest: 2, lazyConnect: true })
  redis.on('error', (error: Error) => options.log.warn({ err: error }, 'the presence Redis connection failed; reconnecting'))
  await redis.connect()
  const procs = `${prefix}procs`
  const own = `${prefix}proc:${options.processId}`
  const listeners = new Set<(departure: Departure) => void>()
  /** This process's own counts, to put back if another process took it for dead (a long pause). */
  const mine = new Map<string, number>()

  const eval1 = async (kind: string, companyId: string, id: string, delta: number) =>
    Number(await redis.eval(CHANGE, 2, own, `${prefix}${kind === 'a' ? 'agents' : 'visitors'}:${companyId}`, `${kind}\t${companyId}\t${id}`, id, delta))
  const change = async (kind: 'a' | 'v', companyId: string, id: string, delta: 1 | -1) => {
    const field = `${kind}\t${companyId}\t${id}`
    const count = Math.max(0, (mine.get(field) ?? 0) + delta)
    if (count === 0) mine.delete(field)
    else mine.set(field, count)
    return eval1(kind, companyId, id, delta)
  }
  let beats = 0
  const beat = async () => {
    const added = Number(await redis.eval(BEAT, 1, procs, options.processId))
    if (added === 1 && beats++ > 0) {
      options.log.warn('this process was taken for dead (a long pause?): its connections are counted again')
      for (const [field, count] of mine) {
        const [kind, companyId, id] = field.split('\t') as [string, string, string]
        await eval1(kind, companyId, id, count)
      }
    }
  }

  const reap = async (): Promise<void> => {
    for (;;) {
      const flat = (await redis.eval(REAP, 1, procs, expiryMs, '', prefix)) as (string | number)[]
      if (flat.length === 0) return
      const departure: { agents: Departure['agents'][number][]; visitors: Departure['visitors'][number][] } = { agents: [], visitors: [] }
      for (let i = 0; i < flat.length; i += 2) {
        const [kind, companyId, id] = String(flat[i]).split('\t') as [string, string, string]
        const connections = Number(flat[i + 1])
        if (kind === 'a') departure.agents.push({ companyId, agentId: id, connections })
        else departure.visitors.push({ companyId, visitorId: id, connections })
      }
      options.log.warn({ agents: departure.agents.length, visitors: departure.visitors.length }, 'a server process stopped beating: its connections are gone')
      for (const listener of [...listeners]) listener(departure)
    }
  }

  await beat()
  const timer = setInterval(() => {
    beat()
      .then(reap)
      .catch((error: unknown) => options.log.warn({ err: error }, 'presence heartbeat failed'))
  }, options.heartbeatMs ?? Math.max(200, Math.floor(expiryMs / 5)))
  timer.unref()

  const counts = async (key: string) => {
    const all = await redis.hgetall(key)
    return new Map(Object.entries(all).flatMap(([id, n]) => (Number(n) > 0 ? [[id, Number(n)] as const] : [])))
  }

  return {
    agentConnected: (companyId, agentId) => change('a', companyId, agentId, 1),
    agentDisconnected: (companyId, agentId) => change('a', companyId, agentId, -1),
    agentConnections: (companyId) => counts(`${prefix}agents:${companyId}`),
    visitorConnected: (companyId, visitorId) => change('v', companyId, visitorId, 1),
    visitorDisconnected: (companyId, visitorId) => change('v', companyId, visitorId, -1),
    async visitorConnections(companyId, visitorId) {
      return Number((await redis.hget(`${prefix}visitors:${companyId}`, visitorId)) ?? 0)
    },
    async visitorsOnline(companyId, visitorIds) {
      if (visitorIds.length === 0) return new Set()
      const values = await redis.hmget(`${prefix}visitors:${companyId}`, ...visitorIds)
      return new Set(visitorIds.filter((_, i) => Number(values[i] ?? 0) > 0))
    },
    onDeparture(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    async close() {
      clearInterval(timer)
      listeners.clear()
      // A clean stop: whatever this process still counted leaves the cluster's counts now.
      await redis.eval(REAP, 1, procs, expiryMs, options.processId, prefix).catch(() => {})
      await redis.quit().catch(() => {})
    },
  }
}
