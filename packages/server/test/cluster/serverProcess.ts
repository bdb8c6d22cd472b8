import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const packageDir = join(here, '..', '..')

export interface ServerProcessConfig {
  readonly databaseUrl: string
  readonly redisUrl: string
  readonly redisPrefix: string
  readonly port?: number
  readonly presenceExpiryMs?: number
  readonly agentGraceMs?: number
  readonly sweepIntervalMs?: number
}

export interface ServerProcess {
  readonly url: string
  readonly wsUrl: string
  readonly child: ChildProcess
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<number | string>
  stop(): Promise<void>
}

let bundled: Promise<string> | undefined

/** The server's sources bundled once per test run (no build needed), its dependencies left to node_modules. */
function bundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(packageDir, 'node_modules', '.cache', 'kefu-test', `serverMain-${process.pid}.mjs`)
    mkdirSync(dirname(outfile), { recursive: true })
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    await build({
      entryPoints: [join(here, 'serverMain.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      conditions: ['@kefu/source'],
      // @kefu/core is bundled from its sources; everything else is loaded as installed.
      external: Object.keys(pkg.dependencies).filter((name) => name !== '@kefu/core'),
      banner: { js: "import { createRequire as __kefuRequire } from 'node:module'; const require = __kefuRequire(import.meta.url);" },
      logLevel: 'silent',
    })
    return outfile
  })()
  return bundled
}

/** Starts a kefu server process in cluster mode; resolves once it listens. */
export async function startServerProcess(config: ServerProcessConfig): Promise<ServerProcess> {
  const entry = await bundle()
  const child = spawn(process.execPath, [entry, JSON.stringify(config)], { cwd: packageDir, stdio: ['pipe', 'pipe', 'pipe'] })
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server process did not start in 60 s:\n${output}`)), 60_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /KEFU_READY (\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the server process exited (${code}) before it listened:\n${output}`))
    })
  })
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
