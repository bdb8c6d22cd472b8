import { KefuError, ValidationError, type ValidationIssue } from '@kefu/core'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { faqSynonymsSchema } from '../domain/faqSynonyms'
import { matchFaq } from '../domain/matchFaq'
import type { ServerContext } from '../realtime/ServerContext'
import { listFaqs, type Faq } from '../store/faqStore'
import { authenticateAgent } from './authenticate'
import { routeDoc } from './apiDocs'

/** CSV columns and the header names accepted for them (English or Chinese, any case). */
const COLUMNS = {
  question: ['question', '问题'],
  answer: ['answer', '答案'],
  synonyms: ['synonyms', '相似问法'],
  keywords: ['keywords', '关键词'],
} as const
type Column = keyof typeof COLUMNS

const HEADERS: Record<'en' | 'zh-CN', readonly string[]> = {
  en: ['question', 'answer', 'synonyms', 'keywords'],
  'zh-CN': ['问题', '答案', '相似问法', '关键词'],
}

/** At most this many entries per import (one request body is at most 1 MB anyway). */
export const FAQ_IMPORT_MAX_ROWS = 2000

const row = z.object({
  question: z.string().trim().min(1, 'is empty').max(500),
  answer: z.string().trim().min(1, 'is empty').max(5000),
  keywords: z.string().trim().max(500),
  synonyms: faqSynonymsSchema,
})

/** Synonyms in one cell: one per line (Alt+Enter in a spreadsheet) or separated by `|`. */
const splitSynonyms = (cell: string) => cell.split(/\r?\n|\|/)

/** The entries a CSV file holds, or every problem in it at once (spreadsheet row numbers, header = row 1). */
export function parseFaqCsv(csv: string): Omit<Faq, 'faqId'>[] {
  let records: string[][]
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false })
  } catch (error) {
    throw new ValidationError('invalid_argument', [{ path: 'csv', message: `is not valid CSV: ${(error as Error).message}` }])
  }
  const [header, ...rows] = records
  if (!header) throw new ValidationError('invalid_argument', [{ path: 'csv', message: 'is empty: the first row must name the columns (question, answer, …)' }])
  const columnAt = new Map<Column, number>()
  const issues: ValidationIssue[] = []
  header.forEach((name, index) => {
    const wanted = name.trim().toLowerCase()
    const column = (Object.keys(COLUMNS) as Column[]).find((c) => (COLUMNS[c] as readonly string[]).includes(wanted))
    if (!column) issues.push({ path: 'rows.1', message: `unknown column "${name}": use ${HEADERS.en.join(', ')} (or ${HEADERS['zh-CN'].join('、')})` })
    else if (columnAt.has(column)) issues.push({ path: 'rows.1', message: `column "${name}" appears twice` })
    else columnAt.set(column, index)
  })
  for (const required of ['question', 'answer'] as const) {
    if (!columnAt.has(required)) issues.push({ path: 'rows.1', message: `the "${required}" (${COLUMNS[required][1]}) column is missing` })
  }
  if (issues.length) throw new ValidationError('invalid_argument', issues)
  if (rows.length > FAQ_IMPORT_MAX_ROWS) {
    throw new ValidationError('invalid_argument', [{ path: 'csv', message: `has ${rows.length} entries; import at most ${FAQ_IMPORT_MAX_ROWS} at a time` }])
  }
  const cell = (record: string[], column: Column) => {
    const index = columnAt.get(column)
    return index === undefined ? '' : (record[index] ?? '')
  }
  const entries: Omit<Faq, 'faqId'>[] = []
  const firstRowOf = new Map<string, number>()
  rows.forEach((record, index) => {
    const line = index + 2
    const key = cell(record, 'question').trim().toLowerCase()
    const earlier = key ? firstRowOf.get(key) : undefined
    if (earlier) issues.push({ path: `rows.${line}.question`, message: `repeats row ${earlier}` })
    else if (key) firstRowOf.set(key, line)
    const parsed = row.safeParse({
      question: cell(record, 'question'),
      answer: cell(record, 'answer'),
      keywords: cell(record, 'keywords'),
      synonyms: splitSynonyms(cell(record, 'synonyms')),
    })
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ path: `rows.${line}.${issue.path.join('.')}`, message: issue.message })
      return
    }
    entries.push(parsed.data)
  })
  if (issues.length) throw new ValidationError('invalid_argument', issues)
  return entries
}

/** The company's FAQ as CSV, with a BOM so spreadsheet programs read the Chinese text as UTF-8. */
export function faqCsv(faqs: readonly Faq[], locale: 'en' | 'zh-CN'): string {
  const rows = faqs.map((f) => [f.question, f.answer, (f.synonyms ?? []).join('\n'), f.keywords])
  // Lines end in CRLF (RFC 4180); a cell with a line break of its own (synonyms) must be quoted too.
  return `\uFEFF${stringify([HEADERS[locale], ...rows], { record_delimiter: 'windows', quoted_match: /[\r\n]/ })}`
}

/** The admin console's FAQ tools: which entry answers a question, CSV export and import. */
const tryBody = z.object({ question: z.string().trim().min(1).max(2000) })
const exportQuery = z.object({ locale: z.enum(['en', 'zh-CN']).default('zh-CN') })
const importBody = z.object({ csv: z.string().max(1_000_000), mode: z.enum(['append', 'replace']).default('append') })

export function faqRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx

  app.post('/api/v1/faqs/try', { schema: { ...routeDoc('faq', 'What the bot would answer to a question', 'admin'), body: tryBody } }, async (request) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { question } = tryBody.parse(request.body)
    const match = matchFaq(await listFaqs(db, admin.companyId), question)
    return match.kind === 'answer' ? { kind: 'answer', faq: match.faq, synonym: match.synonym } : match
  })

  app.get('/api/v1/faqs/export', { schema: { ...routeDoc('faq', 'The FAQ as CSV (headers in the locale)', 'admin'), querystring: exportQuery } }, async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const { locale } = exportQuery.parse(request.query)
    const csv = faqCsv(await listFaqs(db, admin.companyId), locale)
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="faq-${admin.companyId}.csv"`)
      .send(csv)
  })

  app.post('/api/v1/faqs/import', { schema: { ...routeDoc('faq', 'Import FAQ entries from CSV, appended or replacing all', 'admin'), body: importBody } }, async (request, reply) => {
    const admin = await authenticateAgent(ctx, request, 'admin')
    const body = importBody.parse(request.body)
    const entries = parseFaqCsv(body.csv)
    if (!entries.length) throw new KefuError('invalid_argument', 'the file has no entries below its header row')
    const result = await ctx.chat.admin.importFaqs(admin.companyId, entries, body.mode)
    return reply.status(201).send(result)
  })
}
