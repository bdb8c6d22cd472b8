import { KefuError, type AgentClientFrame, type AgentServerFrame } from '@kefu/core'
import type { WebSocket } from 'ws'
import { rooms } from '../bus/Bus'
import { verifyAgentSession } from '../security'
import { findAgent } from '../store/agentStore'
import { CLOSE, frameChannel } from './frameChannel'
import { agentClientFrameSchema } from './frameSchemas'
import type { ServerContext } from './ServerContext'
import { trackInFlight } from './trackInFlight'

/**
 * Published on an agent's own room when the account is disabled or deleted: every connection of that
 * agent, in every server process, is told `unauthorized` and closed (session tokens stay valid until
 * they expire, so an open workbench would otherwise keep working).
 */
export const SESSION_REVOKED = { type: 'agent.revoked' } as const

/** One agent workbench connection: `agent.hello` with a session token, then agent frames. */
export function agentSocket(socket: WebSocket, ctx: ServerContext): void {
  const { chat, bus, log } = ctx
  let session: { companyId: string; agentId: string } | undefined
  const unsubscribe: (() => void)[] = []
  ctx.connections.agents++
  const helloTimer = setTimeout(() => socket.close(CLOSE.badProtocol, 'no hello'), ctx.limits.helloTimeoutMs)

  const channel = frameChannel<AgentClientFrame>({
    socket,
    schema: agentClientFrameSchema as never,
    limits: ctx.limits,
    log,
    metrics: ctx.metrics,
    side: 'agent',
    inFlight: ctx.inFlight,
    // One lane per chat: an agent serving many visitors answers each without waiting behind the others.
    // Frames about no chat (hello, presence, a visitor's CRM fields) wait for all before them.
    laneOf: (frame) => ('conversationId' in frame && typeof frame.conversationId === 'string' ? frame.conversationId : undefined),
    handle: async (frame) => {
      if (frame.type === 'agent.hello') return hello(frame.token)
      if (!session) throw new KefuError('bad_frame', 'say agent.hello first')
      await handle(session, frame)
    },
  })

  async function hello(token: string): Promise<void> {
    if (session) throw new KefuError('bad_frame', 'already said hello')
    clearTimeout(helloTimer)
    let claims
    try {
      claims = verifyAgentSession(token, ctx.tokenSecret)
    } catch (error) {
      channel.fail(error)
      return socket.close(CLOSE.unauthorized, 'bad session')
    }
    const agent = await findAgent(ctx.db, claims.companyId, claims.agentId)
    if (!agent || agent.disabled || claims.issuedAt.getTime() / 1000 < agent.sessionsValidAfter) {
      channel.sendError('unauthorized', agent && !agent.disabled ? 'this session ended (the password changed): sign in again' : 'this agent account is not active')
      return socket.close(CLOSE.unauthorized, 'inactive agent')
    }
    session = { companyId: agent.companyId, agentId: agent.agentId }
    // What one turn publishes to this agent goes out in one write (the channel corks the socket for the turn).
    const forward = (f: object) => channel.send(f)
    const forwardOwn = (f: object) => {
      if ((f as { type?: unknown }).type !== SESSION_REVOKED.type) return forward(f)
      channel.sendError('unauthorized', 'this agent account is not active')
      socket.close(CLOSE.unauthorized, 'inactive agent')
    }
    // Subscribe before the welcome is built, so nothing that happens meanwhile is missed.
    unsubscribe.push(bus.subscribe(rooms.agents(agent.companyId), forward), bus.subscribe(rooms.agent(agent.agentId), forwardOwn))
    channel.send(await chat.agents.connected(agent.companyId, agent.agentId))
  }

  async function handle({ companyId, agentId }: { companyId: string; agentId: string }, frame: AgentClientFrame): Promise<void> {
    const ack = (extra: Partial<Extract<AgentServerFrame, { type: 'ack' }>> = {}) =>
      channel.send({ type: 'ack', cid: (frame as { cid: string }).cid, ...extra } satisfies AgentServerFrame)
    switch (frame.type) {
      case 'presence':
        await chat.agents.setPresence(companyId, agentId, frame.cid, frame.presence)
        return ack()
      case 'conversation.accept':
        await chat.conversations.accept(companyId, agentId, frame.cid, frame.conversationId)
        return ack()
      case 'message.send': {
        const message = await chat.messages.fromAgent(companyId, agentId, frame.cid, frame.conversationId, frame.body, frame.visibility)
        ctx.metrics.messages.inc({ sender: 'agent' })
        return ack({ message })
      }
      case 'conversation.transfer':
        await chat.conversations.transfer(companyId, agentId, frame.cid, frame.conversationId, frame.to, frame.note)
        return ack()
      case 'conversation.end':
        await chat.conversations.agentEnds(companyId, agentId, frame.cid, frame.conversationId)
        return ack()
      case 'conversation.sign':
        await chat.conversations.setChatSign(companyId, agentId, frame.cid, frame.conversationId, frame.chatSign)
        return ack()
      case 'visitor.update':
        await chat.visitors.updateCrm(companyId, agentId, frame.cid, frame.visitorId, frame.crm)
        return ack()
      case 'typing':
        return chat.messages.agentTyping(companyId, agentId, frame.conversationId, frame.typing)
      case 'read':
        return chat.messages.agentRead(companyId, frame.visitorId, frame.seq)
      case 'ping':
        return channel.send({ type: 'pong' } satisfies AgentServerFrame)
      case 'agent.hello':
        return
    }
  }

  socket.on('close', () => {
    clearTimeout(helloTimer)
    ctx.connections.agents--
    for (const off of unsubscribe) off()
    // A shutdown waits for this before it closes the database.
    if (session) void trackInFlight(ctx.inFlight, chat.agents.disconnected(session.companyId, session.agentId)).catch((err: unknown) => log.error({ err }, 'agent disconnect'))
  })
}
