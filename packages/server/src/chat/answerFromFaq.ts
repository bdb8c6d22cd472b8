import type { Faq } from '../store/faqStore'

/** Words that mean "let me talk to a person", in the languages the widget speaks. */
const HANDOFF = /(转人工|人工客服|找人工|真人|轉人工|人工客服|human|agent|real person|representative)/i

export function asksForHuman(text: string): boolean {
  return HANDOFF.test(text)
}

/** Latin words and CJK bigrams, so Chinese questions match without a word segmenter. */
function terms(text: string): Set<string> {
  const out = new Set<string>()
  const lower = text.toLowerCase()
  for (const word of lower.match(/[a-z0-9]+/g) ?? []) if (word.length > 1) out.add(word)
  for (const run of lower.match(/[\u3400-\u9fff]+/g) ?? []) {
    if (run.length === 1) out.add(run)
    for (let i = 0; i < run.length - 1; i++) out.add(run.slice(i, i + 2))
  }
  return out
}

/**
 * The FAQ entry that best matches a visitor's question, by the share of the question's terms found in
 * the entry's question and keywords; `undefined` when nothing matches well enough.
 */
export function answerFromFaq(faqs: readonly Faq[], question: string, threshold = 0.34): Faq | undefined {
  const asked = terms(question)
  if (asked.size === 0) return undefined
  let best: { faq: Faq; score: number } | undefined
  for (const faq of faqs) {
    const known = terms(`${faq.question} ${faq.keywords.replace(/[,，;；]/g, ' ')}`)
    let hits = 0
    for (const term of asked) if (known.has(term)) hits++
    const score = hits / asked.size
    if (score >= threshold && (!best || score > best.score)) best = { faq, score }
  }
  return best?.faq
}
