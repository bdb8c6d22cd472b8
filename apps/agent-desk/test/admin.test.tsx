import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { adminLocaleOf, adminSectionOf } from '../src/admin'
import { ADMIN_TEXT } from '../src/admin/i18n'
import { formatDuration } from '../src/admin/format'
import { formErrorsOf } from '../src/admin/form/formErrors'
import { toCsv } from '../src/admin/reports/toCsv'
import { embedSnippet } from '../src/admin/sections/embedSnippets'
import { validateSettings } from '../src/admin/sections/validateSettings'
import { createDesk, DeskHttpError } from '../src/desk'
import { App } from '../src/ui/App'
import { AGENT, FakeSocket, LOGIN_ROUTES, fakeFetch, memorySession, welcome, type FakeRequest } from './fakes'

const zh = ADMIN_TEXT['zh-CN']
const en = ADMIN_TEXT.en
const tw = ADMIN_TEXT['zh-TW']

const SETTINGS = {
  receptionMode: 4,
  startChatOn: 'message',
  offline: { mode: 'leave-message' },
  inactivityTimeoutSeconds: 600,
  queueTimeoutSeconds: 1800,
  maxChatWindows: 5,
  evaluateOnEnd: true,
  requireMemberSign: false,
  requireHmacSign: false,
  requireSignTimestamp: false,
  memberSignMaxAgeSeconds: 600,
  trustUnsignedVip: false,
  robotName: '小助手',
  robotHelloWord: '您好！',
  agentHelloWord: '',
  agentOfflineTitle: '客服不在线，请留言。',
  transferActions: [],
  brandColor: null,
  logoUrl: null,
  workingHours: {
    enabled: false,
    timeZone: 'Asia/Shanghai',
    week: [[], [{ start: '09:00', end: '18:00' }], [], [], [], [], []],
    closedDates: [],
    outside: { mode: 'leave-message' },
  },
  uploads: { maxBytes: 10 * 1024 * 1024, allowedTypes: ['image/*'] },
} as const

