// The README's test command (and CI's): every package's lint, typecheck, tests and build, then the bundle
// size budgets, then one closing summary. The summary always runs and comes last, naming every failed or
// retried test, so the tail of a CI log says what went wrong even when a task's own output scrolled away.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1

const tasks = run('pnpm', ['exec', 'turbo', 'run', 'lint', 'typecheck', 'test', 'build', '--continue'])
const sizes = tasks === 0 ? run(process.execPath, ['bench/size/index.mjs']) : 0
const summary = run(process.execPath, ['scripts/test-summary.mjs'])
process.exit(tasks || sizes || summary)
