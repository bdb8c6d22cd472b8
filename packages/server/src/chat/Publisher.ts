import type { AgentServerFrame, ChatMessage, ChatStatusEvent, ServerFrame } from '@kefu/core'
import { rooms, type Bus } from '../bus/Bus'

/** Who serves a conversation, which is what decides where its frames go. */
interface Served {
  readonly companyId: string
  readonly agentId: string | null
}

/**
 * The frames one action publishes. They are held until `flush()`, which an action calls once its
 * transaction has committed: nobody hears of a change that was rolled back, and frames keep the order
 * in which the action produced them.
 */
export class Publisher {
  readonly #bus: Bus
  readonly #pending: [room: string, frame: object][] = []

  constructor(bus: Bus) {
    this.#bus = bus
  }

  toVisitor(visitorId: string, frame: ServerFrame): void {
    this.#pending.push([rooms.visitor(visitorId), frame])
  }

  /** Every connected visitor of the company (`agents` online/offline). */
  toVisitors(companyId: string, frame: ServerFrame): void {
    this.#pending.push([rooms.visitors(companyId), frame])
  }

  toAgents(companyId: string, frame: AgentServerFrame): void {
    this.#pending.push([rooms.agents(companyId), frame])
  }

  toAgent(agentId: string, frame: AgentServerFrame | object): void {
    this.#pending.push([rooms.agent(agentId), frame])
  }

  /**
   * Frames about one chat: to the agent serving it, else (queue, bot, no chat) to every agent of the
   * company. So the cost of a message does not grow with the number of agents.
   */
  toAgentsOf(conversation: Served, frame: AgentServerFrame): void {
    if (conversation.agentId) this.toAgent(conversation.agentId, frame)
    else this.toAgents(conversation.companyId, frame)
  }

  /** The status event the lifecycle applied, as the visitor's connections hear it. */
  status(visitorId: string, event: ChatStatusEvent): void {
    this.toVisitor(visitorId, { type: 'status', event })
  }

  /** A stored message: the visitor hears it unless it is agent-only; agents as `toAgentsOf` says. */
  message(companyId: string, visitorId: string, conversation: (Served & { readonly conversationId: string }) | null, message: ChatMessage): void {
    if (message.visibility === 'both') this.toVisitor(visitorId, { type: 'message', message })
    this.toAgentsOf(conversation ?? { companyId, agentId: null }, { type: 'message', conversationId: conversation?.conversationId ?? null, visitorId, message })
  }

  /** Publishes everything held, in order. */
  flush(): void {
    for (const [room, frame] of this.#pending.splice(0)) this.#bus.publish(room, frame)
  }
}