describe('the console’s pure parts', () => {
  it('routes: #/admin/<section>, company by default, nothing outside the console', () => {
    expect(adminSectionOf('#/admin/bot')).toBe('bot')
    expect(adminSectionOf('#/admin')).toBe('company')
    expect(adminSectionOf('#/admin/reports?from=2026-01-01')).toBe('reports')
    expect(adminSectionOf('#/admin/nonsense')).toBe('company')
    expect(adminSectionOf('')).toBeNull()
    expect(adminSectionOf('#/administrator')).toBeNull()
  })

  it('follows the workbench’s language: traditional or simplified Chinese as the workbench reads it, anything else English', () => {
    expect(adminLocaleOf('zh-CN')).toBe('zh-CN')
    expect(adminLocaleOf('zh')).toBe('zh-CN')
    expect(adminLocaleOf('zh-TW')).toBe('zh-TW')
    expect(adminLocaleOf('zh-Hant-HK')).toBe('zh-TW')
    expect(adminLocaleOf('zh-HK')).toBe('zh-TW')
    expect(adminLocaleOf('en-US')).toBe('en')
    expect(adminLocaleOf(null)).toBe('zh-CN')
  })

  it('every language has every text', () => {
    const keysOf = (value: unknown, prefix = ''): string[] =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => keysOf(v, `${prefix}${k}.`))
        : [prefix.slice(0, -1)]
    expect(Object.keys(ADMIN_TEXT).sort()).toEqual(['en', 'zh-CN', 'zh-TW'])
    for (const text of Object.values(ADMIN_TEXT)) {
      expect(keysOf(text).sort()).toEqual(keysOf(zh).sort())
      expect(text.reports.defs).toHaveLength(zh.reports.defs.length)
      expect(text.company.weekdays).toHaveLength(7)
    }
  })

  it('traditional Chinese is written as in Taiwan: no simplified characters, full-width punctuation', () => {
    const textsOf = (value: unknown): string[] =>
      typeof value === 'string'
        ? [value]
        : typeof value === 'function'
          ? [String((value as (...args: string[]) => unknown)('甲', '乙'))]
          : value && typeof value === 'object'
            ? Object.values(value).flatMap(textsOf)
            : []
    const texts = textsOf(tw)
    // Characters written differently in simplified Chinese, common in these texts.
    const simplified = /[这们设时务问关线开载为说图标页钮击动设删编辑册导报认证签钥码录网级组话访状态条择项请]/
    expect(texts.filter((text) => simplified.test(text))).toEqual([])
    // A comma, full stop or question mark next to Chinese is the full-width one.
    const cjk = '[\u4e00-\u9fff]'
    expect(texts.filter((text) => new RegExp(`${cjk}[,.?!;:]|[,?!;:]${cjk}`).test(text))).toEqual([])
    expect(tw.nav.sections.company).toBe('公司設定')
    expect(tw.common.save).toBe('儲存')
  })

  it('embed code: the company id and server filled in, strings escaped, Sobot’s colour without #', () => {
    const options = { serverUrl: 'https://kefu.example.com/', companyId: 'shop-1' }
    const inPage = embedSnippet('inPage', options)
    expect(inPage).toContain(`_echat('initParam', { companyId: "shop-1" });`)
    expect(inPage).toContain(`echat.src = "https://kefu.example.com/loader.js";`)
    expect(embedSnippet('popup', options)).toContain('ECHAT.customNewWinChat(chatParamObj)')
    expect(embedSnippet('popup', options)).toContain('ECHAT.customOpenChat(chatParamObj)')
    expect(embedSnippet('link', options)).toContain('href="https://kefu.example.com/chat?companyId=shop-1"')
    expect(embedSnippet('link', { ...options, locale: 'en' })).toContain('>Chat with us</a>')
    // Traditional Chinese buttons, and a chat window that opens in traditional Chinese.
    expect(embedSnippet('popup', { ...options, locale: 'zh-TW' })).toContain('>線上諮詢（彈出視窗）</button>')
    expect(embedSnippet('popup', { ...options, locale: 'zh-TW' })).toContain('lan: "zh-TW"')
    const sobot = embedSnippet('sobot', { ...options, brandColor: '#0a7b5f' })
    expect(sobot).toContain(`x.src = "https://kefu.example.com/loader.js?sysnum=shop-1";`)
    expect(sobot).toContain(`zc("config", { color: "0a7b5f" });`)
    expect(embedSnippet('sobot', options)).not.toContain('zc("config"')
    // A hostile id cannot close the script.
    expect(embedSnippet('inPage', { ...options, companyId: '</script><b>' })).not.toContain('</script><b>')
  })

  it('settings are checked as the server checks them, in the reader’s language, under the server’s paths', () => {
    const bad = {
      ...SETTINGS,
      brandColor: 'blue',
      logoUrl: 'javascript:alert(1)',
      queueTimeoutSeconds: 5,
      offline: { mode: 'redirect' as const },
      workingHours: { ...SETTINGS.workingHours, week: [[], [{ start: '18:00', end: '09:00' }], [], [], [], [], []], closedDates: ['2026-02-30'] },
      uploads: { maxBytes: 0, allowedTypes: ['images'] },
      transferActions: [{ actionType: 'to_group' as const, deciId: '', optionId: 3 as const }],
    }
    expect(validateSettings('', bad as never, zh)).toEqual({
      name: zh.common.required,
      brandColor: zh.company.brandColorBad,
      logoUrl: zh.common.badUrl,
      'offline.url': zh.common.badUrl,
      queueTimeoutSeconds: zh.common.range(30, 86_400),
      'workingHours.week.1': zh.company.openingBad,
      'workingHours.closedDates': zh.company.closedDateBad('2026-02-30'),
      'transferActions.0.deciId': zh.company.pickTarget,
      'uploads.maxBytes': zh.common.range(1, 100),
      'uploads.allowedTypes': zh.company.badType('images'),
    })
    expect(validateSettings('示例商店', SETTINGS as never, zh)).toEqual({})
  })

  it('site origins are checked as the server checks them: scheme, host and port only', () => {
    const check = (siteOrigins: string[]) => validateSettings('示例商店', { ...SETTINGS, siteOrigins } as never, zh)
    expect(check(['https://shop.example.com', 'http://localhost:8080', 'https://xn--fiqs8s.example'])).toEqual({})
    expect(check([])).toEqual({})
    // A path, a trailing slash, capitals or a default port: the origin it means is suggested.
    expect(check(['https://shop.example.com/'])).toEqual({ siteOrigins: zh.company.siteOriginBad('https://shop.example.com/', 'https://shop.example.com') })
    expect(check(['https://Shop.example.com:443/cart'])).toEqual({ siteOrigins: zh.company.siteOriginBad('https://Shop.example.com:443/cart', 'https://shop.example.com') })
    for (const bad of ['shop.example.com', 'ftp://shop.example.com', 'javascript:alert(1)', 'https://']) {
      expect(check([bad])).toEqual({ siteOrigins: zh.company.siteOriginBad(bad) })
    }
    const many = Array.from({ length: 51 }, (_, i) => `https://s${i}.example.com`)
    expect(check(many)).toEqual({ siteOrigins: zh.common.maxItems(50) })
    expect(check(many.slice(0, 50))).toEqual({})
    // A server without the setting sends none: nothing to check.
    expect(validateSettings('示例商店', SETTINGS as never, zh)).toEqual({})
  })

  it('server refusals become field errors (known messages in the reader’s language) or one sentence', () => {
    const refused = new DeskHttpError(400, 'invalid_argument', 'invalid_argument', 'the request body is not valid', [
      { path: 'robotName', message: 'Too big: expected string to have <=50 characters' },
      { path: 'transferActions.1.deciId', message: 'no group "g9" in this company' },
    ])
    expect(formErrorsOf(refused, zh)).toEqual({
      form: zh.common.invalidForm,
      fields: { robotName: zh.common.maxLength(50), 'transferActions.1.deciId': 'no group "g9" in this company' },
    })
    const origins = new DeskHttpError(400, 'invalid_argument', 'invalid_argument', 'the request body is not valid', [
      { path: 'siteOrigins.1', message: 'must be an origin like https://shop.example.com (a scheme and a host, an optional port, no path)' },
      { path: 'siteOrigins', message: 'Too big: expected array to have <=50 items' },
    ])
    expect(formErrorsOf(origins, zh).fields).toEqual({ 'siteOrigins.1': zh.company.siteOriginBad(), siteOrigins: zh.common.maxItems(50) })
    expect(formErrorsOf(new DeskHttpError(409, 'conflict', 'conflict', 'that e-mail is taken'), en).form).toBe(en.team.emailTaken)
    expect(formErrorsOf(new DeskHttpError(0, 'server_error', 'network', 'x'), zh).form).toBe(zh.common.errors.network)
    expect(formErrorsOf(new DeskHttpError(403, 'forbidden', 'forbidden', 'this needs an admin account'), zh).form).toBe(zh.common.errors.forbidden)
  })

  it('durations read as people say them, and tables export as CSV with a BOM', () => {
    expect(formatDuration(45_000, zh)).toBe('45 秒')
    expect(formatDuration(200_000, en)).toBe('3 min 20 s')
    expect(formatDuration(3_900_000, zh)).toBe('1 小时 5 分')
    expect(formatDuration(null, en)).toBe('—')
    // No milliseconds for people: a wait of nothing, or of a moment, reads in seconds.
    expect(formatDuration(0, zh)).toBe('0 秒')
    expect(formatDuration(420, zh)).toBe('0 秒')
    expect(formatDuration(600, en)).toBe('1 s')
    expect(formatDuration(59_700, zh)).toBe('1 分')
    expect(toCsv({ columns: ['日期', 'n'], rows: [['2026-03-02', 2], ['a,"b"', null]] })).toBe('\uFEFF日期,n\r\n2026-03-02,2\r\n"a,""b""",\r\n')
  })
})

