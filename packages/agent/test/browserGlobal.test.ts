import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AgentPlugin, PluginError } from '../src'

const SEED_METHODS = [
  'config',
  'ready',
  'error',
  'getParamData',
  'onSelectVisitor',
  'pushVisitorEvent',
  'sendTxtMsgToVisitor',
  'sendImageToVisitor',
  'sendVideoToVisitor',
  'sendVoiceToVisitor',
  'sendFileToVisitor',
  'setVisitorChatSign',
  'onReceiveMsg',
  'onCrmUpdate',
]

type Globals = { echatSDK?: AgentPlugin; external?: { PutMsg?: (json: string) => unknown; Notice?: (text?: string) => unknown } }

afterEach(() => {
  const g = window as unknown as Globals
  g.echatSDK?.destroy()
  delete g.echatSDK
  vi.resetModules()
})

describe('the script tag build (src/browser/jssdk.ts)', () => {
  it('sets echatSDK with the seed’s method names and window.external.PutMsg / Notice', async () => {
    await import('../src/browser/jssdk')
    const g = window as unknown as Globals
    for (const method of SEED_METHODS) expect(typeof (g.echatSDK as unknown as Record<string, unknown>)[method]).toBe('function')
    // Not verified (no config): a non-zero retCode, as the WeChat client answers an unknown page.
    expect(g.external!.PutMsg!('{"msg":{"head":{"random":"1"},"body":[{"type":0,"content":{"text":"x"}}]}}')).toMatchObject({ retCode: 1 })
    expect(g.external!.Notice!()).toMatchObject({ retCode: 1 })
    expect(g.external!.PutMsg!('{')).toMatchObject({ retCode: 5, errMsg: '参数错误' })
  })

  it('configures itself from the script tag’s data attributes', async () => {
    const script = document.createElement('script')
    Object.assign(script.dataset, { timestamp: '1700000000', nonce: 'n', signature: 's' })
    Object.defineProperty(document, 'currentScript', { value: script, configurable: true })
    try {
      await import('../src/browser/jssdk')
    } finally {
      Object.defineProperty(document, 'currentScript', { value: null, configurable: true })
    }
    const sdk = (window as unknown as Globals).echatSDK!
    // jsdom's page is not inside a workbench, so config fails at once, with a reason that says why.
    expect(sdk.getSnapshot().status).toBe('error')
    const onError = vi.fn()
    sdk.error(onError)
    const error = onError.mock.calls[0]![0] as PluginError
    expect(error.reason).toBe('not_configured')
    expect(error.errMsg).toMatch(/workbench/)
  })

  it('takes the workbench origin from data-host-origin and refuses a page framed by another site', async () => {
    // jsdom's page plays a framed plugin page: a parent window, and the framing origin Chromium reports.
    const posts: { message: unknown; targetOrigin: string }[] = []
    const parent = { postMessage: (message: unknown, targetOrigin: string) => void posts.push({ message, targetOrigin }) }
    const load = async (hostOrigin: string, framedBy: string) => {
      const script = document.createElement('script')
      Object.assign(script.dataset, { timestamp: '1700000000', nonce: 'n', signature: 's', hostOrigin })
      Object.defineProperty(document, 'currentScript', { value: script, configurable: true })
      Object.defineProperty(window.location, 'ancestorOrigins', { value: [framedBy], configurable: true })
      try {
        vi.resetModules()
        await import('../src/browser/jssdk')
      } finally {
        Object.defineProperty(document, 'currentScript', { value: null, configurable: true })
      }
      return (window as unknown as Globals).echatSDK!
    }
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    const parentDescriptor = Object.getOwnPropertyDescriptor(window, 'parent')
    Object.defineProperty(window, 'parent', { value: parent, configurable: true })
    try {
      const refused = await load('https://desk.example', 'https://evil.example')
      expect(refused.getSnapshot().error).toMatchObject({ reason: 'origin_mismatch' })
      expect(posts).toEqual([])
      expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('framed by https://evil.example'))
      refused.destroy()

      const accepted = await load('https://desk.example', 'https://desk.example')
      expect(accepted.getSnapshot().status).toBe('verifying')
      expect(posts).toMatchObject([{ targetOrigin: 'https://desk.example', message: { type: 'config', config: { nonce: 'n', signature: 's' } } }])
    } finally {
      if (parentDescriptor) Object.defineProperty(window, 'parent', parentDescriptor)
      delete (window.location as { ancestorOrigins?: unknown }).ancestorOrigins
      consoleError.mockRestore()
    }
  })
})
