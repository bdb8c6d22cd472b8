import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { BRIDGE_CHANNEL, BRIDGE_VERSION, createAgentPlugin, type AgentPluginOptions, type PluginError } from '../src'
import { createTestWorkbench } from '../src/testing'
import { CONFIG, DESK, createBridge, flush } from './bridgeHarness'

const EVIL = 'https://evil.example'
const PAGE = 'https://plugin.example/p'

/**
 * A framed plugin page: its URL, `document.referrer`, and `location.ancestorOrigins` when the browser has
 * one (Chromium, Safari: the real framing origins; Firefox: none). The parent records what is posted.
 */
function framedPage({ query = '', referrer = '', ancestors }: { query?: string; referrer?: string; ancestors?: readonly string[] }) {
  const posts: { message: unknown; targetOrigin: string }[] = []
  const url = `${PAGE}${query}`
  const win = Object.assign(new EventTarget(), {
    parent: { postMessage: (message: unknown, targetOrigin: string) => void posts.push({ message, targetOrigin }) },
    location: { href: url, search: query, ...(ancestors ? { ancestorOrigins: ancestors } : {}) },
    document: { referrer },
  }) as unknown as Window
  return { win, posts }
}

/** Creates the SDK in `page`, calls config, and reports where the config went or why it was refused. */
function configure(page: ReturnType<typeof framedPage>, options: AgentPluginOptions = {}) {
  const plugin = createAgentPlugin({ window: page.win, ...options })
  const onError = vi.fn()
  plugin.error(onError)
  plugin.config(CONFIG)
  const error = onError.mock.calls[0]?.[0] as PluginError | undefined
  plugin.destroy()
  return { sentTo: page.posts.map((post) => post.targetOrigin), reason: error?.reason ?? null, message: error?.message ?? '' }
}

const kefuOrigin = (origin: string) => `?kefuOrigin=${encodeURIComponent(origin)}`

let consoleError: MockInstance<typeof console.error>
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => {
  consoleError.mockRestore()
})

describe('the workbench origin, where the browser reports who framed the page (ancestorOrigins)', () => {
  it('posts to the framing origin, whatever the referrer says', () => {
    expect(configure(framedPage({ ancestors: [DESK], referrer: `${EVIL}/x` }))).toMatchObject({ sentTo: [DESK], reason: null })
    expect(configure(framedPage({ ancestors: [DESK, EVIL] }))).toMatchObject({ sentTo: [DESK], reason: null })
  })

  it('accepts a kefuOrigin parameter or a hostOrigin option that agrees with it', () => {
    expect(configure(framedPage({ ancestors: [DESK], query: kefuOrigin(`${DESK}/desk/`) }))).toMatchObject({ sentTo: [DESK], reason: null })
    expect(configure(framedPage({ ancestors: [DESK], query: kefuOrigin(EVIL) }), { hostOrigin: DESK })).toMatchObject({ sentTo: [DESK], reason: null })
  })

  it('refuses with origin_mismatch, sending nothing, when kefuOrigin names another origin', () => {
    // The workbench frames the page, but its URL names another site (a link someone crafted).
    const result = configure(framedPage({ ancestors: [DESK], query: kefuOrigin(EVIL), referrer: `${EVIL}/` }))
    expect(result).toMatchObject({ sentTo: [], reason: 'origin_mismatch' })
    expect(result.message).toContain(EVIL)
    expect(result.message).toContain(`framed by ${DESK}`)
    // Said on the console even without debug: it is a security refusal.
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('[kefu/agent] refused: the kefuOrigin parameter names the workbench'))
  })

  it('refuses another site framing a page that names its workbench, even when the URL and referrer agree with that site', () => {
    const page = framedPage({ ancestors: [EVIL], query: kefuOrigin(EVIL), referrer: `${EVIL}/` })
    const result = configure(page, { hostOrigin: `${DESK}/` })
    expect(result).toMatchObject({ sentTo: [], reason: 'origin_mismatch' })
    expect(result.message).toBe(`refused: hostOrigin names the workbench ${DESK}, but the page is framed by ${EVIL}; nothing was sent`)
  })

  it('refuses a sandboxed (opaque, "null") parent', () => {
    expect(configure(framedPage({ ancestors: ['null'] }))).toMatchObject({ sentTo: [], reason: 'origin_mismatch' })
    expect(configure(framedPage({ ancestors: ['null'], query: kefuOrigin(DESK) }))).toMatchObject({ sentTo: [], reason: 'origin_mismatch' })
  })
})

