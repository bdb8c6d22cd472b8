import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseFaqCsv } from '../src/http/faqRoutes'
import { DATABASES, startHarness, type Harness } from './harness'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- REST bodies read as JSON
type Json = any

function expectError(res: { status: number; body: Json }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) })
}

describe('FAQ CSV parsing', () => {
  it('reads English or Chinese headers in any order, quoted cells, synonyms one per line or split by |', () => {
    const csv = '\uFEFF答案,问题,相似问法,关键词\r\n"七天内可退货，请在订单页申请。",怎么退货,"如何退货\n我想退货|退货流程",退货\r\n支持顺丰,用什么快递,,快递\r\n'
    expect(parseFaqCsv(csv)).toEqual([
      { question: '怎么退货', answer: '七天内可退货，请在订单页申请。', synonyms: ['如何退货', '我想退货', '退货流程'], keywords: '退货' },
      { question: '用什么快递', answer: '支持顺丰', synonyms: [], keywords: '快递' },
    ])
    expect(parseFaqCsv('Question,ANSWER\nq,a\n')).toEqual([{ question: 'q', answer: 'a', synonyms: [], keywords: '' }])
  })

  it('lists every problem with its spreadsheet row, header being row 1', () => {
    const problems = (csv: string) => {
      try {
        parseFaqCsv(csv)
        return []
      } catch (error) {
        return (error as { issues: { path: string; message: string }[] }).issues.map((i) => `${i.path}: ${i.message}`)
      }
    }
    expect(problems('question,reply\n')).toEqual([
      'rows.1: unknown column "reply": use question, answer, synonyms, keywords (or 问题、答案、相似问法、关键词)',
      'rows.1: the "answer" (答案) column is missing',
    ])
    expect(problems('question,answer,问题\n')).toEqual(['rows.1: column "问题" appears twice'])
    expect(problems('question,answer\nq1,\n,a2\nq1,a3\n' + `${'x'.repeat(501)},a4\n`)).toEqual([
      'rows.2.answer: is empty',
      'rows.3.question: is empty',
      'rows.4.question: repeats row 2',
      'rows.5.question: Too big: expected string to have <=500 characters',
    ])
    expect(problems('')).toEqual(['csv: is empty: the first row must name the columns (question, answer, …)'])
    expect(problems('question,answer\n"unterminated,a\n')[0]).toMatch(/^csv: is not valid CSV/)
    expect(problems(`question,answer\n${'q,a\n'.repeat(2001)}`)).toEqual(['csv: has 2001 entries; import at most 2000 at a time'])
  })
})

