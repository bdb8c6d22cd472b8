// The widget on localhost in Chromium: gzipped sizes of what a visitor's browser loads, and the time
// from the loader starting to the chat window being ready (Sobot's frame_ready), over fresh visits.
// Needs `pnpm build` (the server and the widget's browser build) and /usr/bin/chromium. Prints figures.
import { createCompany, createKefuServer } from '../../packages/server/dist/index.js'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { createRequire } from 'node:module'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const widgetDir = join(root, 'packages/widget/dist/browser')
const { chromium } = createRequire(join(root, 'e2e/package.json'))('playwright-core')
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15)

const gz = (...files) => gzipSync(Buffer.concat(files.map((f) => readFileSync(join(widgetDir, f)))), { level: 9 }).length
console.log('sizes (min+gzip):')
console.table({
  'loader.js': gz('loader.js'),
  'host.js': gz('host.js'),
  'chat.js + chat-zh-CN.js': gz('chat.js', 'chat-zh-CN.js'),
})

const server = await createKefuServer({ logLevel: 'silent', widgetDir })
const kefu = await server.listen()
await createCompany(server.context.db, { id: 'bench', name: 'Bench', admin: { email: 'bench@bench.local', name: 'Bench', password: 'bench password 1' } })
const page = `<!doctype html><meta charset="utf-8"><title>bench</title><body><script>
  (function (w, d, e, x) {
    w[e] = function () { w.cbk = w.cbk || []; w.cbk.push(arguments) }
    x = d.createElement('script'); x.async = true; x.id = 'zhichiScript'
    x.src = '${kefu}/loader.js?sysnum=bench'
    d.body.appendChild(x)
  })(window, document, 'zc')
  zc('config', { auto_expand: true })
  zc('frame_ready', function () { window.__ready = performance.now() })
</script></body>`
const store = createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page))
await new Promise((resolve) => store.listen(0, 'localhost', resolve))
const storeUrl = `http://localhost:${store.address().port}/`

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
})
const times = []
try {
  for (let i = 0; i < runs; i++) {
    // A fresh context each time: a first visit, nothing cached, no visitor token yet.
    const context = await browser.newContext()
    const tab = await context.newPage()
    await tab.goto(storeUrl)
    await tab.waitForFunction(() => window.__ready, null, { timeout: 20_000 })
    const ms = await tab.evaluate(() => {
      const loader = performance.getEntriesByType('resource').find((e) => e.name.includes('/loader.js'))
      return window.__ready - loader.startTime
    })
    times.push(ms)
    await context.close()
  }
} finally {
  await browser.close()
  store.close()
  await server.close()
}
times.sort((a, b) => a - b)
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))]
console.log(`loader start → chat window ready (frame_ready), ${runs} first visits on localhost:`)
console.table({ 'ms': { min: at(0).toFixed(0), p50: at(0.5).toFixed(0), p90: at(0.9).toFixed(0), max: at(1).toFixed(0) } })