// The console is a lazy chunk: its first load can take seconds on a loaded machine.
describe('the console in the workbench', { timeout: 30_000 }, () => {
  let requests: FakeRequest[]

  function setup(role: 'admin' | 'agent', routes: Parameters<typeof fakeFetch>[0] = {}) {
    const agent = { ...AGENT, role }
    const http = fakeFetch({
      ...LOGIN_ROUTES,
      'POST /api/v1/auth/login': { body: { token: 'tok-1', agent } },
      'GET /api/v1/plugins': { body: [] },
      'GET /api/v1/quick-replies': { body: [] },
      'GET /api/v1/company': { body: { id: 'demo', name: '示例商店', settings: SETTINGS, keys: { sign: { endsWith: 'abcd', rotatedAt: 0 }, meta: { endsWith: 'wxyz', rotatedAt: 0 } } } },
      'GET /api/v1/agents': { body: [{ ...agent, disabled: false }] },
      ...routes,
    })
    requests = http.requests
    const desk = createDesk({ fetch: http.fetch, WebSocket: FakeSocket, storage: memorySession(), pingMs: 0 })
    render(<App desk={desk} locale="zh-CN" />)
    return { desk, agent }
  }

  async function signIn(agent: typeof AGENT | { role: 'agent' }) {
    fireEvent.change(screen.getByTestId('login-email'), { target: { value: 'amy@demo.kefu.local' } })
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'right' } })
    fireEvent.click(screen.getByTestId('login-submit'))
    await waitFor(() => expect(FakeSocket.instances).toHaveLength(1))
    act(() => {
      FakeSocket.last.open()
      FakeSocket.last.receive(welcome({ agent: { ...AGENT, ...agent } }))
    })
  }

  beforeEach(() => {
    FakeSocket.instances = []
    document.documentElement.setAttribute('lang', 'zh-CN')
    history.replaceState(null, '', '/desk/')
  })
  afterEach(() => cleanup())

  it('agents see no way in: no 管理 view, and its address opens nothing', async () => {
    setup('agent')
    await signIn({ role: 'agent' })
    expect(screen.queryByTestId('view-admin')).toBeNull()
    act(() => {
      location.hash = '#/admin/company'
      dispatchEvent(new HashChangeEvent('hashchange'))
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(screen.queryByTestId('admin-console')).toBeNull()
    expect(requests.some((r) => r.url.includes('/api/v1/company'))).toBe(false)
  })

  it('admins open it from the header; a bad value is shown at its field, in the workbench’s language, and nothing is sent', async () => {
    setup('admin')
    await signIn(AGENT)
    fireEvent.click(screen.getByTestId('view-admin'))
    expect(location.hash).toBe('#/admin/company')
    // The console is its own chunk: the first load takes a moment.
    const name = (await screen.findByTestId('company-name', {}, { timeout: 15_000 })) as HTMLInputElement
    expect(name.value).toBe('示例商店')
    fireEvent.change(screen.getByTestId('company-color'), { target: { value: 'blue' } })
    fireEvent.click(screen.getByTestId('company-save'))
    expect(await screen.findByText(zh.company.brandColorBad)).toBeTruthy()
    expect(screen.getByTestId('company-color').getAttribute('aria-invalid')).toBe('true')
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([])

    // The agent switches the workbench to English: the console follows.
    fireEvent.change(screen.getByTestId('language'), { target: { value: 'en' } })
    expect(await screen.findByText(en.nav.sections.company, { selector: 'h1' })).toBeTruthy()
  })

  it('member sign security: timestamps required, their window, unsigned VIP flags', async () => {
    setup('admin', { 'PATCH /api/v1/company': { body: { id: 'demo', name: '示例商店', settings: SETTINGS } } })
    await signIn(AGENT)
    act(() => {
      location.hash = '#/admin/company'
      dispatchEvent(new HashChangeEvent('hashchange'))
    })
    await screen.findByTestId('company-name', {}, { timeout: 15_000 })
    expect(screen.getByText(zh.company.trustUnsignedVipHint)).toBeTruthy()
    fireEvent.click(screen.getByTestId('company-require-timestamp'))
    fireEvent.change(screen.getByTestId('company-sign-max-age'), { target: { value: '1800' } })
    fireEvent.click(screen.getByTestId('company-save'))
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true))
    const patch = requests.find((r) => r.method === 'PATCH')!
    expect((patch.body as { settings: object }).settings).toMatchObject({ requireSignTimestamp: true, memberSignMaxAgeSeconds: 1800, trustUnsignedVip: false })
  })

  it('when a chat starts: with the first message by default, or as the window opens', async () => {
    setup('admin', { 'PATCH /api/v1/company': { body: { id: 'demo', name: '示例商店', settings: { ...SETTINGS, startChatOn: 'open' } } } })
    await signIn(AGENT)
    act(() => {
      location.hash = '#/admin/company'
      dispatchEvent(new HashChangeEvent('hashchange'))
    })
    const start = (await screen.findByTestId('company-chat-start', {}, { timeout: 15_000 })) as HTMLSelectElement
    expect(start.value).toBe('message')
    expect(start.selectedOptions[0]!.textContent).toBe(zh.company.chatStarts.message)
    expect([...start.options].map((o) => o.textContent)).toEqual([zh.company.chatStarts.message, zh.company.chatStarts.open])
    expect(screen.getByText(zh.company.chatStartHint)).toBeTruthy()
    fireEvent.change(start, { target: { value: 'open' } })
    fireEvent.click(screen.getByTestId('company-save'))
    await waitFor(() => expect(screen.getByTestId('form-saved')).toBeTruthy())
    const patch = requests.find((r) => r.method === 'PATCH')!
    expect((patch.body as { settings: object }).settings).toMatchObject({ startChatOn: 'open', receptionMode: 4 })
    expect((screen.getByTestId('company-chat-start') as HTMLSelectElement).value).toBe('open')

    // In English, the same choice in English words.
    fireEvent.change(screen.getByTestId('language'), { target: { value: 'en' } })
    await waitFor(() => expect((screen.getByTestId('company-chat-start') as HTMLSelectElement).selectedOptions[0]!.textContent).toBe(en.company.chatStarts.open))
    expect(screen.getByText(en.company.chatStartHint)).toBeTruthy()
  })

  it('site origins: one a line, saved as a list; a bad one is shown at the field and nothing is sent', async () => {
    setup('admin', {
      'PATCH /api/v1/company': { body: { id: 'demo', name: '示例商店', settings: { ...SETTINGS, siteOrigins: ['https://shop.example.com', 'https://m.shop.example.com'] } } },
    })
    await signIn(AGENT)
    act(() => {
      location.hash = '#/admin/company'
      dispatchEvent(new HashChangeEvent('hashchange'))
    })
    // A server that sends no siteOrigins yet: the field starts empty.
    const field = (await screen.findByTestId('company-site-origins', {}, { timeout: 15_000 })) as HTMLTextAreaElement
    expect(field.value).toBe('')
    expect(screen.getByText(zh.company.siteOriginsHint)).toBeTruthy()
    expect(screen.getByLabelText(zh.company.siteOrigins)).toBe(field)

    fireEvent.change(field, { target: { value: 'https://shop.example.com\nhttps://m.shop.example.com/cart\n' } })
    fireEvent.click(screen.getByTestId('company-save'))
    expect(await screen.findByText(zh.company.siteOriginBad('https://m.shop.example.com/cart', 'https://m.shop.example.com'))).toBeTruthy()
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([])

    fireEvent.change(field, { target: { value: 'https://shop.example.com\n  https://m.shop.example.com  \n\n' } })
    fireEvent.click(screen.getByTestId('company-save'))
    await waitFor(() => expect(screen.getByTestId('form-saved')).toBeTruthy())
    const patch = requests.find((r) => r.method === 'PATCH')!
    expect((patch.body as { settings: { siteOrigins: string[] } }).settings.siteOrigins).toEqual(['https://shop.example.com', 'https://m.shop.example.com'])
    expect(field.getAttribute('aria-invalid')).toBeNull()
  })

  it('a site origin the server refuses is shown at the field, in the reader’s language', async () => {
    setup('admin', {
      'PATCH /api/v1/company': {
        status: 400,
        body: {
          error: {
            code: 'invalid_argument',
            message: 'the request body is not valid',
            issues: [{ path: 'siteOrigins.0', message: 'must be an origin like https://shop.example.com (a scheme and a host, an optional port, no path)' }],
          },
        },
      },
    })
    await signIn(AGENT)
    act(() => {
      location.hash = '#/admin/company'
      dispatchEvent(new HashChangeEvent('hashchange'))
    })
    const field = await screen.findByTestId('company-site-origins', {}, { timeout: 15_000 })
    fireEvent.change(field, { target: { value: 'https://shop.example.com' } })
    fireEvent.click(screen.getByTestId('company-save'))
    expect(await screen.findByText(zh.company.siteOriginBad())).toBeTruthy()
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByTestId('form-error').textContent).toBe(zh.common.invalidForm)
  })

  it('an agent reading traditional Chinese gets the console in traditional Chinese', async () => {
    setup('admin')
    await signIn(AGENT)
    fireEvent.change(screen.getByTestId('language'), { target: { value: 'zh-TW' } })
    expect(document.documentElement.getAttribute('lang')).toBe('zh-TW')
    fireEvent.click(screen.getByTestId('view-admin'))
    expect(await screen.findByText(tw.nav.sections.company, { selector: 'h1' }, { timeout: 15_000 })).toBeTruthy()
    await screen.findByTestId('company-name')
    expect(screen.getByText(tw.company.security)).toBeTruthy()
    expect(screen.getByLabelText(tw.company.siteOrigins)).toBe(screen.getByTestId('company-site-origins'))
    expect(screen.getByText(tw.company.siteOriginsHint)).toBeTruthy()
    expect(screen.getByTestId('company-save').textContent).toBe('儲存')
    expect(screen.getByTestId('admin-console').getAttribute('lang')).toBe('zh-TW')
    // Nothing simplified is left on the page.
    expect(screen.queryByText(zh.company.security)).toBeNull()
    expect(screen.queryByText(zh.common.save)).toBeNull()
  })

  it('what the server refuses lands on the field it names', async () => {
    setup('admin', {
      'PATCH /api/v1/company': {
        status: 400,
        body: { error: { code: 'invalid_argument', message: 'x', issues: [{ path: 'transferActions.0.deciId', message: 'no group "g1" in this company' }] } },
      },
    })
    await signIn(AGENT)
    act(() => {
      location.hash = '#/admin/company'
      dispatchEvent(new HashChangeEvent('hashchange'))
    })
    await screen.findByTestId('company-name', {}, { timeout: 15_000 })
    fireEvent.click(screen.getByTestId('rule-add'))
    fireEvent.change(screen.getByTestId('rule-0-target'), { target: { value: 'g1' } })
    fireEvent.click(screen.getByTestId('company-save'))
    expect(await screen.findByText('no group "g1" in this company')).toBeTruthy()
    expect(screen.getByTestId('form-error').textContent).toBe(zh.common.invalidForm)
    const patch = requests.find((r) => r.method === 'PATCH')!
    expect((patch.body as { settings: { transferActions: unknown[] } }).settings.transferActions).toEqual([{ actionType: 'to_group', deciId: 'g1', optionId: 3, spillId: 7 }])
  })

  it('the widget section: the real chat window in a frame, fed the draft as it is typed, in the preview language; Save sends the window settings', async () => {
    setup('admin', { 'PATCH /api/v1/company': { body: { id: 'demo', name: '示例商店', settings: { ...SETTINGS, brandColor: '#0a7b5f', receptionMode: 3, robotHelloWord: '欢迎光临！' } } } })
    await signIn(AGENT)
    act(() => {
      location.hash = '#/admin/widget'
      dispatchEvent(new HashChangeEvent('hashchange'))
    })
    const frame = (await screen.findByTestId('widget-preview-frame', {}, { timeout: 15_000 })) as HTMLIFrameElement
    expect(frame.src).toBe(`${location.origin}/chat?companyId=demo&locale=zh-CN#preview`)
    expect(frame.title).toBe(zh.widget.previewFrame)
    const posted: [{ type: string; welcome: { status: { name: string }; themeColor?: string; messages: { sender: string; body: { text?: string } }[] } }, string][] = []
    vi.spyOn(frame.contentWindow!, 'postMessage').mockImplementation(((message: never, origin: never) => void posted.push([message, origin])) as never)
    const ready = (origin: string, source: Window) => act(() => void dispatchEvent(new MessageEvent('message', { data: { type: 'kefu.preview.ready' }, origin, source })))
    const last = () => posted[posted.length - 1]![0].welcome
    const texts = () => last().messages.map((m) => m.body.text)

    // Only its own window, from the console's origin, is answered; and only to that origin.
    ready('https://evil.example', frame.contentWindow!)
    ready(location.origin, window)
    expect(posted).toEqual([])
    ready(location.origin, frame.contentWindow!)
    expect(posted).toHaveLength(1)
    expect(posted[0]![1]).toBe(location.origin)
    // Agents first with agents online: an agent (the admin) joins; no agent welcome is set.
    expect(last().status).toEqual({ name: 'chatting' })
    expect(texts()).toEqual([`客服 ${AGENT.name} 正在为您服务`])

    // Each change reaches the window as it is typed, unsaved.
    fireEvent.change(screen.getByTestId('widget-color'), { target: { value: '#0a7b5f' } })
    expect(last().themeColor).toBe('#0a7b5f')
    fireEvent.change(screen.getByTestId('widget-reception'), { target: { value: '3' } })
    fireEvent.change(screen.getByTestId('widget-robot-hello'), { target: { value: '欢迎光临！' } })
    expect(last().status).toEqual({ name: 'bot' })
    expect(texts()).toEqual(['欢迎光临！'])
    expect(screen.getByTestId('preview-hint').textContent).toBe(zh.widget.previewHints[3].online)
    fireEvent.click(screen.getByTestId('preview-offline'))
    expect(texts()).toEqual(['欢迎光临！', '客服不在线，请留言。'])
    expect(last().status).toEqual({ name: 'offline', mode: 'leave-message' })
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([])

    // Another language: the window page again, in it.
    fireEvent.change(screen.getByTestId('preview-locale'), { target: { value: 'en' } })
    expect((screen.getByTestId('widget-preview-frame') as HTMLIFrameElement).src).toBe(`${location.origin}/chat?companyId=demo&locale=en#preview`)

    fireEvent.click(screen.getByTestId('widget-save'))
    await waitFor(() => expect(screen.getByTestId('form-saved')).toBeTruthy())
    const patch = requests.find((r) => r.method === 'PATCH')!
    expect(patch.body).toEqual({
      settings: { brandColor: '#0a7b5f', receptionMode: 3, robotName: '小助手', robotHelloWord: '欢迎光临！', agentHelloWord: '', agentOfflineTitle: '客服不在线，请留言。' },
    })
  })
})
