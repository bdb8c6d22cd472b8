// @vitest-environment jsdom
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ECHAT_EXAMPLE_1, SOBOT_CUSTOM_BUTTON_SNIPPET } from './seedSnippets'
import { ECHAT_ACTIONS, installLoader } from '../src/loader/loader'

type Loose = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const g = window as unknown as Loose


const run = (code: string) => (0, eval)(code)

function resetPage() {
  for (const key of ['_kefu', '_echat', 'zc', 'cbk', 'ECHAT', '_echatServer']) delete g[key]
  document.head.innerHTML = ''
  document.body.innerHTML = '<script></script>'
}

beforeEach(resetPage)
afterEach(resetPage)

describe('loader', () => {
  it("learns the base and company from the Echat snippet's script and keeps _echat.q in order", () => {
    run(ECHAT_EXAMPLE_1)
    const queued = g._echat.q
    expect(queued).toHaveLength(2)
    const kefu = installLoader()!
    // echat.js at Echat's own path (/visitor/echat.js): the kefu base is what comes before it.
    expect(kefu.base).toBe('http://www.echatsoft.com')
    expect(kefu.companyId).toBeUndefined()
    // The page's own stub and its queue are kept as they were.
    expect(g._echat.q).toBe(queued)
    expect(Array.from(g._echat.q[0])).toEqual(['initParam', { companyId: 12191 }])
    expect(Array.from(g._echat.q[1])[0]).toBe('initParam')
    expect((Array.from(g._echat.q[1])[1] as Loose).echatTag).toBe('商品测试')
    // Calls during loading join the same queue, after the earlier ones.
    g._echat('on', { ready() {} })
    expect(g._echat.q).toHaveLength(3)
    expect(g._echat.q[2][0]).toBe('on')
    const host = document.querySelector('script[src$="/host.js"]') as HTMLScriptElement
    expect(host.src).toBe('http://www.echatsoft.com/host.js')
    expect(host.async).toBe(true)
  })

  it('reads sysnum from the Sobot snippet and keeps cbk in order', () => {
    run(SOBOT_CUSTOM_BUTTON_SNIPPET)
    expect(g.cbk).toHaveLength(1)
    const kefu = installLoader()!
    // entrance.js at Sobot's path (/chat/frame/v2/entrance.js), likewise.
    expect(kefu.base).toBe('https://kefu.example')
    expect(kefu.companyId).toBe('3542411be2184c8cb6b48d66ca1b2730')
    expect(kefu.sobot).toBe(true)
    g.zc('frame_status', () => {})
    expect(g.cbk.map((args: IArguments) => args[0])).toEqual(['config', 'frame_status'])
    expect((document.querySelector('script[src$="/host.js"]') as HTMLScriptElement).src).toBe('https://kefu.example/host.js')
  })

  it('reads data-kefu / data-company, installs every stub, and queues ECHAT calls with their order', async () => {
    document.body.innerHTML = '<script data-kefu data-company="77" src="https://cs.example/kefu/loader.js"></script>'
    const kefu = installLoader()!
    expect(kefu.base).toBe('https://cs.example/kefu')
    expect(kefu.companyId).toBe('77')
    expect(typeof g._echat).toBe('function')
    expect(typeof g.zc).toBe('function')
    for (const name of ECHAT_ACTIONS) expect(typeof g.ECHAT[name]).toBe('function')
    expect(g.ECHAT.getUnReadMsgCount()).toBe(0)
    expect(g.ECHAT.getEchatVisitorId()).toBe('')
    expect(g.ECHAT.getMiniStatus()).toBe('close')
    expect(g.ECHAT.getChatStatus()).toBe(0)
    expect(g.ECHAT.getChatStaffInfo()).toBe('')
    g.ECHAT.setPageTitle('订单详情')
    g.ECHAT.customMiniChat({ echatTag: 'a' })
    g._kefu('config', { lan: 'en' })
    const upload = g.ECHAT.getFileUploadInfo()
    expect(kefu.q.map((entry) => entry[0])).toEqual(['setPageTitle', 'customMiniChat', '', 'getFileUploadInfo'])
    // The host settles the queued promise.
    const [, , resolve] = kefu.q[3] as [string, unknown, (value: unknown) => void]
    resolve({ token: 't' })
    await expect(upload).resolves.toEqual({ token: 't' })
    _zcAndEchatQueues()
  })

  it('accepts _echatServer when no script names the server, and does nothing twice', () => {
    g._echatServer = ['e.echatsoft.com']
    const kefu = installLoader()!
    expect(kefu.base).toBe('http://e.echatsoft.com')
    expect(installLoader()).toBe(kefu)
    expect(document.querySelectorAll('script[src$="/host.js"]')).toHaveLength(1)
  })

  it('stays at most 2 kB minified and gzipped', () => {
    const esbuild = createRequire(import.meta.url).resolve('esbuild/bin/esbuild')
    const code = execFileSync(esbuild, ['src/loader/loader.ts', '--bundle', '--minify', '--format=iife'], {
      cwd: existsSync('src/loader/loader.ts') ? process.cwd() : 'packages/widget',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(2048)
    expect(code.toString()).not.toContain('createChat')
  })
})

function _zcAndEchatQueues() {
  g.zc('config', { color: '04babc' })
  g._echat('initParam', { companyId: 77 })
  expect(g.cbk).toHaveLength(1)
  expect(g._echat.q).toHaveLength(1)
}
