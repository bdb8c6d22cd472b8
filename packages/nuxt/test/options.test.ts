import { describe, expect, it } from 'vitest'
import { resolveKefuOptions, visitorSocketUrl, widgetLoaderUrl } from '../src/runtime/options'

describe('resolveKefuOptions', () => {
  it('applies the defaults and trims the server URL', () => {
    expect(resolveKefuOptions({ companyId: 'demo', serverUrl: 'http://127.0.0.1:8080/' })).toEqual({
      companyId: 'demo',
      serverUrl: 'http://127.0.0.1:8080',
      locale: 'zh-CN',
      widget: false,
      debug: false,
    })
  })

  it('expands widget: true and keeps widget options', () => {
    expect(resolveKefuOptions({ companyId: 'a', serverUrl: 'https://k.example', widget: true }).widget).toEqual({
      customButton: true,
      config: {},
    })
    expect(
      resolveKefuOptions({ companyId: 'a', serverUrl: 'https://k.example', widget: { customButton: false, config: { color: 'red' } } })
        .widget,
    ).toEqual({ customButton: false, config: { color: 'red' } })
  })

  it('reads booleans given as strings by env (NUXT_PUBLIC_KEFU_DEBUG=true)', () => {
    const options = { companyId: 'a', serverUrl: 'https://k.example', debug: 'true', widget: 'false' } as never
    expect(resolveKefuOptions(options)).toMatchObject({ debug: true, widget: false })
  })

  it('says which option is missing or wrong', () => {
    expect(() => resolveKefuOptions(undefined)).toThrow(/companyId` is missing/)
    expect(() => resolveKefuOptions({ companyId: 'demo' })).toThrow(/serverUrl` must be/)
    expect(() => resolveKefuOptions({ companyId: 'demo', serverUrl: 'ws://x' })).toThrow(/serverUrl` must be/)
    expect(() => resolveKefuOptions({ companyId: 'demo', serverUrl: 'http://x', locale: 'fr' as never })).toThrow(/locale/)
  })

  it('derives the WebSocket and loader URLs', () => {
    expect(visitorSocketUrl({ serverUrl: 'https://kefu.example.com' })).toBe('wss://kefu.example.com/ws/visitor')
    expect(visitorSocketUrl({ serverUrl: 'http://127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/ws/visitor')
    expect(widgetLoaderUrl({ serverUrl: 'http://127.0.0.1:8080' })).toBe('http://127.0.0.1:8080/loader.js')
  })
})
