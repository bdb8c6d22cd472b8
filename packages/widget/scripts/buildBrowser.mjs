// Builds what browsers load from a kefu server: the loader a store page includes, the host runtime it
// loads, the chat window page, and Sobot's standalone leave-message page. Written to dist/browser/;
// the server serves that folder.
import { build } from 'esbuild'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'browser')
mkdirSync(out, { recursive: true })

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020', 'chrome80', 'safari14'],
  // Read sibling packages from source, so the browser build never depends on their build order.
  conditions: ['@kefu/source', 'browser', 'module', 'import', 'default'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  // Chinese strings as UTF-8, not \uXXXX escapes (half the bytes); served with charset=utf-8.
  charset: 'utf8',
  logLevel: 'warning',
}

// The chat window reads its strings from the one locale script it loads (chat-<locale>.js).
const localeChunks = {
  name: 'locale-chunks',
  setup(build) {
    build.onResolve({ filter: /\/messagesFor$/ }, (args) => ({ path: join(args.resolveDir, 'messagesFor.browser.ts') }))
  },
}
const LOCALES = { 'zh-CN': 'zhCN', 'zh-TW': 'zhTW', en: 'en' }

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'src/loader/loader.ts')], outfile: join(out, 'loader.js') }),
  build({ ...common, entryPoints: [join(root, 'src/host/main.ts')], outfile: join(out, 'host.js') }),
  build({ ...common, entryPoints: [join(root, 'src/chatWindow/main.ts')], outfile: join(out, 'chat.js'), plugins: [localeChunks] }),
  // Its own bundle, so the chat window's budget does not pay for it; it shares the locale scripts.
  build({ ...common, entryPoints: [join(root, 'src/leaveMessage/main.ts')], outfile: join(out, 'leavemessage.js'), plugins: [localeChunks] }),
  ...Object.entries(LOCALES).map(([locale, name]) =>
    build({
      ...common,
      stdin: {
        contents: `import { ${name} } from './src/i18n/${name}'\nimport { LOCALE_GLOBAL } from './src/i18n/messagesFor.browser'\nconst g = globalThis as Record<string, Record<string, unknown>>\n;(g[LOCALE_GLOBAL] ??= {})['${locale}'] = ${name}\n`,
        resolveDir: root,
        loader: 'ts',
      },
      outfile: join(out, `chat-${locale}.js`),
    }),
  ),
])

writeFileSync(
  join(out, 'chat.html'),
  `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<title>客服 · Chat</title>
<style>html,body{margin:0;height:100%;background:#fff}</style>
</head>
<body>
<script src="chat.js"></script>
</body>
</html>
`,
)

// Served at /leavemessage.html and /chat/h5/v2/leavemessage.html (Sobot's path): the script is absolute.
writeFileSync(
  join(out, 'leavemessage.html'),
  `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<title>留言 · Leave a message</title>
<style>html,body{margin:0;height:100%;background:#f5f6f7}</style>
</head>
<body>
<script src="/leavemessage.js"></script>
</body>
</html>
`,
)
