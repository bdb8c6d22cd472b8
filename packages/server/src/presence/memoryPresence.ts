import type { Departure, Presence } from './Presence'

/** Presence for a single process: counts in memory (nobody else can die and leave connections behind). */
export function memoryPresence(): Presence {
  const agents = new Map<string, Map<string, number>>()
  const visitors = new Map<string, Map<string, number>>()
  const listeners = new Set<(departure: Departure) => void>()

  const change = (counts: Map<string, Map<string, number>>, companyId: string, id: string, delta: 1 | -1): number => {
    let company = counts.get(companyId)
    if (!company) counts.set(companyId, (company = new Map()))
    const after = Math.max(0, (company.get(id) ?? 0) + delta)
    if (after === 0) company.delete(id)
    else company.set(id, after)
    return after
  }

  return {
    agentConnected: async (companyId, agentId) => change(agents, companyId, agentId, 1),
    agentDisconnected: async (companyId, agentId) => change(agents, companyId, agentId, -1),
    agentConnections: async (companyId) => new Map(agents.get(companyId)),
    visitorConnected: async (companyId, visitorId) => change(visitors, companyId, visitorId, 1),
    visitorDisconnected: async (companyId, visitorId) => change(visitors, companyId, visitorId, -1),
    visitorConnections: async (companyId, visitorId) => visitors.get(companyId)?.get(visitorId) ?? 0,
    visitorsOnline: async (companyId, visitorIds) => new Set(visitorIds.filter((id) => visitors.get(companyId)?.has(id))),
    onDeparture(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    close: async () => {
      agents.clear()
      visitors.clear()
      listeners.clear()
    },
  }
}
