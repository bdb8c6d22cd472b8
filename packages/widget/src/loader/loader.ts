/**
 * The script a page includes (Echat `echat.js`, Sobot `entrance.js`, or `<script data-kefu>`). It imports
 * nothing: it learns the kefu base URL and company from its own `<script>`, installs queuing stubs for
 * `_kefu`, `_echat`, `zc` (only where the page has none) and `ECHAT.*`, then loads `<base>/host.js`,
 * which replays every queued call in order.
 *
 * Queues the host runtime takes over: `_echat.q` (arguments of `_echat(…)`, as Echat's own snippet
 * keeps them), `cbk` (arguments of `zc(…)`, as Sobot's snippet keeps them), and `_kefu.q`: `[method,
 * arguments, resolve?, reject?]` for `_kefu(…)` (method `''`) and each `ECHAT.method(…)`.
 */

/** The small host's content-hashed file under the kefu base, set by the build. */
declare const __KEFU_HOST_FILE__: string | undefined

/** The vendors' loader paths kefu serves too: the kefu base is what comes before them. */
const LOADER_PATH = /(?:\/visitor\/echat\.js|\/chat\/frame\/v2\/entrance\.js|\/[^/]*)$/

/** What the loader leaves on `window._kefu` for the host runtime. */
export interface KefuGlobal {
  (...args: unknown[]): void
  q: unknown[][]
  /** The kefu base URL: the loader's origin and folder, without a trailing slash. */
  base: string
  companyId?: string
  /** A Sobot integration (its `#zhichiScript`, `sysnum`, or its own `zc` stub): the page gets Sobot's postMessage. */
  sobot?: boolean
  /** Set by the host runtime once it has taken over. */
  host?: unknown
}

/** Getters answer these until the host runtime is ready. */
export const ECHAT_GETTER_DEFAULTS: Readonly<Record<string, unknown>> = {
  getChatPageUrl: '',
  getEchatVisitorId: '',
  getMiniStatus: 'close',
  getChatStatus: 0,
  getChatStaffInfo: '',
  getUnReadMsgCount: 0,
}

/** Every `ECHAT.*` method that only acts (queued until the host runtime takes over). */
export const ECHAT_ACTIONS = [
  'customNewWinChat',
  'customOpenChat',
  'customMiniChat',
  'refreshVisitorMetaData',
  'pushVisitorEvent',
  'setPageTitle',
  'hideMiniChat',
  'maxMiniChat',
  'closeMiniChat',
  'setMobilePageTop',
] as const

type Loose = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Installs the stubs and injects the host runtime; returns the `_kefu` global. Runs once per page. */
export function installLoader(w: Loose = window, d: Document = document): KefuGlobal | undefined {
  if (w._kefu && w._kefu.base) return w._kefu
  const script = (d.currentScript ||
    d.querySelector('script[data-kefu],#echatmodulejs,#zhichiScript')) as HTMLScriptElement | null
  const server = w._echatServer
  let base = ''
  let companyId: string | null = null
  let sobot = typeof w.zc === 'function' || (!!script && script.id === 'zhichiScript')
  if (script && script.src) {
    const url = new URL(script.src, d.baseURI)
    base = url.origin + url.pathname.replace(LOADER_PATH, '')
    companyId = url.searchParams.get('companyId') || url.searchParams.get('sysnum')
    sobot ||= url.searchParams.has('sysnum')
  } else if (server) {
    base = d.location.protocol + '//' + (server[0] || server)
  }
  companyId = (script && script.getAttribute('data-company')) || companyId
  if (!base) return undefined

  const kefu = (w._kefu =
    w._kefu ||
    function (...args: unknown[]) {
      kefu.q.push(['', args])
    }) as KefuGlobal
  kefu.q = kefu.q || []
  kefu.base = base
  if (companyId) kefu.companyId = companyId
  if (sobot) kefu.sobot = true
  w._echat =
    w._echat ||
    function (...args: unknown[]) {
      ;(w._echat.q = w._echat.q || []).push(args)
    }
  w.zc =
    w.zc ||
    function (...args: unknown[]) {
      ;(w.cbk = w.cbk || []).push(args)
    }
  const echat = (w.ECHAT = w.ECHAT || {})
  for (const name of ECHAT_ACTIONS) {
    echat[name] =
      echat[name] ||
      function (...args: unknown[]) {
        kefu.q.push([name, args])
      }
  }
  for (const name in ECHAT_GETTER_DEFAULTS) {
    echat[name] = echat[name] || (() => ECHAT_GETTER_DEFAULTS[name])
  }
  echat.getFileUploadInfo =
    echat.getFileUploadInfo ||
    function () {
      return new Promise((resolve, reject) => kefu.q.push(['getFileUploadInfo', [], resolve, reject]))
    }

  const host = d.createElement('script')
  host.async = true
  host.src = `${base}/${typeof __KEFU_HOST_FILE__ === 'string' ? __KEFU_HOST_FILE__ : 'host.js'}`
  ;(d.head || d.body).appendChild(host)
  return kefu
}

if (typeof window !== 'undefined' && typeof document !== 'undefined') installLoader()