describe('the workbench origin, without ancestorOrigins (Firefox)', () => {
  it('takes kefuOrigin when the referrer agrees or there is none', () => {
    expect(configure(framedPage({ query: kefuOrigin(DESK), referrer: `${DESK}/desk/` }))).toMatchObject({ sentTo: [DESK], reason: null })
    expect(configure(framedPage({ query: kefuOrigin(DESK) }))).toMatchObject({ sentTo: [DESK], reason: null })
  })

  it('takes the referrer when kefuOrigin disagrees with it, or is absent', () => {
    expect(configure(framedPage({ query: kefuOrigin(EVIL), referrer: `${DESK}/desk/` }))).toMatchObject({ sentTo: [DESK], reason: null })
    expect(configure(framedPage({ referrer: `${DESK}/desk/` }))).toMatchObject({ sentTo: [DESK], reason: null })
  })

  it('takes an explicit hostOrigin as given', () => {
    expect(configure(framedPage({ query: kefuOrigin(EVIL), referrer: `${EVIL}/` }), { hostOrigin: DESK })).toMatchObject({ sentTo: [DESK], reason: null })
  })

  it('fails with not_configured when nothing names the workbench, or a name is not an http(s) origin', () => {
    expect(configure(framedPage({}))).toMatchObject({ sentTo: [], reason: 'not_configured' })
    expect(configure(framedPage({ query: kefuOrigin('javascript:alert(1)'), referrer: `${DESK}/` }))).toMatchObject({ sentTo: [], reason: 'not_configured' })
    expect(configure(framedPage({ ancestors: [DESK] }), { hostOrigin: 'desk.example' })).toMatchObject({ sentTo: [], reason: 'not_configured' })
    expect(consoleError).not.toHaveBeenCalled()
  })
})

describe('a refused origin', () => {
  let bridge: ReturnType<typeof createBridge> | undefined
  afterEach(() => {
    bridge?.cleanup()
    bridge = undefined
  })

  it('posts nothing at all: no config, no calls, no debug toggle; forged answers from the claimed origin are not heard', async () => {
    bridge = createBridge({}, {}, { ancestors: [EVIL] })
    const { plugin } = bridge
    const queued = plugin.sendTxtMsgToVisitor('hi').catch((e: unknown) => e)
    const onError = vi.fn()
    const onReady = vi.fn()
    plugin.error(onError)
    plugin.ready(onReady)
    plugin.config(CONFIG)
    expect(plugin.getSnapshot()).toMatchObject({ status: 'error', error: { reason: 'origin_mismatch' } })
    expect(onError).toHaveBeenCalledTimes(1)
    expect(await queued).toMatchObject({ reason: 'origin_mismatch' })
    expect(plugin.putMsg('{"msg":{"head":{"random":"1"},"body":[{"type":0,"content":{"text":"x"}}]}}')).toMatchObject({ retCode: 1 })
    bridge.pressInPlugin({ key: '0', code: 'Digit0', ctrlKey: true, altKey: true })
    bridge.deliverToPlugin({ channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'ready', pluginId: 'crm', selected: null })
    await flush()
    expect(bridge.toHost).toEqual([])
    expect(onReady).not.toHaveBeenCalled()
    expect(bridge.host.status).toBe('waiting')
  })

  it('a page framed by the workbench itself, with no option, finds it through ancestorOrigins and gets ready', async () => {
    bridge = createBridge({}, { hostOrigin: undefined }, { ancestors: [DESK] })
    bridge.plugin.config(CONFIG)
    await flush()
    expect(bridge.plugin.getSnapshot().status).toBe('ready')
    expect(bridge.toHost.every((post) => post.targetOrigin === DESK)).toBe(true)
  })
})

describe('createTestWorkbench', () => {
  it('reports the desk as the framing origin, so a page naming another workbench is refused', async () => {
    const ok = createTestWorkbench()
    const plugin = createAgentPlugin({ window: ok.window })
    plugin.config(CONFIG)
    await ok.settle()
    expect(plugin.getSnapshot().status).toBe('ready')

    const framedByEvil = createTestWorkbench({ ancestorOrigins: [EVIL] })
    const refused = createAgentPlugin({ window: framedByEvil.window, hostOrigin: 'https://desk.test' })
    refused.config(CONFIG)
    await framedByEvil.settle()
    expect(refused.getSnapshot().error).toMatchObject({ reason: 'origin_mismatch' })
    expect(framedByEvil.log).toEqual([])
  })
})
