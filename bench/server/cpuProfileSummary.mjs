// Summarises a V8 CPU profile (`node --cpu-prof`, e.g. from `bench/server --server-cpu-prof DIR`): the
// functions with the most self time, and the share of busy time by where the code comes from.
//   node bench/server/cpuProfileSummary.mjs FILE.cpuprofile [--top N] [--from US --to US]
// --from/--to keep the samples taken in that window, in microseconds of the system's monotonic clock (what
// V8 stamps profiles with, and what `process.hrtime.bigint() / 1000n` reads in any process), so a profile
// of a whole server process can be summarised for the load alone, without its start and stop.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const areaOf = (url, name) => {
  if (name === '(garbage collector)') return 'garbage collection'
  if (name === '(program)') return 'V8/native (program)'
  if (!url) return 'native / builtins'
  if (url.startsWith('wasm://')) return 'PGlite engine (WebAssembly)'
  if (url.includes('/pglite/')) return 'PGlite JS (wire protocol, files)'
  if (url.includes('/pg/') || url.includes('/pg-protocol/') || url.includes('/pg-pool/')) return 'pg driver'
  if (url.includes('/ws/')) return 'ws'
  if (url.includes('/pino') || url.includes('/sonic-boom/')) return 'logging'
  if (url.includes('/zod/')) return 'zod validation'
  if (url.includes('/packages/server/') || url.includes('/packages/core/')) return 'kefu'
  if (url.startsWith('node:')) return 'node core'
  return 'other libraries'
}
/** Time spent below JavaScript: charged also to the code that called it. */
const isNative = (area) => area === 'native / builtins' || area === 'node core'

/** The summary of one profile as printable lines; `from`/`to` (µs, monotonic) keep only that window. */
export function summarizeCpuProfile(profile, { top = 15, from = -Infinity, to = Infinity, title = 'profile' } = {}) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parentOf = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node])))
  // Native and Node-core time (a socket write, say) charged to the nearest caller of another origin.
  const callerAreaOf = (node) => {
    for (let at = parentOf.get(node.id); at; at = parentOf.get(at.id)) {
      const area = areaOf(at.callFrame.url, at.callFrame.functionName)
      if (!isNative(area)) return area
    }
    return 'no caller (event loop)'
  }
  // Self time per node: the sampling interval after each sample belongs to the node sampled.
  const self = new Map()
  let at = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0
    if (at < from || at > to) continue
    const dt = profile.timeDeltas[i + 1] ?? 0
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt)
  }
  const functions = new Map()
  const areas = new Map()
  const nativeByCaller = new Map()
  let total = 0
  let idle = 0
  for (const [id, time] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame
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
    if (isNative(area)) {
      const caller = callerAreaOf(byId.get(id))
      nativeByCaller.set(caller, (nativeByCaller.get(caller) ?? 0) + time)
    }
  }
  if (!total) return [`${title}: no busy samples${Number.isFinite(from) ? ' in the window' : ''}`]
  const pct = (t) => `${((t / total) * 100).toFixed(1)}%`.padStart(6)
  return [
    `${title}: ${(total / 1e6).toFixed(2)} s busy, ${(idle / 1e6).toFixed(2)} s idle (${((total / (total + idle)) * 100).toFixed(0)}% busy)`,
    'busy time by origin:',
    ...[...areas].sort((a, b) => b[1] - a[1]).map(([area, time]) => `  ${pct(time)}  ${area}`),
    'native and Node-core time by the code that called it (share of busy time):',
    ...[...nativeByCaller].sort((a, b) => b[1] - a[1]).map(([area, time]) => `  ${pct(time)}  ${area}`),
    `top ${top} functions by self time (share of busy time):`,
    ...[...functions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, time]) => `  ${pct(time)}  ${key}`),
  ]
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, ...rest] = process.argv.slice(2)
  const flags = {}
  for (let i = 0; i < rest.length; i += 2) flags[rest[i]] = Number(rest[i + 1])
  const unknown = Object.keys(flags).filter((flag) => !['--top', '--from', '--to'].includes(flag))
  if (!file || unknown.length || Object.values(flags).some((value) => Number.isNaN(value))) {
    console.error('usage: node bench/server/cpuProfileSummary.mjs FILE.cpuprofile [--top N] [--from US --to US]')
    process.exit(2)
  }
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  console.log(summarizeCpuProfile(profile, { top: flags['--top'], from: flags['--from'], to: flags['--to'], title: file }).join('\n'))
}
