// Adds up every package's vitest JSON report and prints one closing line, `N passed, N failed`.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
let passed = 0
let failed = 0
let skipped = 0
// Every workspace package: those under packages/, apps/ and fixtures/, and e2e/ itself.
const packageDirs = ['packages', 'apps', 'fixtures'].flatMap((group) =>
  existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(root, group, name)) : [],
)
packageDirs.push(join(root, 'e2e'))
for (const dir of packageDirs) {
  const report = join(dir, 'test-results.json')
  if (!existsSync(report)) continue
  const result = JSON.parse(readFileSync(report, 'utf8'))
  passed += result.numPassedTests
  failed += result.numFailedTests
  skipped += result.numPendingTests + (result.numTodoTests ?? 0)
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
