import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLUSTER, REDIS_URL, redisPrefix } from './clusterEnv'
import { freshDatabase } from './clusterFixture'
import { freePort } from './privateServices'

const here = dirname(fileURLToPath(import.meta.url))
const packageDir = join(here, '..', '..')

/** The `kefu` command from its sources, bundled as the published bin runs it (dependencies as installed). */
async function bundleCli(): Promise<string> {
  const outfile = join(packageDir, 'node_modules', '.cache', 'kefu-test', `cli-${process.pid}.mjs`)
  mkdirSync(dirname(outfile), { recursive: true })
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  await build({
    entryPoints: [join(packageDir, 'src', 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    conditions: ['@kefu/source'],
    external: Object.keys(pkg.dependencies).filter((name) => name !== '@kefu/core'),
    banner: { js: "import { createRequire as __kefuRequire } from 'node:module'; const require = __kefuRequire(import.meta.url);" },
    logLevel: 'silent',
  })
  return outfile
}

/** One request on a connection of its own, so the cluster's primary hands each to the next worker. */
const fresh = (url: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    }).on('error', reject)
  })

function run(cli: string, args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  return { child, exited, output: () => output }
}

// `kefu serve --workers N`: N processes of Node's cluster module sharing one port (issue 10).
describe.skipIf(!CLUSTER)('kefu serve --workers', () => {
  let cli: string
  let database: Awaited<ReturnType<typeof freshDatabase>>
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-workers-'))
  beforeAll(async () => {
    ;[cli, database] = await Promise.all([bundleCli(), freshDatabase(process.env.KEFU_TEST_DATABASE_URL!)])
  }, 120_000)
  afterAll(async () => {
    await database?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('two worker processes answer on one port, /healthz and /metrics name each process; SIGTERM stops them all', async () => {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const kefu = run(cli, ['serve', '--workers', '2', '--port', String(port), '--database-url', database.url, '--redis-url', REDIS_URL, '--redis-prefix', redisPrefix(), '--data-dir', dataDir, '--metrics-public', '--log-level', 'warn'])
    try {
      const deadline = Date.now() + 90_000
      while (!/2 worker processes listening on/.test(kefu.output())) {
        if (Date.now() > deadline || kefu.child.exitCode !== null) throw new Error(`kefu did not start:\n${kefu.output()}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      // Both workers may take a moment to listen after the first says so.
      const processes = new Set<string>()
      while (processes.size < 2) {
        if (Date.now() > deadline) throw new Error(`only ${[...processes].join(', ')} answered`)
        const health = await fresh(`${url}/healthz`)
        expect(health.status).toBe(200)
        const body = JSON.parse(health.body) as { ok: boolean; database: string; redis: string; process: string }
        expect(body).toMatchObject({ ok: true, database: 'postgres', redis: 'up' })
        processes.add(body.process)
      }
      const labels = new Set<string>()
      while (labels.size < 2 && Date.now() < deadline) {
        const metrics = await fresh(`${url}/metrics`)
        for (const match of metrics.body.matchAll(/process="([^"]+)"/g)) labels.add(match[1]!)
      }
      expect([...labels].sort()).toEqual([...processes].sort())
      kefu.child.kill('SIGTERM')
      expect(await kefu.exited).toBe(0)
    } finally {
      kefu.child.kill('SIGKILL')
    }
  }, 150_000)

  it('refuses several workers without PostgreSQL and Redis, saying why', async () => {
    const kefu = run(cli, ['serve', '--workers', '2', '--port', '0', '--data-dir', dataDir])
    expect(await kefu.exited).toBe(1)
    expect(kefu.output()).toContain('--workers needs --database-url and --redis-url')
  }, 60_000)
})
