// @vitest-environment node
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SOURCE = /\.(ts|tsx)$/

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : SOURCE.test(name) ? [path] : []
  })
}

/** Resolves a relative import to a source file. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec)
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile())
}

/** Every file a client component pulls into the browser bundle, following relative imports. */
function clientGraph(): Map<string, string> {
  const reached = new Map<string, string>()
  const entries = ['app', 'components', 'lib'].flatMap((dir) => files(join(root, dir))).filter((f) => /^['"]use client['"]/.test(readFileSync(f, 'utf8')))
  const queue = [...entries]
  for (const entry of entries) reached.set(entry, readFileSync(entry, 'utf8'))
  while (queue.length) {
    const file = queue.pop()!
    for (const [, spec] of reached.get(file)!.matchAll(/^import\s+(?!type\b)[^'"]*['"](\.[^'"]+)['"]/gm)) {
      const target = resolveImport(file, spec!)
      if (target && !reached.has(target)) {
        reached.set(target, readFileSync(target, 'utf8'))
        queue.push(target)
      }
    }
  }
  return reached
}

it('no client component reaches the environment, the sign key or node:crypto', () => {
  const graph = clientGraph()
  expect(graph.size).toBeGreaterThan(5)
  for (const [file, text] of graph) {
    const name = relative(root, file)
    expect(text, name).not.toMatch(/process\.env|KEFU_SIGN_KEY|KEFU_PLUGIN_SECRET|STORE_SESSION_SECRET|node:crypto|next\/headers|@kefu\/agent\/server/)
  }
  // The modules that hold secrets are server-only by this test.
  const names = [...graph.keys()].map((f) => relative(root, f))
  for (const serverOnly of ['lib/storeEnv.ts', 'lib/memberIdentity.ts', 'lib/session.ts', 'lib/users.ts', 'lib/orderBook.ts']) {
    expect(names).not.toContain(serverOnly)
  }
})

const staticDir = join(root, '.next', 'static')
it.skipIf(!existsSync(staticDir))('the built browser chunks never read the secrets nor carry the orders (checked when a build exists)', () => {
  const js = (readdirSync(staticDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.js'))
  for (const file of js) {
    const text = readFileSync(join(staticDir, file), 'utf8')
    expect(text, file).not.toMatch(/KEFU_SIGN_KEY|KEFU_PLUGIN_SECRET|STORE_SESSION_SECRET/)
    // Orders are served only by the proof-checked lookup (and the signed-in shopper's own page).
    expect(text, file).not.toMatch(/SO2026\d{7}/)
  }
  expect(js.length).toBeGreaterThan(0)
})
