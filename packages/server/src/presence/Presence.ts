/** Connections of a process that stopped without saying goodbye (it crashed or was killed). */
export interface Departure {
  /** `companyId` → agent ids whose connection counts dropped, with the counts left across the cluster. */
  readonly agents: readonly { readonly companyId: string; readonly agentId: string; readonly connections: number }[]
  readonly visitors: readonly { readonly companyId: string; readonly visitorId: string; readonly connections: number }[]
}

/**
 * Who is connected, across every server process: agents' and visitors' open connections. The
 * in-memory implementation serves one process; the Redis one a cluster, where a process that dies
 * has its connections removed within a few seconds (`onDeparture`).
 */
export interface Presence {
  /** A connection of this agent opened in this process; resolves with the agent's connections across the cluster. */
  agentConnected(companyId: string, agentId: string): Promise<number>
  agentDisconnected(companyId: string, agentId: string): Promise<number>
  /** Connections of each agent of the company that has any. */
  agentConnections(companyId: string): Promise<ReadonlyMap<string, number>>
  visitorConnected(companyId: string, visitorId: string): Promise<number>
  visitorDisconnected(companyId: string, visitorId: string): Promise<number>
  visitorConnections(companyId: string, visitorId: string): Promise<number>
  /** Which of these visitors have a connection anywhere. */
  visitorsOnline(companyId: string, visitorIds: readonly string[]): Promise<ReadonlySet<string>>
  /** Called with the connections of another process that died. */
  onDeparture(listener: (departure: Departure) => void): () => void
  close(): Promise<void>
}
