// Summarises a V8 CPU profile (`node --cpu-prof`, e.g. from `bench/server --server-cpu-prof DIR`): the
// functions with the most self time, and the share of busy time by where the code comes from.
//   node bench/server/cpuProfileSummary.mjs FILE.cpuprofile [--top N]
import { readFileSync } from 'node:fs'

const [file, flag, n] = process.argv.slice(2)
if (!file) {
  console.error('usage: node bench/server/cpuProfileSummary.mjs FILE.cpuprofile [--top N]')
  process.exit(2)
}
const top = flag === '--top' ? Number(n) : 15
const profile = JSON.parse(readFileSync(file, 'utf8'))
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
// Self time per node: the sampling interval after each sample belongs to the node sampled.
const self = new Map()
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt)
}
const functions = new Map()
const areas = new Map()
let total = 0
let idle = 0
const areaOf = (url, name) => {
  if (name === '(garbage collector)') return 'garbage collection'
  if (name === '(program)') return 'V8/native (program)'
  if (!url) return 'native / builtins'
  if (url.includes('/pglite/')) return 'PGlite (WASM engine and its JS)'
  if (url.includes('/pg/') || url.includes('/pg-protocol/') || url.includes('/pg-pool/')) return 'pg driver'
  if (url.includes('/ws/')) return 'ws'
  if (url.includes('/pino') || url.includes('/sonic-boom/')) return 'logging'
  if (url.includes('/zod/')) return 'zod validation'
  if (url.includes('/packages/server/') || url.includes('/packages/core/')) return 'kefu'
  if (url.startsWith('node:')) return 'node core'
  return 'other libraries'
}
for (const [id, time] of self) {
  const node = byId.get(id)
  const { functionName, url, lineNumber } = node.callFrame
  const name = functionName || '(anonymous)'
  if (name === '(idle)') {
    idle += time
    continue
  }
  total += time
  const where = url ? `${url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^file:\/\/.*\/packages\//, 'packages/')}:${lineNumber + 1}` : ''
  const key = `${name} ${where}`
  functions.set(key, (functions.get(key) ?? 0) + time)
  const area = areaOf(url, name)
  areas.set(area, (areas.get(area) ?? 0) + time)
}
const pct = (t) => `${((t / total) * 100).toFixed(1)}%`.padStart(6)
console.log(`${file}: ${(total / 1e6).toFixed(2)} s busy, ${(idle / 1e6).toFixed(2)} s idle (${((total / (total + idle)) * 100).toFixed(0)}% busy)`)
console.log('\nbusy time by origin:')
for (const [area, time] of [...areas].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(time)}  ${area}`)
console.log(`\ntop ${top} functions by self time (share of busy time):`)
for (const [key, time] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(time)}  ${key}`)
