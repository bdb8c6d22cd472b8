// Throughput of the card HTML sanitizer on ordinary and hostile input (needs `pnpm build`).
// Prints figures; it asserts nothing. Hostile inputs must stay in the same order of magnitude as
// ordinary ones of the same size: a quadratic path would show up here as seconds, not milliseconds.
import { sanitizeCardHtml } from '../../packages/core/dist/cards.js'

const cases = {
  'seed card (cook1005)': "<div style='color:#666;line-height:20px'>原价:<span style='text-decoration:line-through'>¥414.99</span></div><div style='color:#666;line-height:20px'>促销:<span style='color:red'>¥211.64</span></div>",
  'unclosed attribute ×5000': '<div a="'.repeat(5000),
  'open tags without > ×5000': '<div '.repeat(5000) + '>',
  'comment openers ×5000': '<!--'.repeat(5000),
  'long style ×5000 declarations': '<span style="' + 'color:red;'.repeat(5000) + '">',
  'script openers ×5000': '<script>'.repeat(5000),
  'nesting 100k deep, mismatched ends': '<span>'.repeat(100000) + '</div>'.repeat(100000),
}

const rows = []
for (const [name, input] of Object.entries(cases)) {
  const rounds = input.length < 1000 ? 20000 : 5
  sanitizeCardHtml(input)
  const start = process.hrtime.bigint()
  for (let i = 0; i < rounds; i++) sanitizeCardHtml(input)
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / rounds
  rows.push({ input: name, 'size (B)': input.length, 'ms per call': ms.toFixed(3), 'MB/s': (input.length / 1e6 / (ms / 1000)).toFixed(1) })
}
console.table(rows)
