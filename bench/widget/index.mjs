// The widget on localhost in Chromium, as a store page with the Sobot snippet uses it:
// - gzipped and brotli sizes of each file of the browser build, next to
// - bytes on the wire from the kefu server (response bodies as sent, plus headers, plus WebSocket frames)
//   for a page that never opens the chat (a visitor kefu has never seen; one it knows), a repeat visit,
//   and the first open of the chat, each also with compression refused (Accept-Encoding: identity) as the
//   baseline, in the same run;
// - the time from the loader starting to the chat window being ready (Sobot's frame_ready) on a first
//   open, over fresh visits: min / median / max.
// Needs `pnpm build` (the server and the widget's browser build) and /usr/bin/chromium. Prints figures.
import { createCompany, createKefuServer } from '../../packages/server/dist/index.js'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, gzipSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const widgetDir = join(root, 'packages/widget/dist/browser')
const { chromium } = createRequire(join(root, 'e2e/package.json'))('playwright-core')
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 9)
const manifest = JSON.parse(readFileSync(join(widgetDir, 'manifest.json'), 'utf8'))

const sizes = {}
for (const [name, file] of Object.entries(manifest)) {
  const code = readFileSync(join(widgetDir, file))
  sizes[name] = { file, 'min (B)': code.length, 'gzip (B)': gzipSync(code, { level: 9 }).length, 'brotli (B)': brotliCompressSync(code).length }
}
console.log('files of the browser build (each served on its own):')
console.table(sizes)

const server = await createKefuServer({ logLevel: 'silent', widgetDir })
const kefu = await server.listen()
await createCompany(server.context.db, { id: 'bench', name: 'Bench', admin: { email: 'bench@bench.local', name: 'Bench', password: 'bench password 1' } })
const page = (config) => `<!doctype html><meta charset="utf-8"><title>bench</title><body><script>
  (function (w, d, e, x) {
    w[e] = function () { w.cbk = w.cbk || []; w.cbk.push(arguments) }
    x = d.createElement('script'); x.async = true; x.id = 'zhichiScript'
    x.src = '${kefu}/chat/frame/v2/entrance.js?sysnum=bench'
    d.body.appendChild(x)
  })(window, document, 'zc')
  ${config}
  zc('frame_ready', function () { window.__ready = performance.now() })
</script></body>`
const pages = { '/': page(''), '/open': page("zc('config', { auto_expand: true })") }
const store = createServer((q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages[new URL(q.url, 'http://x').pathname] ?? ''))
await new Promise((resolve) => store.listen(0, 'localhost', resolve))
const storeUrl = `http://localhost:${store.address().port}`

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
})

/** Counts what crosses the network from and to the kefu server for `tab` and its frames while `run` runs. */
async function onTheWire(context, tab, run) {
  const totals = { requests: 0, fromCache: 0, http: 0, ws: 0 }
  const pending = []
  const onRequest = (request) => {
    if (!request.url().startsWith(kefu)) return
    pending.push(
      request
        .response()
        .then(async (response) => {
          if (!response) return
          totals.requests++
          if (response.fromServiceWorker() || (await response.headerValue('x-from-cache'))) totals.fromCache++
          const sizes = await request.sizes()
          // A response from the HTTP cache has no transfer: its sizes are 0.
          if (!sizes.responseHeadersSize && !sizes.responseBodySize) totals.fromCache++
          totals.http += sizes.requestHeadersSize + sizes.requestBodySize + sizes.responseHeadersSize + sizes.responseBodySize
        })
        .catch(() => undefined),
    )
  }
  const onSocket = (socket) => {
    const count = ({ payload }) => (totals.ws += Buffer.byteLength(payload))
    socket.on('framesent', count)
    socket.on('framereceived', count)
  }
  context.on('request', onRequest)
  tab.on('websocket', onSocket)
  await run()
  await new Promise((resolve) => setTimeout(resolve, 500))
  await Promise.all(pending)
  context.off('request', onRequest)
  tab.off('websocket', onSocket)
  return totals
}

const settle = (tab) => tab.waitForFunction(() => window._kefu && window._kefu.host, null, { timeout: 20_000 }).then(() => new Promise((r) => setTimeout(r, 800)))
// The baseline refuses compression, for the page and its frames alike.
const contextFor = (baseline) => browser.newContext(baseline ? { extraHTTPHeaders: { 'Accept-Encoding': 'identity' } } : {})

async function visits(baseline) {
  const rows = {}
  // A visitor kefu has never seen, who never opens the chat; then the same visitor's next page.
  let context = await contextFor(baseline)
  let tab = await context.newPage()
  rows['never opened, first visit'] = await onTheWire(context, tab, async () => (await tab.goto(`${storeUrl}/`), await settle(tab)))
  rows['never opened, repeat visit'] = await onTheWire(context, tab, async () => (await tab.goto(`${storeUrl}/`), await settle(tab)))
  await context.close()
  // Opening the chat (the visitor clicks the button), from a fresh visit: what the first open adds.
  context = await contextFor(baseline)
  tab = await context.newPage()
  await tab.goto(`${storeUrl}/`)
  await settle(tab)
  rows['first open of the chat'] = await onTheWire(context, tab, async () => {
    await tab.click('.kefu-launcher')
    await tab.waitForFunction(() => window.__ready, null, { timeout: 20_000 })
  })
  // The same visitor (now known to kefu, so the unread badge connects) on a page where they do not open it.
  const known = await context.newPage()
  rows['never opened, a visitor kefu knows'] = await onTheWire(context, known, async () => (await known.goto(`${storeUrl}/`), await settle(known)))
  await context.close()
  return rows
}

const times = []
try {
  const compressed = await visits(false)
  const plain = await visits(true)
  const table = {}
  for (const [name, row] of Object.entries(compressed)) {
    table[name] = {
      'requests (cached)': `${row.requests} (${row.fromCache})`,
      'HTTP bytes': row.http,
      'WebSocket bytes': row.ws,
      'HTTP, no compression': plain[name].http,
      ratio: plain[name].http ? (row.http / plain[name].http).toFixed(2) : '-',
    }
  }
  console.log('bytes on the wire from and to kefu (headers included), brotli/gzip vs Accept-Encoding: identity, same run:')
  console.table(table)

  for (let i = 0; i < runs; i++) {
    // A fresh context each time: a first visit, nothing cached, no visitor token yet.
    const context = await browser.newContext()
    const tab = await context.newPage()
    await tab.goto(`${storeUrl}/open`)
    await tab.waitForFunction(() => window.__ready, null, { timeout: 20_000 })
    times.push(
      await tab.evaluate(() => {
        const loader = performance.getEntriesByType('resource').find((e) => e.name.includes('/entrance.js'))
        return window.__ready - loader.startTime
      }),
    )
    await context.close()
  }
} finally {
  await browser.close()
  store.close()
  await server.close()
}
times.sort((a, b) => a - b)
console.log(`loader start → chat window ready (frame_ready, auto_expand), ${runs} first visits on localhost:`)
console.table({ ms: { min: times[0].toFixed(0), median: times[Math.floor(times.length / 2)].toFixed(0), max: times.at(-1).toFixed(0) } })
