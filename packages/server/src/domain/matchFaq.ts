import { answerFromFaq, asksForHuman } from '../chat/answerFromFaq'
import type { Faq } from '../store/faqStore'

/** What the bot does with a visitor's text: hand over, answer from an entry (and by which wording), or not know. */
export type FaqMatch =
  | { readonly kind: 'handoff' }
  | { readonly kind: 'answer'; readonly faq: Faq; readonly synonym: string | null }
  | { readonly kind: 'none' }

/**
 * The bot's answer to `question`: each synonym of an entry competes as if it were the entry's question,
 * so 怎么退款 finds the entry asked as 如何申请退款 when an admin listed it. The best wording wins.
 */
export function matchFaq(faqs: readonly Faq[], question: string): FaqMatch {
  if (asksForHuman(question)) return { kind: 'handoff' }
  const wordings = faqs.flatMap((faq) => [
    { faq, synonym: null as string | null, candidate: faq },
    ...(faq.synonyms ?? []).map((synonym) => ({ faq, synonym, candidate: { ...faq, question: synonym } })),
  ])
  const best = answerFromFaq(
    wordings.map((w) => w.candidate),
    question,
  )
  const wording = best && wordings.find((w) => w.candidate === best)
  return wording ? { kind: 'answer', faq: wording.faq, synonym: wording.synonym } : { kind: 'none' }
}
