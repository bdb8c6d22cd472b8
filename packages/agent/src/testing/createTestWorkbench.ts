import type { CrmUpdate, MapMessageClick, PluginCall, PluginErrorReason, PluginSignature, ReceivedMessage, SelectedVisitor } from '../bridgeProtocol'
import { createPluginHost, type BridgeLogEntry, type PluginHost } from '../host/createPluginHost'
import { PluginError } from '../pluginErrors'

export interface TestWorkbenchOptions {
  /** The plugin page's URL (its query is what `getParamData` reads). Default `https://plugin.test/page`. */
  readonly pageUrl?: string
  /** The workbench's origin. Default `https://desk.test`. */
  readonly deskOrigin?: string
  /** Why the server would refuse the signature, or `null` to accept it. Default: accept. */
  readonly verify?: (signature: PluginSignature) => PluginErrorReason | null
  /** What the workbench does with a call; throw to refuse it. Default: accept. */
  readonly handle?: (call: PluginCall) => unknown
  /**
   * The page's `location.ancestorOrigins`: default `[deskOrigin]`, as Chromium and Safari report it;
   * `null` for a browser without it (Firefox). Another origin plays a site that framed the page itself.
   */
  readonly ancestorOrigins?: readonly string[] | null
}

export interface TestWorkbench {
  /** Give it to `createAgentPlugin({ window })`: a plugin page framed by this workbench. */
  readonly window: Window
  /** The calls the page made that the workbench accepted, in order. */
  readonly calls: readonly PluginCall[]
  /** Every message between page and workbench, as the Ctrl+Alt+0 debug log shows them. */
  readonly log: readonly BridgeLogEntry[]
  readonly host: PluginHost
  select(visitor: SelectedVisitor | null): void
  receive(message: ReceivedMessage): void
  crmUpdated(update: CrmUpdate): void
  mapMsgClick(click: MapMessageClick): void
  /** Lets every message in flight arrive, and the promises they settle run. */
  settle(): Promise<void>
  destroy(): void
}

/**
 * A kefu workbench for tests of plugin pages: the real host side (`createPluginHost`), wired to a fake
 * page window by `postMessage` with origins and sources set as a browser sets them. No DOM needed.
 */
export function createTestWorkbench(options: TestWorkbenchOptions = {}): TestWorkbench {
  const pageUrl = new URL(options.pageUrl ?? 'https://plugin.test/page')
  const deskOrigin = options.deskOrigin ?? 'https://desk.test'
  const calls: PluginCall[] = []
  const log: BridgeLogEntry[] = []
  let selected: SelectedVisitor | null = null
  let inFlight = 0

  const desk = new EventTarget() as EventTarget & { postMessage: Window['postMessage'] }
  const page = new EventTarget() as EventTarget & {
    parent: typeof desk
    location: { href: string; search: string; ancestorOrigins?: readonly string[] }
    document: { referrer: string }
    postMessage: Window['postMessage']
  }
  page.parent = desk
  const ancestorOrigins = options.ancestorOrigins === undefined ? [deskOrigin] : options.ancestorOrigins
  page.location = { href: pageUrl.href, search: pageUrl.search, ...(ancestorOrigins ? { ancestorOrigins } : {}) }
  page.document = { referrer: `${deskOrigin}/desk/` }

  // A browser delivers a message asynchronously, and only when the target origin matches.
  const deliver = (target: EventTarget, targetOrigin: string, expected: string, init: MessageEventInit) => {
    if (targetOrigin !== expected) return
    inFlight++
    setTimeout(() => {
      inFlight--
      target.dispatchEvent(new MessageEvent('message', { ...init, data: structuredClone(init.data) }))
    })
  }
  desk.postMessage = ((data: unknown, targetOrigin: string) =>
    deliver(desk, targetOrigin, deskOrigin, { data, origin: pageUrl.origin, source: page as unknown as Window })) as Window['postMessage']
  page.postMessage = ((data: unknown, targetOrigin: string) =>
    deliver(page, targetOrigin, pageUrl.origin, { data, origin: deskOrigin, source: desk as unknown as Window })) as Window['postMessage']

  const host = createPluginHost({
    frame: { contentWindow: page as unknown as Window },
    plugin: { pluginId: 'test-plugin', allowedOrigin: pageUrl.origin },
    window: desk as unknown as Window,
    async verify(signature) {
      const reason = options.verify?.(signature) ?? null
      if (reason) throw new PluginError(reason, `the test workbench refused the signature: ${reason}`)
    },
    async handle(call) {
      const result = await options.handle?.(call)
      calls.push(call)
      return result
    },
    getSelected: () => selected,
    onLog: (entry) => log.push(entry),
  })

  return {
    window: page as unknown as Window,
    calls,
    log,
    host,
    select(visitor) {
      selected = visitor
      host.selectVisitor(visitor)
    },
    receive: (message) => host.receiveMessage(message),
    crmUpdated: (update) => host.crmUpdated(update),
    mapMsgClick: (click) => host.mapMsgClick(click),
    async settle() {
      for (let i = 0; i < 20; i++) {
        await new Promise((resolve) => setTimeout(resolve, 0))
        if (inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 0))
        if (inFlight === 0) return
      }
    },
    destroy: () => host.destroy(),
  }
}
