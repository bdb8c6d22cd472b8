import type { EntryData } from '@kefu/core'
import type { Queryable } from '../db/Database'
import { findVisitor } from '../store/visitorStore'

export type VisitorLocale = 'zh-CN' | 'zh-TW' | 'en'

/**
 * kefu's own words to a visitor, in the visitor's language. Stored with the message (a notice also keeps
 * its `code` and `params`, so each reader's UI can word it in its own language); a company's own texts
 * (hello words, offline title) are used as the company wrote them.
 */
export interface VisitorTexts {
  joined(name: string): string
  transferred(name: string): string
  ended: string
  robotHello: string
  agentOffline: string
  botDoesNotKnow: string
  talkToAgent: string
  botOnly: string
}

const TEXTS: Record<VisitorLocale, VisitorTexts> = {
  'zh-CN': {
    joined: (name) => `客服 ${name} 正在为您服务`,
    transferred: (name) => `已为您转接至客服 ${name}`,
    ended: '对话已结束',
    robotHello: '您好！我是智能客服，请直接输入您的问题，也可以随时转人工。',
    agentOffline: '客服当前不在线，请留言，我们会尽快与您联系。',
    botDoesNotKnow: '抱歉，这个问题我暂时无法回答。',
    talkToAgent: '转人工',
    botOnly: '本次对话仅由智能客服为您服务。',
  },
  'zh-TW': {
    joined: (name) => `客服 ${name} 正在為您服務`,
    transferred: (name) => `已為您轉接至客服 ${name}`,
    ended: '對話已結束',
    robotHello: '您好！我是智能客服，請直接輸入您的問題，也可以隨時轉人工。',
    agentOffline: '客服目前不在線，請留言，我們會盡快與您聯繫。',
    botDoesNotKnow: '抱歉，這個問題我暫時無法回答。',
    talkToAgent: '轉人工',
    botOnly: '本次對話僅由智能客服為您服務。',
  },
  en: {
    joined: (name) => `${name} is now serving you`,
    transferred: (name) => `You were transferred to ${name}`,
    ended: 'The chat has ended',
    robotHello: 'Hello! Ask me anything, or ask for an agent.',
    agentOffline: 'No agent is online right now. Please leave a message.',
    botDoesNotKnow: "Sorry, I don't know the answer to that.",
    talkToAgent: 'Talk to an agent',
    botOnly: 'Only the assistant serves this chat.',
  },
}

/** The visitor's language: what the chat window said it speaks, else Echat's `lan`, else Simplified Chinese. */
export function visitorLocale(entry: EntryData | undefined): VisitorLocale {
  if (entry?.locale) return entry.locale
  const tag = (entry?.lan ?? '').trim().toLowerCase().replace(/_/g, '-')
  if (/^(?:tw|zh-(?:tw|hk|mo|hant)\b)/.test(tag)) return 'zh-TW'
  return /^en(?:-|$)/.test(tag) ? 'en' : 'zh-CN'
}

export const visitorTexts = (entry: EntryData | undefined): VisitorTexts => TEXTS[visitorLocale(entry)]

/** kefu's words for the visitor of a conversation, read in the action's transaction. */
export async function textsForVisitor(db: Queryable, companyId: string, visitorId: string): Promise<VisitorTexts> {
  return visitorTexts((await findVisitor(db, companyId, visitorId))?.entry)
}
