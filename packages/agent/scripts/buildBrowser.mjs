// Builds the script tag version of the plugin SDK (dist/browser/jssdk.js) that a business page includes,
// as in the seeds: `<script src=".../jssdk.js">` then `echatSDK.config(...)` or `window.external.PutMsg(...)`.
import { build } from 'esbuild'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { stdout } from 'node:process'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'browser')
mkdirSync(out, { recursive: true })

const outfile = join(out, 'jssdk.js')
await build({
  entryPoints: [join(root, 'src/browser/jssdk.ts')],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020', 'chrome80', 'safari14'],
  // Read sibling packages from source, so the browser build never depends on their build order.
  conditions: ['@kefu/source', 'browser', 'module', 'import', 'default'],
  legalComments: 'none',
  // Chinese strings as UTF-8, not \uXXXX escapes; served with charset=utf-8.
  charset: 'utf8',
  logLevel: 'warning',
})

const bytes = readFileSync(outfile)
stdout.write(`dist/browser/jssdk.js: ${bytes.length} bytes, ${gzipSync(bytes).length} gzipped\n`)
