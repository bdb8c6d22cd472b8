import { KefuError, type ClientFrame, type ServerFrame } from '@kefu/core'
import type { WebSocket } from 'ws'
import { rooms } from '../bus/Bus'
import { RefusedIdentity, type KnownVisitor } from '../chat/VisitorProfiles'
import { signVisitorToken, verifyVisitorToken } from '../security'
import type { VisitorArrival } from '../store/visitorArrivalStore'
import { CLOSE, frameChannel } from './frameChannel'
import { clientFrameSchema } from './frameSchemas'
import type { ServerContext } from './ServerContext'
import { trackInFlight } from './trackInFlight'

/** Close code for a connection refused for now (1013, Try Again Later): the client reconnects after a pause. */
const TRY_AGAIN_LATER = 1013

/**
 * One visitor connection (a chat window, a store page) from `address`: hello first, then chat frames.
 * `userAgent` (the browser's header, cut short) tells agents the visitor's device and browser.
 */
export function visitorSocket(socket: WebSocket, ctx: ServerContext, address: string, userAgent?: string): void {
  const { chat, bus, log } = ctx
  let session: { companyId: string; visitorId: string } | undefined
  // Sobot 安全密钥: this connection sent a member sign (or metaData) its company refused. It gets no chat
  // until a valid one comes; the visitor as stored, and its other connections, are not affected.
  let refusedIdentity = false
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
    holdOrderAfterRefusal: true,
    inFlight: ctx.inFlight,
    // One visitor over many connections, or many visitors from one address, share these.
    sharedLimit: () => ctx.floods.visitorFrame(session?.visitorId, address),
    handle: async (frame) => {
      const started = performance.now()
      try {
        if (frame.type === 'hello') return await hello(frame)
        if (!session) throw new KefuError('bad_frame', 'say hello first')
        await handle(session, frame)
      } finally {
        ctx.metrics.frameHandling.observe((performance.now() - started) / 1000)
      }
    },
  })

  async function hello(frame: Extract<ClientFrame, { type: 'hello' }>): Promise<void> {
    if (session) throw new KefuError('bad_frame', 'already said hello')
    clearTimeout(helloTimer)
    // The process's cached view (invalidated over the bus when the company changes; the welcome reads it
    // too): a connect does not read the company row.
    const company = await chat.companies.get(frame.companyId).then(
      (view) => view.company,
      (error: unknown) => {
        if (error instanceof KefuError && error.code === 'not_found') return undefined
        throw error
      },
    )
    if (!company) {
      channel.sendError('not_found', `no company "${frame.companyId}"`)
      return socket.close(CLOSE.notFound, 'unknown company')
    }
    // Subscribed before the welcome is read: what is stored meanwhile arrives twice at worst, never not at all.
    // While a long gap is sent on after the welcome, live frames wait, so every message arrives in order
    // (a client that drops in the middle asks again after the last one it has).
    let held: object[] | undefined = []
    const forward = (f: object) => (held ? held.push(f) : channel.send(f))
    const subscribe = (visitorId: string) => unsubscribe.push(bus.subscribe(rooms.visitor(visitorId), forward), bus.subscribe(rooms.visitors(company.id), forward))
    let arrival: VisitorArrival | null
    if (frame.visitorToken) {
      let visitorId: string
      try {
        visitorId = verifyVisitorToken(frame.visitorToken, ctx.tokenSecret, { companyId: company.id }).visitorId
      } catch (error) {
        channel.fail(error)
        return socket.close(CLOSE.unauthorized, 'bad visitor token')
      }
      subscribe(visitorId)
      // Everything the welcome needs, in one query (shared with the connects of the same moment).
      arrival = await chat.welcomes.arrival(company.id, visitorId, frame.lastSeq)
    } else {
      if (!(await ctx.floods.newVisitor(address))) {
        channel.sendError('rate_limited', 'too many new visitors from this address; try again in a minute')
        return socket.close(TRY_AGAIN_LATER, 'too many new visitors')
      }
      // Stored and read for the welcome in one query. Nothing can be stored for it before it is subscribed:
      // its id is known to no one until its welcome, nor to agents until its connection is announced.
      arrival = await chat.welcomes.arriveNew(company.id, frame.entry ?? {}, userAgent)
      // Closed meanwhile: its close already ran, nothing would unsubscribe it.
      if (socket.readyState !== socket.OPEN) return
      subscribe(arrival.visitor.visitorId)
    }
    if (!arrival) {
      channel.sendError('unauthorized', 'this visitor no longer exists')
      return socket.close(CLOSE.unauthorized, 'unknown visitor')
    }
    const visitorId = arrival.visitor.visitorId
    let known: KnownVisitor = arrival
    if (frame.visitorToken) {
      if ((await chat.presence.visitorConnections(company.id, visitorId)) >= ctx.limits.connectionsPerVisitor) {
        channel.sendError('rate_limited', `this visitor has ${ctx.limits.connectionsPerVisitor} connections open already; close some`)
        return socket.close(TRY_AGAIN_LATER, 'too many connections')
      }
      if (frame.entry) known = await chat.visitors.updateEntry(known, { ...known.visitor.entry, ...frame.entry })
      known = await chat.visitors.updateUserAgent(known, userAgent)
    }
    const current = { companyId: company.id, visitorId }
    const token = signVisitorToken(current, ctx.tokenSecret)
    session = current
    const welcome = await chat.welcomes.welcome(arrival, frame.lastSeq, token)
    channel.send(welcome.frame)
    for (let after = welcome.backlogAfter; after !== undefined && socket.readyState === socket.OPEN; ) {
      const page = await chat.welcomes.backlog(company.id, visitorId, after)
      for (const message of page) channel.send({ type: 'message', message } satisfies ServerFrame)
      after = page.length ? page.at(-1)!.seq! : undefined
    }
    for (const f of held) channel.send(f)
    held = undefined
    await chat.visitors.connection(company.id, visitorId, 1, known)
  }

  async function handle({ companyId, visitorId }: { companyId: string; visitorId: string }, frame: ClientFrame): Promise<void> {
    const ack = (extra: Partial<Extract<ServerFrame, { type: 'ack' }>> = {}) =>
      channel.send({ type: 'ack', cid: (frame as { cid: string }).cid, ...extra } satisfies ServerFrame)
    if (refusedIdentity && (frame.type === 'chat.request' || frame.type === 'message.send' || frame.type === 'chat.handoff')) {
      throw new KefuError('forbidden', 'this connection’s member sign was refused (经验证当前用户为非法用户，不予接入客户服务中心): identify with a valid sign or metaData')
    }
    switch (frame.type) {
      case 'chat.request':
        await chat.conversations.request(companyId, visitorId, frame.cid, frame.routing ?? {}, frame.trigger)
        return ack()
      case 'message.send': {
        const message = await chat.messages.fromVisitor(companyId, visitorId, frame.cid, frame.body)
        ctx.metrics.messages.inc({ sender: 'visitor' })
        return ack({ message })
      }
      case 'identify':
        try {
          if (await chat.visitors.identify(companyId, visitorId, frame.cid, frame.identity)) refusedIdentity = false
        } catch (error) {
          if (error instanceof RefusedIdentity) refusedIdentity = true
          throw error
        }
        return ack()
      case 'evaluate':
        await chat.conversations.evaluate(companyId, visitorId, frame.cid, frame.evaluation)
        return ack()
      case 'evaluation.dismiss':
        await chat.conversations.dismissEvaluation(companyId, visitorId, frame.cid)
        return ack()
      case 'chat.end':
        await chat.conversations.visitorEnds(companyId, visitorId, frame.cid)
        return ack()
      case 'chat.handoff':
        await chat.conversations.handoff(companyId, visitorId, frame.cid)
        return ack()
      case 'leaveMessage':
        await chat.leaveMessages.leave(companyId, visitorId, frame.cid, frame.leaveMessage)
        return ack()
      case 'trace':
        await chat.visitors.trace(companyId, visitorId, frame.cid, frame.trace)
        return ack()
      case 'history': {
        const page = await chat.welcomes.history(companyId, visitorId, frame)
        return ack({ messages: page.messages, more: page.more })
      }
      case 'read':
        return chat.messages.markRead(companyId, visitorId, frame.seq)
      case 'typing':
        return chat.messages.visitorTyping(companyId, visitorId, frame.typing)
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
    // A shutdown waits for this before it closes the database.
    if (session) void trackInFlight(ctx.inFlight, chat.visitors.connection(session.companyId, session.visitorId, -1)).catch((err: unknown) => log.error({ err }, 'visitor disconnect'))
  })
}