describe.each(DATABASES)('the bot FAQ in the console: synonyms, try it, CSV (%s)', (database) => {
  let h: Harness
  let admin: string
  let agent: string

  beforeAll(async () => {
    h = await startHarness(database)
    admin = await h.login(h.adminEmail)
    agent = (await h.addAgent({ email: `agent-${randomBytes(4).toString('hex')}@example.com`, name: 'Agent' })).token
  })
  afterAll(() => h?.close())

  const faqs = async () => (await h.http('GET', '/api/v1/faqs', { token: admin })).body as Json[]
  const tryIt = (question: string, token = admin) => h.http('POST', '/api/v1/faqs/try', { token, body: { question } })

  it('entries keep their synonyms, trimmed and without repeats', async () => {
    const created = await h.http('POST', '/api/v1/faqs', {
      token: admin,
      body: { question: '如何申请退款', answer: '在订单详情页点“申请退款”，1–3 个工作日到账。', synonyms: [' 怎么退钱 ', '怎么退钱', '', '钱什么时候退回来'] },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({ question: '如何申请退款', synonyms: ['怎么退钱', '钱什么时候退回来'], keywords: '' })
    const updated = await h.http('PUT', `/api/v1/faqs/${created.body.faqId}`, {
      token: admin,
      body: { question: '如何申请退款', answer: created.body.answer, synonyms: ['怎么退钱', '退款多久到账'] },
    })
    expect(updated.body.synonyms).toEqual(['怎么退钱', '退款多久到账'])
    expectError(await h.http('POST', '/api/v1/faqs', { token: admin, body: { question: 'q', answer: 'a', synonyms: 'not a list' } }), 400, 'invalid_argument')
    expectError(await h.http('POST', '/api/v1/faqs', { token: admin, body: { question: 'q', answer: 'a', synonyms: Array(51).fill('x') } }), 400, 'invalid_argument')
  })

  it('"try it" shows which entry answers, and by which wording; a handoff request and an unknown question too', async () => {
    await h.http('POST', '/api/v1/faqs', { token: admin, body: { question: '你们用什么快递', answer: '默认顺丰，偏远地区邮政。', keywords: '快递,物流' } })
    const bySynonym = await tryIt('我想问下怎么退钱')
    expect(bySynonym.status).toBe(200)
    expect(bySynonym.body).toMatchObject({ kind: 'answer', faq: { question: '如何申请退款' }, synonym: '怎么退钱' })
    expect((await tryIt('如何申请退款？')).body).toMatchObject({ kind: 'answer', faq: { question: '如何申请退款' }, synonym: null })
    expect((await tryIt('物流到哪了')).body).toMatchObject({ kind: 'answer', faq: { question: '你们用什么快递' }, synonym: null })
    expect((await tryIt('转人工')).body).toEqual({ kind: 'handoff' })
    expect((await tryIt('今天天气怎么样')).body).toEqual({ kind: 'none' })
    expectError(await tryIt('   '), 400, 'invalid_argument')
    expectError(await tryIt('怎么退钱', agent), 403, 'forbidden')
  })

  it('exports CSV with a BOM and the headers of the asked language; importing it again changes nothing', async () => {
    const before = await faqs()
    const zh = await fetch(`${h.url}/api/v1/faqs/export`, { headers: { authorization: `Bearer ${admin}` } })
    expect(zh.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(zh.headers.get('content-disposition')).toBe(`attachment; filename="faq-${h.companyId}.csv"`)
    const bytes = new Uint8Array(await zh.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes.slice(3))
    expect(text.split('\r\n')[0]).toBe('问题,答案,相似问法,关键词')
    expect(text).toContain('如何申请退款,在订单详情页点“申请退款”，1–3 个工作日到账。,"怎么退钱\n退款多久到账",')
    const en = await (await fetch(`${h.url}/api/v1/faqs/export?locale=en`, { headers: { authorization: `Bearer ${admin}` } })).text()
    expect(en.split('\r\n')[0]).toBe('question,answer,synonyms,keywords') // text() drops the BOM

    const replaced = await h.http('POST', '/api/v1/faqs/import', { token: admin, body: { csv: text, mode: 'replace' } })
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(201)
    expect(replaced.body).toEqual({ added: before.length, removed: before.length })
    expect((await faqs()).map(({ faqId: _id, ...rest }) => rest)).toEqual(before.map(({ faqId: _id, ...rest }) => rest))
    const agentExport = await fetch(`${h.url}/api/v1/faqs/export`, { headers: { authorization: `Bearer ${agent}` } })
    expect(agentExport.status).toBe(403)
  })

  it('import appends new entries; a row that repeats an entry or is invalid refuses the whole file', async () => {
    const before = await faqs()
    const dup = await h.http('POST', '/api/v1/faqs/import', { token: admin, body: { csv: 'question,answer\n新问题,新答案\n如何申请退款,重复\n' } })
    expectError(dup, 400, 'invalid_argument')
    expect(dup.body.error.issues).toEqual([{ path: 'rows.3.question', message: 'is already an entry (import with "replace" to overwrite)' }])
    const bad = await h.http('POST', '/api/v1/faqs/import', { token: admin, body: { csv: 'question,answer\n新问题,\n' } })
    expect(bad.body.error.issues).toEqual([{ path: 'rows.2.answer', message: 'is empty' }])
    expectError(await h.http('POST', '/api/v1/faqs/import', { token: admin, body: { csv: 'question,answer\n' } }), 400, 'invalid_argument')
    expectError(await h.http('POST', '/api/v1/faqs/import', { token: admin, body: { csv: 'question,answer\nq,a\n', mode: 'merge' } }), 400, 'invalid_argument')
    expectError(await h.http('POST', '/api/v1/faqs/import', { token: agent, body: { csv: 'question,answer\nq,a\n' } }), 403, 'forbidden')
    expect(await faqs()).toEqual(before)

    const added = await h.http('POST', '/api/v1/faqs/import', { token: admin, body: { csv: 'question,answer,synonyms\n营业时间,每天 9:00–21:00,几点上班|几点下班\n' } })
    expect(added.body).toEqual({ added: 1, removed: 0 })
    const all = await faqs()
    expect(all).toHaveLength(before.length + 1)
    expect(all.at(-1)).toMatchObject({ question: '营业时间', synonyms: ['几点上班', '几点下班'] })
    expect((await tryIt('你们几点下班')).body).toMatchObject({ kind: 'answer', faq: { question: '营业时间' }, synonym: '几点下班' })
  })
})
