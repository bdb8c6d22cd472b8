// `pnpm demo`'s build step: `turbo run build` with one line per package as it finishes and a heartbeat
// while the slow ones (Next, Nuxt) run, instead of minutes of silence; a failing package's whole log.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const started = Date.now()
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`
const say = (line) => process.stdout.write(`${line}\n`)

// Grouped: each task's log arrives in one piece when the task ends, so a task's first line means "done".
const turbo = spawn(
  join(root, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', '--output-logs=full', '--log-order=grouped', '--log-prefix=task', ...process.argv.slice(2)],
  { cwd: root, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
)

const logs = new Map()
const other = []
let pending = ''
const line = (text) => {
  const task = /^(@?[\w./-]+:build): ?(.*)$/.exec(text)
  if (!task) {
    other.push(text)
    const scope = /Running build in (\d+) packages/.exec(text)
    if (scope) say('building the packages and apps (the Next and Nuxt stores take longest)…')
    return
  }
  const [, name, rest] = task
  if (!logs.has(name)) {
    logs.set(name, [])
    const cached = /cache hit/.test(rest)
    say(`  [${logs.size}] ${name.replace(/:build$/, '')} ${cached ? 'up to date' : 'built'} (${seconds()})`)
  }
  logs.get(name).push(rest)
}
const feed = (chunk) => {
  pending += String(chunk)
  const lines = pending.split('\n')
  pending = lines.pop() ?? ''
  lines.forEach(line)
}
turbo.stdout.on('data', feed)
turbo.stderr.on('data', feed)

const heartbeat = setInterval(() => say(`  … still building (${seconds()})`), 20_000)

turbo.on('exit', (code) => {
  clearInterval(heartbeat)
  if (pending) line(pending)
  if (code === 0) {
    say(`built in ${seconds()}`)
    return
  }
  // Turbo names the failed tasks (`@kefu/x#build`): show their logs, or everything when it names none.
  const failed = [...new Set(other.join('\n').match(/@?[\w./-]+#build/g) ?? [])].map((t) => t.replace('#', ':'))
  const shown = failed.filter((t) => logs.has(t))
  process.stderr.write('\nthe build failed:\n')
  for (const task of shown.length > 0 ? shown : [...logs.keys()]) {
    process.stderr.write(`\n── ${task}\n${logs.get(task).join('\n')}\n`)
  }
  process.stderr.write(`${other.filter(Boolean).join('\n')}\n`)
  process.exit(code ?? 1)
})
