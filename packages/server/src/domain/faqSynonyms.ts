import { z } from 'zod'

/**
 * Other ways visitors ask an FAQ entry's question (相似问法): each is matched like the question itself.
 * Blank lines are dropped and repeats (ignoring case and surrounding spaces) kept once.
 */
export const faqSynonymsSchema = z
  .array(z.string().trim().max(500))
  .max(50)
  .transform((synonyms) => {
    const seen = new Set<string>()
    return synonyms.filter((synonym) => {
      const key = synonym.toLowerCase()
      if (!synonym || seen.has(key)) return false
      seen.add(key)
      return true
    })
  })
