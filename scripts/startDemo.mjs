// Starts the whole demo: the kefu server on its embedded database (demo company seeded, workbench served),
// both demo stores, and their business plugin pages registered with the demo company. `scripts/demo.mjs`
// runs it from the command line; the end-to-end tests run it on free ports.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export const DEMO_AGENTS = [
  { role: 'admin', email: 'amy@demo.kefu.local' },
  { role: 'agent', email: 'ben@demo.kefu.local' },
]
export const DEMO_PASSWORD = 'kefu-demo-2026'
export const DEMO_COMPANY = 'demo'

/** The business pages each store serves for the workbench, and the page ids cards use in `apiUrl(id, …)`. */
const PLUGINS = {
  next: { name: '服装店助手 Apparel', pages: [{ pageId: 101, title: '商品 Products', query: 'tab=products' }, { pageId: 102, title: '订单 Orders', query: 'tab=orders' }] },
  nuxt: { name: '茶铺助手 Tea shop', pages: [{ pageId: 201, title: '商品 Products', query: 'tab=products' }, { pageId: 202, title: '订单 Orders', query: 'tab=orders' }] },
}

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * @param {{ kefuPort?: number, nextPort?: number, nuxtPort?: number, dataDir?: string, log?: (line: string) => void, quiet?: boolean, onExit?: (name: string, code: number | null, signal: string | null) => void }} options
 * @returns {Promise<{ kefu: string, desk: string, next: string, nuxt: string, signKey: string, stop(): Promise<void> }>}
 */
export async function startDemo(options = {}) {
  const kefuPort = options.kefuPort ?? 8080
  const nextPort = options.nextPort ?? 3000
  const nuxtPort = options.nuxtPort ?? 3001
  const dataDir = options.dataDir ?? join(root, '.kefu-demo')
  const log = options.log ?? ((line) => process.stdout.write(`${line}\n`))
  const children = []
  const missing = [
    ['packages/server/dist/cli.js', '@kefu/server'],
    ['apps/agent-desk/dist/index.html', 'the workbench'],
    ['apps/next-store/.next/BUILD_ID', 'the Next store'],
    ['apps/nuxt-store/.output/server/index.mjs', 'the Nuxt store'],
  ].filter(([file]) => !existsSync(join(root, file)))
  if (missing.length > 0) {
    throw new Error(`not built: ${missing.map(([, what]) => what).join(', ')}; run \`pnpm build\` first (\`pnpm demo\` does)`)
  }

  const run = (name, command, args, env, cwd = root) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: options.quiet ? ['ignore', 'ignore', 'pipe'] : ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    const prefix = (chunk) => String(chunk).split('\n').filter(Boolean).map((line) => `[${name}] ${line}`).join('\n')
    child.stdout?.on('data', (chunk) => log(prefix(chunk)))
    child.stderr?.on('data', (chunk) => log(prefix(chunk)))
    child.on('exit', (code, signal) => {
      if (stopping) return
      log(`[${name}] exited (${signal ?? code}); stopping the demo`)
      options.onExit?.(name, code, signal)
      void stop()
    })
    children.push(child)
    return child
  }
  let stopping = false
  // Children run in their own process groups (so one signal stops a whole tree): make sure they never
  // outlive this process, even when it dies without running `stop`.
  const killAll = () => {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {}
    }
  }
  process.once('exit', killAll)
  const stop = async () => {
    if (stopping) return
    stopping = true
    process.removeListener('exit', killAll)
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            child.once('exit', resolve)
            try {
              process.kill(-child.pid, 'SIGTERM')
            } catch {
              resolve()
            }
            setTimeout(() => {
              try {
                process.kill(-child.pid, 'SIGKILL')
              } catch {}
            }, 5000).unref()
          }),
      ),
    )
  }

  try {
    const kefu = `http://127.0.0.1:${kefuPort}`
    run('kefu', process.execPath, [
      'packages/server/bin/kefu.js', 'demo',
      '--port', String(kefuPort),
      '--data-dir', dataDir,
      '--desk-dir', join(root, 'apps/agent-desk/dist'),
      '--log-level', options.quiet ? 'warn' : 'info',
    ])
    await waitForHttp(`${kefu}/healthz`, 'the kefu server')

    const token = (await api(kefu, '/api/v1/auth/login', { method: 'POST', body: { email: DEMO_AGENTS[0].email, password: DEMO_PASSWORD } })).token
    // Keys are shown only when issued: each launch issues a fresh sign key and hands it to the stores it starts.
    const { signKey } = await api(kefu, '/api/v1/company/keys/rotate', { method: 'POST', token, body: { key: 'sign' } })
    // Store origins are `localhost`, the kefu server `127.0.0.1`: two origins, as in production.
    const next = `http://localhost:${nextPort}`
    const nuxt = `http://localhost:${nuxtPort}`
    const nextSecret = await registerPlugin(kefu, token, PLUGINS.next, next)
    const nuxtSecret = await registerPlugin(kefu, token, PLUGINS.nuxt, nuxt)

    const shared = { KEFU_URL: kefu, KEFU_COMPANY_ID: DEMO_COMPANY, KEFU_SIGN_KEY: signKey, NODE_ENV: 'production' }
    const nextDir = join(root, 'apps/next-store')
    run('next-store', process.execPath, [join(nextDir, 'node_modules/next/dist/bin/next'), 'start', '--port', String(nextPort)], {
      ...shared,
      KEFU_PLUGIN_SECRET: nextSecret,
    }, nextDir)
    run('nuxt-store', process.execPath, [join(root, 'apps/nuxt-store/.output/server/index.mjs')], {
      ...shared,
      KEFU_PLUGIN_SECRET: nuxtSecret,
      PORT: String(nuxtPort),
    })
    await Promise.all([waitForHttp(next, 'the Next store'), waitForHttp(nuxt, 'the Nuxt store')])
    return { kefu, desk: `${kefu}/desk/`, next, nuxt, signKey, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Registers a store's plugin, or gives the one registered on an earlier run its current URL and a new secret. */
async function registerPlugin(kefu, token, plugin, origin) {
  const fields = {
    name: plugin.name,
    url: `${origin}/kefu/plugin`,
    allowedOrigin: origin,
    // The pages read the selected visitor from their GET parameters, so they reload when it changes.
    visitorParams: true,
    pages: plugin.pages.map((page) => ({ pageId: page.pageId, title: page.title, url: `${origin}/kefu/plugin?${page.query}` })),
  }
  const existing = (await api(kefu, '/api/v1/plugins', { token })).find((p) => p.name === plugin.name)
  if (!existing) return (await api(kefu, '/api/v1/plugins', { method: 'POST', token, body: fields })).secret
  await api(kefu, `/api/v1/plugins/${existing.pluginId}`, { method: 'PATCH', token, body: fields })
  return (await api(kefu, `/api/v1/plugins/${existing.pluginId}/secret`, { method: 'POST', token })).secret
}

async function api(base, path, { method = 'GET', token, body } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return response.status === 204 ? undefined : response.json()
}

async function waitForHttp(url, what, ms = 60_000) {
  const start = Date.now()
  for (;;) {
    try {
      const response = await fetch(url, { redirect: 'manual' })
      if (response.status < 500) return
    } catch {}
    if (Date.now() - start > ms) throw new Error(`${what} did not answer at ${url} within ${ms / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
