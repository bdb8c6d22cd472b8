// Builds what browsers load from a kefu server, into dist/browser/:
//
// - loader.js: the script a store page includes (at the documented URLs /loader.js, /visitor/echat.js,
//   /chat/frame/v2/entrance.js). Not content-hashed: the server revalidates it (ETag, Last-Modified).
// - chat.html, leavemessage.html: the chat window page and Sobot's leave-message page (revalidated too).
// - assets/: everything else, content-hashed and served immutable, each with its .br and .gz:
//   host-<hash>.js (the small host every store page runs: API queue, button, unread badge),
//   watch-<hash>.js (the unread badge's connection, for a visitor kefu already knows),
//   runtime-<hash>.js (the rest of the store page's side, loaded when the chat opens or a page API needs it),
//   chat-<hash>.js (the chat window), leavemessage-<hash>.js, and chat-<locale>-<hash>.js (one language's strings).
// - manifest.json: logical name → hashed file, for the server and the benchmarks.
import { build } from 'esbuild'
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Buffer } from 'node:buffer'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'browser')
const assets = join(out, 'assets')
rmSync(out, { recursive: true, force: true })
mkdirSync(assets, { recursive: true })

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020', 'chrome80', 'safari14'],
  // esbuild rewrites every `?.` for Chrome 80–90 because of one V8 bug there: an optional call with a
  // spread argument before another argument (`f?.(...a, b)`, crbug.com/42201552). kefu's code has no
  // such call (test/optionalChain.test.ts checks), so `?.` stays native (Babel's bugfix approach): 300 B.
  supported: { 'optional-chain': true },
  // Read sibling packages from source, so the browser build never depends on their build order.
  conditions: ['@kefu/source', 'browser', 'module', 'import', 'default'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  // Chinese strings as UTF-8, not \uXXXX escapes (half the bytes); served with charset=utf-8.
  charset: 'utf8',
  logLevel: 'warning',
}
const LOCALES = { 'zh-CN': 'zhCN', 'zh-TW': 'zhTW', en: 'en' }

/** Builds one hashed asset; returns its file name. */
async function asset(name, options) {
  const result = await build({ ...common, ...options, outdir: assets, entryNames: `${name}-[hash]`, metafile: true, write: true })
  return basename(Object.keys(result.metafile.outputs).find((file) => file.endsWith('.js')))
}

/** A module replacing `messagesFor` (see i18n): `table` inline (the small host) or the locale scripts' global. */
const messagesPlugin = (contents) => ({
  name: 'messages',
  setup(b) {
    b.onResolve({ filter: /\/messagesFor$/ }, (args) =>
      contents ? { path: 'messagesFor', namespace: 'messages' } : { path: join(args.resolveDir, 'messagesFor.browser.ts') },
    )
    b.onLoad({ filter: /.*/, namespace: 'messages' }, () => ({ contents, loader: 'ts' }))
  },
})
const localeChunks = messagesPlugin()

// 1. One script per language, registering its strings.
const localeFiles = Object.fromEntries(
  await Promise.all(
    Object.entries(LOCALES).map(async ([locale, name]) => [
      locale,
      await asset(`chat-${locale}`, {
        stdin: {
          contents: `import { ${name} } from './src/i18n/${name}'\nimport { LOCALE_GLOBAL } from './src/i18n/messagesFor.browser'\nconst g = globalThis as Record<string, Record<string, unknown>>\n;(g[LOCALE_GLOBAL] ??= {})['${locale}'] = ${name}\n`,
          resolveDir: root,
          loader: 'ts',
        },
      }),
    ]),
  ),
)
const withLocales = { define: { __KEFU_LOCALE_FILES__: JSON.stringify(localeFiles) }, plugins: [localeChunks] }

// 2. What loads them: the chat window, the leave-message page and the store page's runtime; and the watch.
const [chat, leaveMessage, runtime, watch] = await Promise.all([
  asset('chat', { entryPoints: [join(root, 'src/chatWindow/main.ts')], ...withLocales }),
  asset('leavemessage', { entryPoints: [join(root, 'src/leaveMessage/main.ts')], ...withLocales }),
  asset('runtime', { entryPoints: [join(root, 'src/host/runtimeMain.ts')], ...withLocales }),
  asset('watch', { entryPoints: [join(root, 'src/host/watchMain.ts')] }),
])

// 3. The small host: its few strings picked from the dictionaries here, not the dictionaries themselves.
const dictionaries = await import(
  `data:text/javascript;base64,${Buffer.from(
    (
      await build({
        ...common,
        format: 'esm',
        minify: false,
        write: false,
        stdin: {
          contents: `export { zhCN } from './src/i18n/zhCN'\nexport { zhTW } from './src/i18n/zhTW'\nexport { en } from './src/i18n/en'\nexport { SMALL_HOST_MESSAGE_KEYS } from './src/host/smallHostMessageKeys'\n`,
          resolveDir: root,
          loader: 'ts',
        },
      })
    ).outputFiles[0].text,
  ).toString('base64')}`
)
const pick = (messages) => Object.fromEntries(dictionaries.SMALL_HOST_MESSAGE_KEYS.map((key) => [key, messages[key]]))
const hostMessages = { 'zh-CN': pick(dictionaries.zhCN), 'zh-TW': pick(dictionaries.zhTW), en: pick(dictionaries.en) }
const host = await asset('host', {
  entryPoints: [join(root, 'src/host/main.ts')],
  define: { __KEFU_FILES__: JSON.stringify({ startRuntime: runtime, startWatch: watch, ...localeFiles }) },
  plugins: [
    messagesPlugin(
      `const MESSAGES: Record<string, Record<string, string>> = ${JSON.stringify(hostMessages)}\nexport const messagesFor = (locale: string) => MESSAGES[locale] ?? MESSAGES['zh-CN']\n`,
    ),
  ],
})

// 4. The loader, which knows the small host's name.
await build({ ...common, entryPoints: [join(root, 'src/loader/loader.ts')], outfile: join(out, 'loader.js'), define: { __KEFU_HOST_FILE__: JSON.stringify(`assets/${host}`) } })

// The pages: script paths relative to the server's root, which the server adjusts for each path it serves them at.
const page = (title, background, script) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>html,body{margin:0;height:100%;background:${background}}</style>
</head>
<body>
<script src="assets/${script}"></script>
</body>
</html>
`
writeFileSync(join(out, 'chat.html'), page('客服 · Chat', '#fff', chat))
writeFileSync(join(out, 'leavemessage.html'), page('留言 · Leave a message', '#f5f6f7', leaveMessage))

const manifest = { loader: 'loader.js', host: `assets/${host}`, watch: `assets/${watch}`, runtime: `assets/${runtime}`, chat: `assets/${chat}`, leaveMessage: `assets/${leaveMessage}` }
for (const [locale, file] of Object.entries(localeFiles)) manifest[`chat-${locale}`] = `assets/${file}`
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)

// Compressed once here, at the highest levels, so the server never compresses a script per request.
for (const file of ['loader.js', ...readdirSync(assets).map((name) => `assets/${name}`)]) {
  const path = join(out, file)
  const body = readFileSync(path)
  writeFileSync(`${path}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }))
  writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }))
}
