import type { MessageAction, RoutingRequest } from '@kefu/core'
import { findConversation, type ConversationRecord } from '../store/conversationStore'
import type { VisitorRecord } from '../store/visitorStore'
import { matchFaq } from '../domain/matchFaq'
import { isWithinWorkingHours } from '../domain/workingHours'
import { asksForHuman } from './answerFromFaq'
import type { CompanyCache } from './CompanyCache'
import type { ConversationLifecycle } from './ConversationLifecycle'
import type { ActionContext, LockedActions } from './LockedActions'
import { embedText, knownGroup, offlineEvent, outsideHoursEvent, type Router } from './Router'
import { say } from './say'
import { textsForVisitor, visitorTexts } from './visitorTexts'

/** The robot that receives first (reception modes 1, 3 and 4 with nobody online): greeting, FAQ answers, the handoff. */
export class Bot {
  readonly #lifecycle: ConversationLifecycle
  readonly #router: Router
  readonly #actions: LockedActions
  readonly #companies: CompanyCache

  constructor(options: { lifecycle: ConversationLifecycle; router: Router; actions: LockedActions; companies: CompanyCache }) {
    this.#lifecycle = options.lifecycle
    this.#router = options.router
    this.#actions = options.actions
    this.#companies = options.companies
  }

  async start(ctx: ActionContext, visitor: VisitorRecord, routing: RoutingRequest, vip: boolean): Promise<ConversationRecord> {
    const conversation = await this.#lifecycle.start(ctx, { visitorId: visitor.visitorId, routing, vip, groupId: knownGroup(ctx.view, routing.groupId ?? null) }, () => ({
      type: 'botStarted',
    }))
    this.#lifecycle.announce(ctx, conversation)
    const { robotHelloWord, robotName } = ctx.view.company.settings
    // The embed's 机器人欢迎语, else the company's, else kefu's in the visitor's language.
    const hello = embedText(routing.robotHelloWord) ?? (robotHelloWord || visitorTexts(visitor.entry).robotHello)
    await say(ctx.tx, ctx.out, conversation, 'bot', { type: 'text', text: hello }, { senderName: robotName })
    return conversation
  }

  /** 转人工: an agent at once, the queue, or (nobody online) the end with the offline status. Mode 1 has no humans. */
  async handoff(ctx: ActionContext, conversation: ConversationRecord): Promise<void> {
    const { settings } = ctx.view.company
    const robot = { senderName: settings.robotName }
    const texts = await textsForVisitor(ctx.tx, ctx.companyId, conversation.visitorId)
    if ((conversation.routing.mode ?? settings.receptionMode) === 1) {
      await say(ctx.tx, ctx.out, conversation, 'bot', { type: 'text', text: texts.botOnly }, robot)
      return
    }
    // Outside working hours nobody answers: the visitor gets what the company chose for those hours.
    const outside = isWithinWorkingHours(settings.workingHours, ctx.now) ? null : outsideHoursEvent(settings)
    const decision = outside ? ({ kind: 'offline' } as const) : await this.#router.decide(ctx, conversation.routing)
    if (decision.kind === 'assign') {
      await this.#router.assign(ctx, conversation, decision.agentId, 'agent.joined')
    } else if (decision.kind === 'queue') {
      await this.#router.enqueue(ctx, conversation, decision)
    } else {
      // The embed's 人工客服不在线提示语 wins over the company's.
      const offline = embedText(conversation.routing.agentOfflineTitle) ?? (settings.agentOfflineTitle || texts.agentOffline)
      await say(ctx.tx, ctx.out, conversation, 'bot', { type: 'text', text: offline }, robot)
      // The visitor asked for a person and nobody was there: a missed chat, not one the bot resolved.
      await this.#router.end(ctx, conversation, 0, false, { humanRequestedAt: conversation.humanRequestedAt ?? ctx.now })
      ctx.out.status(conversation.visitorId, outside ?? offlineEvent(settings))
    }
  }

  /** Answers a visitor's text in a bot chat: the FAQ, or an apology offering an agent; "人工" and the like hand off. */
  async reply(conversation: ConversationRecord, text: string): Promise<void> {
    const { companyId, conversationId } = conversation
    if (asksForHuman(text)) {
      await this.#actions.run(companyId, { lock: true }, async (ctx) => {
        // Decide on the chat as it is now: it may have been handed off, accepted or closed meanwhile.
        const current = await findConversation(ctx.tx, companyId, conversationId)
        if (current?.status === 'bot') await this.handoff(ctx, current)
      })
      return
    }
    const faqs = await (await this.#companies.get(companyId)).faqs()
    await this.#actions.run(companyId, { lock: false }, async (ctx) => {
      const { settings } = ctx.view.company
      const robot = { senderName: settings.robotName }
      const texts = await textsForVisitor(ctx.tx, companyId, conversation.visitorId)
      const match = matchFaq(faqs, text)
      const faq = match.kind === 'answer' ? match.faq : undefined
      const humans = (conversation.routing.mode ?? settings.receptionMode) !== 1
      const handoff: MessageAction[] = humans ? [{ type: 'handoff', label: texts.talkToAgent }] : []
      if (faq) await say(ctx.tx, ctx.out, conversation, 'bot', { type: 'text', text: faq.answer }, robot)
      else await say(ctx.tx, ctx.out, conversation, 'bot', { type: 'text', text: texts.botDoesNotKnow }, { ...robot, actions: handoff })
    })
  }
}
