import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, createSSRApp, defineComponent, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createChat, kefuClientKey, useChat, useChatStatus, useConnection, useUnread, type ChatClient } from '@kefu/vue'
import { useAgentPluginError, useAgentPluginStatus, useSelectedVisitor } from '@kefu/vue/agent'
import { createTestAgent } from '@kefu/core/testing'
import KefuAgentPage from '../src/runtime/KefuAgentPage'
import { connectAfterHydration } from '../src/runtime/connectAfterHydration'
import clientPlugin from '../src/runtime/plugin.client'
import serverPlugin from '../src/runtime/plugin.server'
import { useKefuWidget } from '../src/runtime/useKefuWidget'
import { installWidgetLoader } from '../src/runtime/widgetLoader'
import { resolveKefuOptions } from '../src/runtime/options'
import { fakeNuxtApp, router, runtimeConfig, type FakeNuxtApp } from './fakeNuxtApp'

/** Runs a runtime plugin's setup as Nuxt would. */
const runPlugin = (plugin: unknown, nuxtApp: FakeNuxtApp): unknown =>
  (plugin as { setup(nuxtApp: FakeNuxtApp): unknown }).setup(nuxtApp)

/** Records the sockets the browser plugin opens; none of them ever connects. */
class FakeWebSocket {
  static urls: string[] = []
  static last: FakeWebSocket | undefined
  readyState = 0
  onopen = null
  onmessage = null
  onclose = null
  onerror = null
  constructor(url: string) {
    FakeWebSocket.urls.push(url)
    FakeWebSocket.last = this
  }
  /** Plays the server's side of a first connection: open, then `welcome`. */
  welcome(visitorToken: string) {
    ;(this.onopen as unknown as () => void)()
    const frame = {
      type: 'welcome', v: 1, visitorId: 'v_1', visitorToken, status: { name: 'idle' }, queuePosition: null,
      staff: null, agentsOnline: true, unread: 0, readSeq: 0, messages: [], evaluation: null,
    }
    ;(this.onmessage as unknown as (event: { data: string }) => void)({ data: JSON.stringify(frame) })
  }
  send() {}
  close() {}
}

const ChatBadge = defineComponent({
  setup() {
    const unread = useUnread()
    const status = useChatStatus()
    const connection = useConnection()
    return () => h('p', `${unread.value}|${status.value.code}|${connection.value}`)
  },
})

beforeEach(() => {
  router.reset()
  runtimeConfig.public = { kefu: { companyId: 'demo', serverUrl: 'http://kefu.test:8080/' } }
  FakeWebSocket.urls = []
  vi.stubGlobal('WebSocket', FakeWebSocket)
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.head.innerHTML = ''
  document.body.innerHTML = ''
  delete (window as { _kefu?: unknown })._kefu
})

