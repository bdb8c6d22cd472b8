import type { Queryable } from '../db/Database'

export interface Faq {
  readonly faqId: string
  readonly question: string
  readonly answer: string
  /** Extra words that should match this entry, separated by commas or spaces. */
  readonly keywords: string
}

interface FaqRow {
  id: string
  question: string
  answer: string
  keywords: string
}

const toFaq = (row: FaqRow): Faq => ({ faqId: row.id, question: row.question, answer: row.answer, keywords: row.keywords })

export async function insertFaq(db: Queryable, companyId: string, faq: Faq): Promise<Faq> {
  const [row] = await db.query<FaqRow>(
    'INSERT INTO faqs (id, company_id, question, answer, keywords, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
    [faq.faqId, companyId, faq.question, faq.answer, faq.keywords, Date.now()],
  )
  return toFaq(row!)
}

export async function listFaqs(db: Queryable, companyId: string): Promise<Faq[]> {
  return (await db.query<FaqRow>('SELECT * FROM faqs WHERE company_id = $1 ORDER BY created_at', [companyId])).map(toFaq)
}

export async function updateFaq(db: Queryable, companyId: string, faq: Faq): Promise<Faq | null> {
  const [row] = await db.query<FaqRow>(
    'UPDATE faqs SET question = $3, answer = $4, keywords = $5 WHERE company_id = $1 AND id = $2 RETURNING *',
    [companyId, faq.faqId, faq.question, faq.answer, faq.keywords],
  )
  return row ? toFaq(row) : null
}

export async function deleteFaq(db: Queryable, companyId: string, faqId: string): Promise<boolean> {
  return (await db.query('DELETE FROM faqs WHERE company_id = $1 AND id = $2 RETURNING id', [companyId, faqId])).length > 0
}
