/** The widget's languages (the chat window's `locale`). */
export type KefuLocale = 'zh-CN' | 'zh-TW' | 'en'

/** The widget loader's options when `widget` is an object. */
export interface KefuWidgetOptions {
  /**
   * Hide the widget's own round button (Sobot `custom: true`) because the page has its own, which opens
   * the chat with `useKefuWidget().open()`. Default true.
   */
  readonly customButton?: boolean
  /** More page parameters for `_kefu('config', …)`: any Sobot `zc('config')` / Echat `initParam` key. */
  readonly config?: Readonly<Record<string, unknown>>
}

/** `kefu: { … }` in nuxt.config, also readable (and overridable by env) as `runtimeConfig.public.kefu`. */
export interface ModuleOptions {
  /** The kefu company (Echat `companyId`, Sobot `sysnum`). */
  companyId: string
  /** The kefu server's http(s) base URL, e.g. `https://kefu.example.com`. */
  serverUrl: string
  /** The widget's language; default zh-CN. */
  locale?: KefuLocale
  /** Load the kefu widget (`<serverUrl>/loader.js`) on every page but `definePageMeta({ kefuWidget: false })` ones; default false. */
  widget?: boolean | KefuWidgetOptions
  /** Log the chat client's ignored events and oddities to the console. */
  debug?: boolean
}

/** The options with their defaults applied and the URL checked. */
export interface ResolvedKefuOptions {
  readonly companyId: string
  /** Without a trailing slash. */
  readonly serverUrl: string
  readonly locale: KefuLocale
  readonly widget: false | { readonly customButton: boolean; readonly config: Readonly<Record<string, unknown>> }
  readonly debug: boolean
}

const LOCALES: readonly KefuLocale[] = ['zh-CN', 'zh-TW', 'en']

/**
 * Checks and completes the options. Runtime config values come from env as strings
 * (`NUXT_PUBLIC_KEFU_DEBUG=true`), so booleans also accept `'true'`/`'false'`; the input is what
 * runtime config holds, so it is checked rather than trusted.
 * @throws Error saying which option is wrong and how to set it.
 */
export function resolveKefuOptions(input: unknown): ResolvedKefuOptions {
  const options = (typeof input === 'object' && input !== null ? input : {}) as Partial<ModuleOptions>
  const companyId = typeof options.companyId === 'string' ? options.companyId.trim() : ''
  if (!companyId) {
    throw new Error('[@kefu/nuxt] `kefu.companyId` is missing: set it in nuxt.config or NUXT_PUBLIC_KEFU_COMPANY_ID')
  }
  const serverUrl = typeof options.serverUrl === 'string' ? options.serverUrl.trim().replace(/\/+$/, '') : ''
  if (!/^https?:\/\/[^/\s]+/i.test(serverUrl) || !URL.canParse(serverUrl)) {
    throw new Error(
      `[@kefu/nuxt] \`kefu.serverUrl\` must be the kefu server's http(s) URL, got ${JSON.stringify(options.serverUrl ?? null)}: ` +
        'set it in nuxt.config or NUXT_PUBLIC_KEFU_SERVER_URL',
    )
  }
  const locale = options.locale ?? 'zh-CN'
  if (!LOCALES.includes(locale)) {
    throw new Error(`[@kefu/nuxt] \`kefu.locale\` must be one of ${LOCALES.join(', ')}, got ${JSON.stringify(locale)}`)
  }
  const widget = flag(options.widget) ?? options.widget ?? false
  return {
    companyId,
    serverUrl,
    locale,
    widget:
      widget === false
        ? false
        : {
            customButton: widget === true ? true : (flag(widget.customButton) ?? widget.customButton ?? true),
            config: widget === true ? {} : { ...widget.config },
          },
    debug: flag(options.debug) ?? false,
  }
}

function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  return undefined
}

/** The server's visitor WebSocket endpoint: http→ws, https→wss. */
export const visitorSocketUrl = (options: Pick<ResolvedKefuOptions, 'serverUrl'>): string =>
  `${options.serverUrl.replace(/^http/i, 'ws')}/ws/visitor`

/** The widget loader script every page includes. */
export const widgetLoaderUrl = (options: Pick<ResolvedKefuOptions, 'serverUrl'>): string => `${options.serverUrl}/loader.js`