describe('the server plugin', () => {
  it('renders the initial state with a client per request and opens nothing', async () => {
    const render = async () => {
      const app = createSSRApp(ChatBadge)
      await runPlugin(serverPlugin, fakeNuxtApp(app))
      return renderToString(app)
    }
    const [a, b] = await Promise.all([render(), render()])
    expect(a).toBe('<p>0|0|idle</p>')
    expect(b).toBe(a)
    expect(FakeWebSocket.urls).toEqual([])
  })

  it('fails with a clear message when the options are missing', async () => {
    runtimeConfig.public = {}
    expect(() => runPlugin(serverPlugin, fakeNuxtApp(createSSRApp(ChatBadge)))).toThrow(/companyId` is missing/)
  })
})

describe('the client plugin', () => {
  it('hydrates the server HTML without a mismatch and connects only once hydration is done', async () => {
    const server = createSSRApp(ChatBadge)
    await runPlugin(serverPlugin, fakeNuxtApp(server))
    document.body.innerHTML = `<div id="app">${await renderToString(server)}</div>`

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const app = createSSRApp(ChatBadge)
    const nuxtApp = fakeNuxtApp(app, true)
    const { provide } = (await runPlugin(clientPlugin, nuxtApp)) as { provide: { kefu: ChatClient } }
    expect(app._context.provides[kefuClientKey as symbol]).toBeDefined()
    app.mount('#app')
    expect(FakeWebSocket.urls).toEqual([])
    expect(provide.kefu.getSnapshot().connection).toBe('idle')

    nuxtApp.callHook('app:suspense:resolve')
    expect(FakeWebSocket.urls).toEqual(['ws://kefu.test:8080/ws/visitor'])
    expect(provide.kefu.getSnapshot().connection).not.toBe('idle')
    const messages = [...warn.mock.calls, ...error.mock.calls].map((args) => args.join(' '))
    expect(messages.filter((m) => /hydrat|mismatch/i.test(m))).toEqual([])
    app.unmount()
  })

  it('connects at mount when the page was not server-rendered', async () => {
    const app = createApp(ChatBadge)
    await runPlugin(clientPlugin, fakeNuxtApp(app, false))
    app.mount(document.createElement('div'))
    expect(FakeWebSocket.urls).toHaveLength(1)
    app.unmount()
  })

  it('adds the widget loader only after the first welcome, so the widget joins the same visitor', async () => {
    runtimeConfig.public = { kefu: { companyId: 'demo', serverUrl: 'http://kefu.test:8080', widget: true } }
    localStorage.clear()
    const app = createApp(ChatBadge)
    await runPlugin(clientPlugin, fakeNuxtApp(app, false))
    app.mount(document.createElement('div'))
    expect(document.querySelector('script[data-kefu]')).toBeNull()
    FakeWebSocket.last!.welcome('token-1')
    expect(localStorage.getItem('kefu:demo:visitorToken')).toBe('token-1')
    expect((document.querySelector('script[data-kefu]') as HTMLScriptElement).src).toBe('http://kefu.test:8080/loader.js')
    app.unmount()
  })
})

describe('definePageMeta({ kefuWidget: false })', () => {
  const mountWidgetPage = async () => {
    runtimeConfig.public = { kefu: { companyId: 'demo', serverUrl: 'http://kefu.test:8080', widget: true } }
    localStorage.clear()
    const app = createApp(ChatBadge)
    await runPlugin(clientPlugin, fakeNuxtApp(app, false))
    app.mount(document.createElement('div'))
    return app
  }
  const loader = () => document.querySelector('script[data-kefu]')

  it('keeps the widget off a page that opts out, and adds it on the first page that does not', async () => {
    router.navigate({ kefuWidget: false })
    const app = await mountWidgetPage()
    FakeWebSocket.last!.welcome('token-1')
    expect(loader()).toBeNull()
    expect((window as { _kefu?: unknown })._kefu).toBeUndefined()
    router.navigate({ kefuWidget: false, title: 'another headless page' })
    expect(loader()).toBeNull()
    router.navigate({})
    expect((loader() as HTMLScriptElement).src).toBe('http://kefu.test:8080/loader.js')
    expect(router.guards).toHaveLength(0)
    app.unmount()
  })

  it('adds the widget on pages that set kefuWidget: true or nothing', async () => {
    router.navigate({ kefuWidget: true })
    const app = await mountWidgetPage()
    FakeWebSocket.last!.welcome('token-1')
    expect(loader()).not.toBeNull()
    app.unmount()
  })
})

describe('connectAfterHydration', () => {
  it('passes connect through when not hydrating and defers it while hydrating', async () => {
    const agent = createTestAgent()
    const client = createChat({ companyId: 'demo', transport: agent.transport })
    const hydrating = fakeNuxtApp(createApp(ChatBadge), true)
    const deferred = connectAfterHydration(hydrating, client)
    deferred.connect()
    expect(client.getSnapshot().connection).toBe('idle')
    hydrating.callHook('app:suspense:resolve')
    expect(client.getSnapshot().connection).not.toBe('idle')
    // Everything else is the same client.
    expect(deferred.getSnapshot).toBe(client.getSnapshot)
    expect(deferred.sendCard).toBe(client.sendCard)
    client.destroy()
  })
})

describe('the widget loader', () => {
  const options = resolveKefuOptions({
    companyId: 'demo',
    serverUrl: 'http://kefu.test:8080',
    locale: 'en',
    widget: { config: { color: '#3a6b35' } },
  })

  it('queues the page config before the loader and adds the loader once', () => {
    installWidgetLoader(document, options)
    installWidgetLoader(document, options)
    const scripts = document.querySelectorAll('script[data-kefu]')
    expect(scripts).toHaveLength(1)
    expect((scripts[0] as HTMLScriptElement).src).toBe('http://kefu.test:8080/loader.js')
    expect(scripts[0]!.getAttribute('data-company')).toBe('demo')
    const queue = (window as unknown as { _kefu: { q: unknown[][] } })._kefu.q
    expect(queue).toEqual([['', ['config', { custom: true, locale: 'en', color: '#3a6b35' }]]])
  })

  it('adds nothing when the widget is off', () => {
    installWidgetLoader(document, resolveKefuOptions({ companyId: 'demo', serverUrl: 'http://kefu.test:8080' }))
    expect(document.querySelector('script')).toBeNull()
  })

  it('useKefuWidget().open() queues customMiniChat in the format the loader replays', () => {
    useKefuWidget().open()
    useKefuWidget().openTab()
    expect((window as unknown as { _kefu: { q: unknown[][] } })._kefu.q).toEqual([
      ['', ['customMiniChat']],
      ['', ['customOpenChat']],
    ])
  })
})

describe('<KefuAgentPage>', () => {
  const Selected = defineComponent({
    setup() {
      const visitor = useSelectedVisitor()
      return () => h('span', visitor.value ? 'selected' : 'no visitor')
    },
  })

  it('renders its slot with the agent composables on the server', async () => {
    const html = await renderToString(createSSRApp(() => h(KefuAgentPage, { config: null }, () => h(Selected))))
    expect(html).toContain('no visitor')
  })

  const Status = defineComponent({
    setup() {
      const status = useAgentPluginStatus()
      const error = useAgentPluginError()
      return () => h('span', `${status.value}:${error.value?.reason ?? ''}`)
    },
  })

  it('talks only to the kefu server\'s origin by default, or to the hostOrigin given', () => {
    const posted: [unknown, string][] = []
    const parent = { postMessage: (message: unknown, origin: string) => void posted.push([message, origin]) }
    const parentSpy = vi.spyOn(window, 'parent', 'get').mockReturnValue(parent as unknown as Window)
    const config = { timestamp: 1767225600, nonce: 'abcdefgh12345678', signature: 'f'.repeat(64) }
    for (const [props, origin] of [
      [{ config }, 'http://kefu.test:8080'],
      [{ config, hostOrigin: 'https://desk.example.com/desk/' }, 'https://desk.example.com'],
    ] as const) {
      posted.length = 0
      const app = createApp(() => h(KefuAgentPage, props, () => h(Status)))
      app.mount(document.createElement('div'))
      expect(posted.map(([message, to]) => [(message as { type: string }).type, to])).toEqual([['config', origin]])
      app.unmount()
    }
    parentSpy.mockRestore()
  })

  it('calls config() with the server-computed signature once mounted', () => {
    // A top-level page has no workbench to talk to, so config() ends in not_configured: proof it ran.
    const config = { timestamp: 1767225600, nonce: 'abcdefgh12345678', signature: 'f'.repeat(64) }
    const root = document.createElement('div')
    const app = createApp(() => h(KefuAgentPage, { config }, () => h(Status)))
    app.mount(root)
    expect(root.textContent).toBe('unconfigured:')
    return Promise.resolve().then(() => {
      expect(root.textContent).toBe('error:not_configured')
      app.unmount()
    })
  })

  it('calls nothing without a config', async () => {
    const root = document.createElement('div')
    const app = createApp(() => h(KefuAgentPage, { config: null }, () => h(Status)))
    app.mount(root)
    await Promise.resolve()
    expect(root.textContent).toBe('unconfigured:')
    app.unmount()
  })
})

// useChat is exported for plugin users; keep the import checked.
void useChat
