// Minified + gzipped size of each package's browser entry, against its budget.
// The bindings' figures leave out the framework and @kefu/core, which the app already ships.
// Exits 1 when a package is over budget, so CI fails. Needs `pnpm build` first.
import { build } from 'esbuild'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const KB = 1000

const entries = [
  { name: '@kefu/core', entry: 'packages/core/dist/index.js', budget: 6 * KB, external: [] },
  // The transport a browser app adds to talk to @kefu/server; the core is counted above.
  { name: '@kefu/core/websocket', entry: 'packages/core/dist/websocket.js', budget: 1.5 * KB, external: ['@kefu/core'] },
  // The script a store page includes; it loads the rest only when the page runs.
  { name: '@kefu/widget loader.js', entry: 'packages/widget/dist/browser/loader.js', budget: 2 * KB, external: [] },
  // What a page that never opens the chat pays for kefu, for a visitor who never opened it: the loader and
  // the small host (button, API queue). Each file gzipped on its own, as served.
  { name: '@kefu/widget never-opened page', served: ['loader', 'host'], budget: 6 * KB },
  // A visitor who has chatted before also gets the unread badge's connection (the watch).
  { name: '@kefu/widget watch (unread badge)', served: ['watch'], budget: 2 * KB },
  // The rest of the store page's side, loaded when the chat opens (or a page API needs it).
  { name: '@kefu/widget runtime', served: ['runtime'], budget: 21 * KB },
  // What a visitor's browser runs for the chat window: chat.js and one locale script (core included).
  { name: '@kefu/widget chat window', manifest: ['chat', 'chat-zh-CN'], budget: 30 * KB },
  { name: '@kefu/react', entry: 'packages/react/dist/index.js', budget: 1.5 * KB, external: ['react', 'react-dom', '@kefu/core'] },
  { name: '@kefu/vue', entry: 'packages/vue/dist/index.js', budget: 1.5 * KB, external: ['vue', '@kefu/core'] },
  // A business page inside the agent workbench: the plugin SDK (with the card-link parser it shares with core).
  { name: '@kefu/agent', entry: 'packages/agent/dist/index.js', budget: 7 * KB, external: [] },
  // The same SDK as a script tag (`echatSDK`, `window.external.PutMsg`), served at /open/staff/jssdk-1.0.0.js.
  { name: '@kefu/agent jssdk.js', files: ['packages/agent/dist/browser/jssdk.js'], budget: 7.5 * KB },
  { name: '@kefu/react/agent', entry: 'packages/react/dist/agent/index.js', budget: 1 * KB, external: ['react', 'react-dom', '@kefu/core', '@kefu/agent'] },
  { name: '@kefu/vue/agent', entry: 'packages/vue/dist/agent.js', budget: 1 * KB, external: ['vue', '@kefu/core', '@kefu/agent'] },
]

const widget = join(root, 'packages/widget/dist/browser')
const manifestPath = join(widget, 'manifest.json')
const built = (name) => join('packages/widget/dist/browser', JSON.parse(readFileSync(manifestPath, 'utf8'))[name])

async function measure({ entry, external, files, manifest, served }) {
  // Files the server sends one by one, each gzipped on its own: the sum of what goes on the wire.
  if (served) {
    const codes = served.map((name) => readFileSync(join(root, built(name))))
    return { minified: codes.reduce((n, code) => n + code.length, 0), gzipped: codes.reduce((n, code) => n + gzipSync(code, { level: 9 }).length, 0) }
  }
  if (manifest) files = manifest.map(built)
  // Already-built browser bundles: measured as served, one after the other.
  if (files) {
    const code = Buffer.concat(files.map((file) => readFileSync(join(root, file))))
    return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length }
  }
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external,
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0].contents
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length }
}

let failed = false
const rows = []
for (const pkg of entries) {
  const needsManifest = pkg.manifest || pkg.served
  const missing = needsManifest && !existsSync(manifestPath) ? manifestPath : (pkg.files ?? (needsManifest ? [] : [pkg.entry])).find((file) => !existsSync(join(root, file)))
  if (missing) {
    console.error(`bench/size: ${missing} is missing; run \`pnpm build\` first`)
    process.exit(1)
  }
  const { minified, gzipped } = await measure(pkg)
  const ok = gzipped <= pkg.budget
  failed ||= !ok
  rows.push({ package: pkg.name, 'min (B)': minified, 'min+gzip (B)': gzipped, 'budget (B)': pkg.budget, ok: ok ? 'yes' : 'OVER' })
}
console.table(rows)
if (failed) {
  console.error('bench/size: a package is over its size budget')
  process.exit(1)
}
