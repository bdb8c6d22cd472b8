import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { freePort } from '../../scripts/startDemo.mjs'
import { until } from './support'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

const answers = (url: string) =>
  fetch(url, { redirect: 'manual' }).then(
    (r) => r.status < 500,
    () => false,
  )

// What the README promises: one command prints where everything is, and Ctrl+C stops all of it.
it('scripts/demo.mjs starts the server, the workbench and both stores, prints them, and Ctrl+C stops them all', async () => {
  const [kefuPort, nextPort, nuxtPort] = [await freePort(), await freePort(), await freePort()]
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-demo-command-'))
  const demo = spawn(process.execPath, ['scripts/demo.mjs'], {
    cwd: root,
    env: { ...process.env, KEFU_PORT: String(kefuPort), NEXT_STORE_PORT: String(nextPort), NUXT_STORE_PORT: String(nuxtPort), KEFU_DEMO_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  demo.stdout.on('data', (chunk) => (output += String(chunk)))
  demo.stderr.on('data', (chunk) => (output += String(chunk)))
  const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)))
  try {
    await until(() => output, (text) => text.includes('kefu demo is running') || demo.exitCode !== null, 'the banner', 120_000)
    const urls = [`http://localhost:${nextPort}`, `http://localhost:${nuxtPort}`, `http://127.0.0.1:${kefuPort}/desk/`]
    for (const url of urls) expect(output).toContain(url)
    expect(output).toContain('amy@demo.kefu.local')
    expect(output).toContain('kefu-demo-2026')
    for (const url of [...urls, `http://127.0.0.1:${kefuPort}/healthz`]) expect(await answers(url), url).toBe(true)

    demo.kill('SIGINT')
    expect(await exited).toBe(0)
    for (const url of urls) await until(() => answers(url), (up) => !up, `${url} stopped`, 10_000)
  } finally {
    demo.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
}, 180_000)
