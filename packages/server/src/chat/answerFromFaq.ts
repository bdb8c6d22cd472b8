import type { Faq } from '../store/faqStore'

/** Phrases that mean "let me talk to a person"; Latin words only as whole words ("inhuman" is not a request). */
const HANDOFF = /(转人工|人工客服|找人工|真人|轉人工|\b(?:human|agent|real person|representative)\b)/i

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

function keywordsOf(faq: Faq): string[] {
  return faq.keywords
    .toLowerCase()
    .split(/[\s,，;；、]+/)
    .filter((k) => k.length >= 2)
}

/**
 * The FAQ entry that best answers a visitor's question. A keyword found in the question is the
 * strongest signal (Chinese phrasing varies around the key word: 怎么退货, 我想退货, 如何退货);
 * otherwise the share of the question's terms found in the entry's question and keywords decides.
 * `undefined` when nothing matches well enough.
 */
export function answerFromFaq(faqs: readonly Faq[], question: string, threshold = 0.34): Faq | undefined {
  const lower = question.toLowerCase()
  const asked = terms(question)
  let best: { faq: Faq; score: number } | undefined
  for (const faq of faqs) {
    const keywordHits = keywordsOf(faq).filter((k) => (/^[a-z0-9]+$/.test(k) ? asked.has(k) : lower.includes(k))).length
    let score = keywordHits > 0 ? 1 + keywordHits / 10 : 0
    if (!score && asked.size > 0) {
      const known = terms(`${faq.question} ${faq.keywords}`)
      let hits = 0
      for (const term of asked) if (known.has(term)) hits++
      score = hits / asked.size
    }
    if (score >= threshold && (!best || score > best.score)) best = { faq, score }
  }
  return best?.faq
}
