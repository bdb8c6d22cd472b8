import type { AgentPresence, RoutingRequest, TransferAction } from '@kefu/core'

/** What routing needs to know about an agent. */
export interface AgentAvailability {
  readonly agentId: string
  readonly presence: AgentPresence
  readonly load: number
  readonly capacity: number
  readonly groupIds: readonly string[]
  /** When the agent was last given a chat; breaks ties so chats spread evenly. */
  readonly lastAssignedAt: number
}

/** Where a visitor's request for a human goes. */
export type RouteDecision =
  | { readonly kind: 'assign'; readonly agentId: string; readonly groupId: string | null }
  | { readonly kind: 'queue'; readonly groupId: string | null; readonly agentId: string | null }
  | { readonly kind: 'offline' }

interface Rule {
  readonly target: { readonly agentId: string } | { readonly groupId: string } | 'any'
  /** Which conditions pass the visitor on to the next rule; empty = never. */
  readonly overflowOn: ReadonlySet<'offline' | 'busy'>
}

const SPILL: Record<number, readonly ('offline' | 'busy')[]> = {
  1: ['offline'], // agent offline
  2: ['busy'], // agent busy
  3: ['offline', 'busy'], // smart (agent)
  4: ['offline'], // no agent of the group online
  5: ['busy'], // every agent of the group busy
  6: ['offline'], // group off hours: kefu has no schedules, so a group with nobody online is off hours
  7: ['offline', 'busy'], // smart (group)
}

/** Sobot's `transfer_action`, `agentid` + `agent_mode_flag` and `groupid`, as one ordered list of rules. */
function rulesFor(routing: RoutingRequest): Rule[] {
  if (routing.transferActions?.length) {
    return routing.transferActions.map((action: TransferAction) => ({
      target: action.actionType === 'to_service' ? { agentId: action.deciId } : { groupId: action.deciId },
      overflowOn: new Set(action.optionId === 1 || action.optionId === 3 ? (SPILL[action.spillId ?? 0] ?? ['offline', 'busy']) : []),
    }))
  }
  if (routing.agentId) {
    // agent_mode_flag 1: wait for that agent (or be told nobody is there); 0: fall back to anyone online.
    const designated: Rule = { target: { agentId: routing.agentId }, overflowOn: new Set(routing.agentModeFlag === 1 ? [] : ['offline']) }
    return routing.agentModeFlag === 1 ? [designated] : [designated, { target: routing.groupId ? { groupId: routing.groupId } : 'any', overflowOn: new Set() }]
  }
  return [{ target: routing.groupId ? { groupId: routing.groupId } : 'any', overflowOn: new Set() }]
}

function targetsOf(rule: Rule, agents: readonly AgentAvailability[]): AgentAvailability[] {
  const { target } = rule
  if (target === 'any') return [...agents]
  if ('agentId' in target) return agents.filter((a) => a.agentId === target.agentId)
  return agents.filter((a) => a.groupIds.includes(target.groupId))
}

export function isAvailable(agent: AgentAvailability): boolean {
  return agent.presence === 'online' && agent.load < agent.capacity
}

/** The least loaded available agent, the one who waited longest for a chat on a tie. */
export function pickAgent(candidates: readonly AgentAvailability[]): AgentAvailability | undefined {
  return candidates
    .filter(isAvailable)
    .sort((a, b) => a.load / a.capacity - b.load / b.capacity || a.lastAssignedAt - b.lastAssignedAt || a.agentId.localeCompare(b.agentId))[0]
}

/**
 * Routes a request for a human through the rules in order: assign to the least loaded available
 * agent; when nobody is available, overflow to the next rule if the rule allows it for this
 * condition, else queue (somebody is online but busy) or go offline (nobody is online).
 */
export function decideRoute(routing: RoutingRequest, agents: readonly AgentAvailability[]): RouteDecision {
  const rules = rulesFor(routing)
  let last: RouteDecision = { kind: 'offline' }
  for (const [index, rule] of rules.entries()) {
    const targets = targetsOf(rule, agents)
    const groupId = typeof rule.target === 'object' && 'groupId' in rule.target ? rule.target.groupId : (routing.groupId ?? null)
    const agentId = typeof rule.target === 'object' && 'agentId' in rule.target ? rule.target.agentId : null
    const chosen = pickAgent(targets)
    if (chosen) return { kind: 'assign', agentId: chosen.agentId, groupId }
    const condition = targets.some((a) => a.presence !== 'offline') ? 'busy' : 'offline'
    last = condition === 'busy' ? { kind: 'queue', groupId, agentId } : { kind: 'offline' }
    if (!(rule.overflowOn.has(condition) && index < rules.length - 1)) return last
  }
  return last
}

/** Whether a queued request may be given to this agent. */
export function canServe(agent: AgentAvailability, wanted: { readonly groupId: string | null; readonly agentId: string | null }): boolean {
  if (wanted.agentId) return agent.agentId === wanted.agentId
  if (wanted.groupId) return agent.groupIds.includes(wanted.groupId)
  return true
}
