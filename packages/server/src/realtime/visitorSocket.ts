import { KefuError, type ClientFrame, type ServerFrame } from '@kefu/core'
import type { WebSocket } from 'ws'
import { rooms } from '../bus/Bus'
import { signVisitorToken, verifyVisitorToken } from '../security'
import { findCompany } from '../store/companyStore'
import { forgetOnFailure } from './forgetOnFailure'
import { CLOSE, frameChannel } from './frameChannel'
import { clientFrameSchema } from './frameSchemas'
import type { ServerContext } from './ServerContext'

/** One visitor connection (a chat window, a store page): hello first, then chat frames. */
export function visitorSocket(socket: WebSocket, ctx: ServerContext): void {
  const { chat, bus, log } = ctx
  let session: { companyId: string; visitorId: string } | undefined
  const unsubscribe: (() => void)[] = []
  ctx.connections.visitors++

  const helloTimer = setTimeout(() => socket.close(CLOSE.badProtocol, 'no hello'), ctx.limits.helloTimeoutMs)

  const channel = frameChannel<ClientFrame>({
    socket,
    schema: clientFrameSchema as never,
    limits: ctx.limits,
    log,
    metrics: ctx.metrics,
    side: 'visitor',
    inFlight: ctx.inFlight,
    handle: async (frame) => {
      const started = performance.now()
      try {
        if (frame.type === 'hello') return await hello(frame)
        if (!session) throw new KefuError('bad_frame', 'say hello first')
        await handle(session, frame).catch(forgetOnFailure(ctx, `visitor:${session.visitorId}`, frame))
      } finally {
        ctx.metrics.frameHandling.observe((performance.now() - started) / 1000)
      }
    },
  })

  async function hello(frame: Extract<ClientFrame, { type: 'hello' }>): Promise<void> {
    if (session) throw new KefuError('bad_frame', 'already said hello')
    clearTimeout(helloTimer)
    const company = await findCompany(ctx.db, frame.companyId)
    if (!company) {
      channel.sendError('not_found', `no company "${frame.companyId}"`)
      return socket.close(CLOSE.notFound, 'unknown company')
    }
    let visitor
    if (frame.visitorToken) {
      try {
        const claims = verifyVisitorToken(frame.visitorToken, ctx.tokenSecret, { companyId: company.id })
        visitor = await chat.findVisitor(company.id, claims.visitorId)
      } catch (error) {
        channel.fail(error)
        return socket.close(CLOSE.unauthorized, 'bad visitor token')
      }
      if (!visitor) {
        channel.sendError('unauthorized', 'this visitor no longer exists')
        return socket.close(CLOSE.unauthorized, 'unknown visitor')
      }
      if (frame.entry) await chat.updateEntry(company.id, visitor.visitorId, { ...visitor.entry, ...frame.entry })
    } else {
      visitor = await chat.createVisitor(company.id, frame.entry ?? {})
    }
    const current = { companyId: company.id, visitorId: visitor.visitorId }
    const token = signVisitorToken(current, ctx.tokenSecret)
    const forward = (f: object) => channel.send(f)
    unsubscribe.push(bus.subscribe(rooms.visitor(visitor.visitorId), forward), bus.subscribe(rooms.visitors(company.id), forward))
    session = current
    channel.send(await chat.visitorWelcome(visitor, frame.lastSeq, token))
    await chat.visitorConnection(company.id, visitor.visitorId, 1)
  }

  async function handle({ companyId, visitorId }: { companyId: string; visitorId: string }, frame: ClientFrame): Promise<void> {
    const ack = (extra: Partial<Extract<ServerFrame, { type: 'ack' }>> = {}) =>
      channel.send({ type: 'ack', cid: (frame as { cid: string }).cid, ...extra } satisfies ServerFrame)
    switch (frame.type) {
      case 'chat.request':
        await chat.requestChat(companyId, visitorId, frame.cid, frame.routing ?? {})
        return ack()
      case 'message.send': {
        const message = await chat.visitorMessage(companyId, visitorId, frame.cid, frame.body)
        ctx.metrics.messages.inc({ sender: 'visitor' })
        return ack({ message })
      }
      case 'identify':
        await chat.identify(companyId, visitorId, frame.cid, frame.identity)
        return ack()
      case 'evaluate':
        await chat.evaluate(companyId, visitorId, frame.cid, frame.evaluation)
        return ack()
      case 'evaluation.dismiss':
        return ack()
      case 'chat.end':
        await chat.visitorEndsChat(companyId, visitorId, frame.cid)
        return ack()
      case 'chat.handoff':
        await chat.handoff(companyId, visitorId, frame.cid)
        return ack()
      case 'leaveMessage':
        await chat.leaveMessage(companyId, visitorId, frame.cid, frame.leaveMessage)
        return ack()
      case 'trace':
        await chat.trace(companyId, visitorId, frame.cid, frame.trace)
        return ack()
      case 'read':
        return chat.markRead(companyId, visitorId, frame.seq)
      case 'typing':
        return chat.visitorTyping(companyId, visitorId, frame.typing)
      case 'ping':
        return channel.send({ type: 'pong' } satisfies ServerFrame)
      case 'hello':
        return
    }
  }

  socket.on('close', () => {
    clearTimeout(helloTimer)
    ctx.connections.visitors--
    for (const off of unsubscribe) off()
    if (session) void chat.visitorConnection(session.companyId, session.visitorId, -1).catch((err: unknown) => log.error({ err }, 'visitor disconnect'))
  })
}
