import fc from 'fast-check'
import { expect } from 'vitest'
import type { Harness } from '../harness'

/** Runs per property: enough to reach odd corners, few enough for CI on a loaded 2-core machine. */
export const FRAME_RUNS = 120
export const REST_RUNS = 150

/**
 * A digest of everything a company's visitors, conversations, messages, leave messages, traces, agents,
 * groups, FAQs, quick replies, plugins, files and the company row hold: equal digests, nothing changed.
 */
export async function companyDigest(h: Harness, companyId: string): Promise<string> {
  const tables = ['visitors', 'conversations', 'messages', 'leave_messages', 'traces', 'agents', 'groups', 'faqs', 'quick_replies', 'plugins', 'files']
  const parts = await Promise.all(
    tables.map(async (table) => {
      const [row] = await h.server.context.db.query<{ digest: string | null }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${table} t WHERE company_id = $1`,
        [companyId],
      )
      return `${table}:${row?.digest ?? '-'}`
    }),
  )
  const [company] = await h.server.context.db.query<{ digest: string }>(`SELECT md5(t::text) AS digest FROM companies t WHERE id = $1`, [companyId])
  return `${parts.join(',')},company:${company?.digest}`
}

/** An answer that shows an internal failure: a server_error, a 5xx, or a stack trace in any text. */
export function expectNoInternalFailure(answer: unknown, what: string): void {
  const text = JSON.stringify(answer)
  expect(text, what).not.toMatch(/server_error/)
  expect(text, what).not.toMatch(/\\n\s+at |\bat [\w.<>]+ \(|node_modules|\.ts:\d+/)
}

/** Strings that break naive code: NUL, lone surrogates, control and bidi characters, markup, long text. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  // Valid-looking text with a character PostgreSQL cannot store, or a control character, inside.
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\ufffe'), fc.string({ maxLength: 10 })).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\u202e',
    '<script>alert(1)</script>',
    'javascript:alert(1)',
    "'; DROP TABLE messages; --",
    '%00',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    '{{7*7}}',
    'x'.repeat(70_000),
    '表'.repeat(3000),
  ),
)

/** Numbers JSON can carry, including those that overflow 32-bit columns or are not integers. */
export const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 1e308, -1e308, Number.MIN_VALUE),
)

/** Any JSON value, biased toward the nasty strings and numbers above. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom('type', 'cid', 'text', 'seq', 'card', 'body')), tie('value'), { maxKeys: 4 }),
  ),
})).value

/** A valid-looking object with some of its fields replaced by nasty values or left out. */
export function mutated(template: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(template)
  return fc
    .tuple(fc.subarray(keys), fc.dictionary(fc.constantFrom(...keys, 'extra', '__proto__'), nastyJson, { maxKeys: 3 }))
    .map(([kept, replaced]) => {
      const out: Record<string, unknown> = {}
      for (const key of kept) out[key] = template[key]
      for (const [key, value] of Object.entries(replaced)) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
      return out
    })
}

/**
 * A valid value with some leaves changed: a string or number now and then becomes a nasty one (or any
 * JSON), an object's keys may go missing; `type` and `v` stay, so the result still names what it is.
 * Mostly valid, so frames and bodies get past the first checks and reach the code behind them.
 */
export function perturbed(value: unknown, key = ''): fc.Arbitrary<unknown> {
  if (key === 'type' || key === 'v') return fc.constant(value)
  const or = (keep: unknown, nasty: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 10, arbitrary: fc.constant(keep) }, { weight: 2, arbitrary: nasty }, { weight: 1, arbitrary: nastyJson })
  if (typeof value === 'string') return or(value, nastyString)
  if (typeof value === 'number') return or(value, nastyNumber)
  if (typeof value === 'boolean' || value === null) return or(value, fc.constant(undefined))
  if (Array.isArray(value)) return fc.tuple(...value.map((item) => perturbed(item)))
  const entries = Object.entries(value as object)
  const record = fc.record(Object.fromEntries(entries.map(([name, item]) => [name, perturbed(item, name)])), {
    requiredKeys: entries.map(([name]) => name).filter((name) => name === 'type' || name === 'v'),
  })
  return key ? fc.oneof({ weight: 12, arbitrary: record }, { weight: 1, arbitrary: nastyJson }) : record
}
