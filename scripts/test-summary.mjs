// Adds up every package's vitest JSON report and prints one closing line, `N passed, N failed`, after the
// name and first lines of each test that failed, and of each that passed only on a retry.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
let passed = 0
let failed = 0
let skipped = 0
const failures = []
const retried = []
/** The first lines of a failure, enough to tell which assertion or timeout it was. */
const gist = (message) => {
  const lines = message.split('\n').filter((line) => line.trim() && !/^\s*at /.test(line))
  // A browser action's call log ends with why it kept retrying (another element took the click, say).
  const shown = lines.length > 14 && lines.some((line) => line.includes('Call log:')) ? [...lines.slice(0, 6), '…', ...lines.slice(-8)] : lines.slice(0, 6)
  return shown.map((line) => `    ${line.slice(0, 300)}`).join('\n')
}

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
  for (const file of result.testResults ?? []) {
    const where = relative(root, file.name)
    // A file that failed to load has no tests to name: its own message says why.
    if (file.status === 'failed' && file.message) failures.push(`${where}\n${gist(file.message)}`)
    for (const test of file.assertionResults ?? []) {
      const messages = test.failureMessages ?? []
      if (test.status === 'failed') failures.push(`${where} › ${test.fullName}\n${gist(messages[0] ?? '')}`)
      // Vitest keeps the errors of failed attempts on a test that passed on a retry.
      else if (test.status === 'passed' && messages.length) retried.push(`${where} › ${test.fullName}\n${gist(messages[0])}`)
    }
  }
}
if (retried.length) console.log(`Passed only on a retry (${retried.length}):\n${retried.join('\n')}\n`)
if (failures.length) console.log(`Failed (${failures.length}):\n${failures.join('\n')}\n`)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || failures.length > 0 || passed === 0 ? 1 : 0)
