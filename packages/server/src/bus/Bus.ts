/**
 * Fan-out between connections, by room (`visitor:<id>`, `agents:<companyId>`, …), never by looping over
 * users. The in-process bus serves one server process; a Redis pub/sub bus with this interface lets
 * several processes share rooms.
 */
export interface Bus {
  publish(room: string, frame: object): void
  subscribe(room: string, handler: (frame: object) => void): () => void
  close(): Promise<void>
}

export const rooms = {
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  visitors: (companyId: string) => `visitors:${companyId}`,
  agent: (agentId: string) => `agent:${agentId}`,
  agents: (companyId: string) => `agents:${companyId}`,
  /** Every process: a company's settings, agents, groups or FAQ changed (drop cached copies). */
  companies: () => 'companies',
}
