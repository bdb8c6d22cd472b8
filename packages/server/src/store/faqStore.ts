import type { Queryable } from '../db/Database'

export interface Faq {
  readonly faqId: string
  readonly question: string
  readonly answer: string
  /** Extra words that should match this entry, separated by commas or spaces. */
  readonly keywords: string
  /** Other ways visitors ask the question (相似问法), each matched like the question; the store always fills it. */
  readonly synonyms?: readonly string[]
}

export type NewFaq = Faq

interface FaqRow {
  id: string
  question: string
  answer: string
  keywords: string
  synonyms: string[] | null
}

const toFaq = (row: FaqRow): Faq => ({ faqId: row.id, question: row.question, answer: row.answer, keywords: row.keywords, synonyms: row.synonyms ?? [] })

const COLUMNS = 'id, question, answer, keywords, synonyms'

export async function insertFaq(db: Queryable, companyId: string, faq: NewFaq): Promise<Faq> {
  const [row] = await db.query<FaqRow>(
    `INSERT INTO faqs (id, company_id, question, answer, keywords, synonyms, created_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING ${COLUMNS}`,
    [faq.faqId, companyId, faq.question, faq.answer, faq.keywords, JSON.stringify(faq.synonyms ?? []), Date.now()],
  )
  return toFaq(row!)
}

/** Adds many entries in order (CSV import); `created_at` keeps their order. */
export async function insertFaqs(db: Queryable, companyId: string, faqs: readonly Faq[]): Promise<Faq[]> {
  const start = Date.now()
  const stored: Faq[] = []
  for (const [index, faq] of faqs.entries()) {
    const [row] = await db.query<FaqRow>(
      `INSERT INTO faqs (id, company_id, question, answer, keywords, synonyms, created_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING ${COLUMNS}`,
      [faq.faqId, companyId, faq.question, faq.answer, faq.keywords, JSON.stringify(faq.synonyms ?? []), start + index],
    )
    stored.push(toFaq(row!))
  }
  return stored
}

export async function listFaqs(db: Queryable, companyId: string): Promise<Faq[]> {
  return (await db.query<FaqRow>(`SELECT ${COLUMNS} FROM faqs WHERE company_id = $1 ORDER BY created_at, id`, [companyId])).map(toFaq)
}

export async function updateFaq(db: Queryable, companyId: string, faq: NewFaq): Promise<Faq | null> {
  const [row] = await db.query<FaqRow>(
    `UPDATE faqs SET question = $3, answer = $4, keywords = $5, synonyms = COALESCE($6::jsonb, synonyms) WHERE company_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [companyId, faq.faqId, faq.question, faq.answer, faq.keywords, faq.synonyms ? JSON.stringify(faq.synonyms) : null],
  )
  return row ? toFaq(row) : null
}

export async function deleteFaq(db: Queryable, companyId: string, faqId: string): Promise<boolean> {
  return (await db.query('DELETE FROM faqs WHERE company_id = $1 AND id = $2 RETURNING id', [companyId, faqId])).length > 0
}

/** Removes every entry of the company (CSV import that replaces). */
export async function deleteAllFaqs(db: Queryable, companyId: string): Promise<number> {
  return (await db.query('DELETE FROM faqs WHERE company_id = $1 RETURNING id', [companyId])).length
}
