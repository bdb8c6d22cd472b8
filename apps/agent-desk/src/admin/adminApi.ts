import type { AgentInfo, LiveReport, Report } from '@kefu/core'
import type { Desk } from '../desk'

/** Settings as the server keeps them (`GET /api/v1/company`); see the server's companySettings schema. */
export interface CompanySettings {
  receptionMode: 1 | 2 | 3 | 4
  /** `message`: a chat starts with the visitor's first message or card; `open`: as the chat window opens. */
  startChatOn: 'message' | 'open'
  offline: { mode: 'leave-message' | 'disabled' | 'redirect'; url?: string }
  inactivityTimeoutSeconds: number
  queueTimeoutSeconds: number
  maxChatWindows: number
  evaluateOnEnd: boolean
  requireMemberSign: boolean
  requireHmacSign: boolean
  requireSignTimestamp: boolean
  memberSignMaxAgeSeconds: number
  trustUnsignedVip: boolean
  robotName: string
  robotHelloWord: string
  agentHelloWord: string
  agentOfflineTitle: string
  transferActions: TransferRule[]
  brandColor: string | null
  logoUrl: string | null
  /** Where new leave messages and replies are POSTed (signed); null: nowhere. Absent from servers before it. */
  leaveMessageWebhook?: string | null
  workingHours: WorkingHours
  uploads: { maxBytes: number; allowedTypes: string[] }
  /** The store's own site origins, trusted like the chat window's embedding page (absent from servers before it). */
  siteOrigins?: string[]
  /** Any setting this console does not edit (added by newer servers) is kept as it is. */
  [other: string]: unknown
}

export interface TransferRule {
  actionType: 'to_group' | 'to_service'
  deciId: string
  optionId: 1 | 2 | 3 | 4
  spillId?: 1 | 2 | 3 | 4 | 5 | 6 | 7
}

export interface Opening {
  start: string
  end: string
}

export interface WorkingHours {
  enabled: boolean
  timeZone: string
  week: Opening[][]
  closedDates: string[]
  outside: { mode: 'leave-message' | 'redirect' | 'bot'; url?: string }
}

export interface Company {
  id: string
  name: string
  settings: CompanySettings
  keys?: { sign: KeyInfo; meta: KeyInfo }
}

export interface KeyInfo {
  endsWith: string
  rotatedAt: number
}

export interface AdminAgent extends AgentInfo {
  disabled?: boolean
}

export interface Group {
  groupId: string
  name: string
  agentIds: string[]
}

export interface Faq {
  faqId: string
  question: string
  answer: string
  keywords: string
  synonyms: string[]
}

export type FaqTry = { kind: 'answer'; faq: Faq; synonym: string | null } | { kind: 'handoff' } | { kind: 'none' }

export interface QuickReply {
  id: string
  title: string
  text: string
  position: number
  scope: 'company' | 'group' | 'agent'
  groupId: string | null
  agentId: string | null
}

export interface PluginPage {
  pageId: number
  title: string
  url: string
}

export interface Plugin {
  pluginId: string
  name: string
  url: string
  allowedOrigin: string
  visitorParams: boolean
  pages: PluginPage[]
  /** Only right after registering or rotating. */
  secret?: string
}

const enc = encodeURIComponent

/** The admin REST API, through the desk's authenticated `http` (a 401 signs the workbench out). */
export function adminApi(desk: Desk) {
  const http = desk.http
  return {
    company: () => http('/api/v1/company') as Promise<Company>,
    saveCompany: (patch: { name?: string; settings?: Partial<CompanySettings> }) => http('/api/v1/company', { method: 'PATCH', body: patch }) as Promise<Company>,
    rotateKey: (key: 'sign' | 'meta') =>
      http('/api/v1/company/keys/rotate', { body: { key } }) as Promise<{ key: string; signKey?: string; metaKey?: string; rotatedAt: number }>,

    agents: () => http('/api/v1/agents') as Promise<AdminAgent[]>,
    addAgent: (body: object) => http('/api/v1/agents', { body }) as Promise<AdminAgent>,
    saveAgent: (agentId: string, body: object) => http(`/api/v1/agents/${enc(agentId)}`, { method: 'PATCH', body }) as Promise<AdminAgent>,
    deleteAgent: (agentId: string) => http(`/api/v1/agents/${enc(agentId)}`, { method: 'DELETE' }),
    groups: () => http('/api/v1/groups') as Promise<Group[]>,
    addGroup: (name: string) => http('/api/v1/groups', { body: { name } }) as Promise<Group>,
    renameGroup: (groupId: string, name: string) => http(`/api/v1/groups/${enc(groupId)}`, { method: 'PATCH', body: { name } }) as Promise<Group>,
    deleteGroup: (groupId: string) => http(`/api/v1/groups/${enc(groupId)}`, { method: 'DELETE' }),

    faqs: () => http('/api/v1/faqs') as Promise<Faq[]>,
    addFaq: (body: Omit<Faq, 'faqId'>) => http('/api/v1/faqs', { body }) as Promise<Faq>,
    saveFaq: (faqId: string, body: Omit<Faq, 'faqId'>) => http(`/api/v1/faqs/${enc(faqId)}`, { method: 'PUT', body }) as Promise<Faq>,
    deleteFaq: (faqId: string) => http(`/api/v1/faqs/${enc(faqId)}`, { method: 'DELETE' }),
    tryFaq: (question: string) => http('/api/v1/faqs/try', { body: { question } }) as Promise<FaqTry>,
    importFaqs: (csv: string, mode: 'append' | 'replace') => http('/api/v1/faqs/import', { body: { csv, mode } }) as Promise<{ added: number; removed: number }>,

    quickReplies: () => http('/api/v1/quick-replies?all=true') as Promise<QuickReply[]>,
    addQuickReply: (body: object) => http('/api/v1/quick-replies', { body }) as Promise<QuickReply>,
    saveQuickReply: (id: string, body: object) => http(`/api/v1/quick-replies/${enc(id)}`, { method: 'PATCH', body }) as Promise<QuickReply>,
    deleteQuickReply: (id: string) => http(`/api/v1/quick-replies/${enc(id)}`, { method: 'DELETE' }),

    plugins: () => http('/api/v1/plugins') as Promise<Plugin[]>,
    addPlugin: (body: object) => http('/api/v1/plugins', { body }) as Promise<Plugin>,
    savePlugin: (pluginId: string, body: object) => http(`/api/v1/plugins/${enc(pluginId)}`, { method: 'PATCH', body }) as Promise<Plugin>,
    rotatePluginSecret: (pluginId: string) => http(`/api/v1/plugins/${enc(pluginId)}/secret`, { body: {} }) as Promise<Plugin>,
    deletePlugin: (pluginId: string) => http(`/api/v1/plugins/${enc(pluginId)}`, { method: 'DELETE' }),
    verifyPlugin: (pluginId: string, config: unknown) => http(`/api/v1/plugins/${enc(pluginId)}/verify`, { body: config }),

    report: (query: URLSearchParams) => http(`/api/v1/reports?${query.toString()}`) as Promise<Report>,
    live: () => http('/api/v1/reports/live') as Promise<LiveReport>,
  }
}

export type AdminApi = ReturnType<typeof adminApi>

/**
 * Downloads a file from the API with the desk's session (a plain link cannot send the bearer token):
 * the browser saves it under the name the server gives.
 */
export async function downloadFromApi(desk: Desk, path: string, fallbackName: string): Promise<void> {
  const snapshot = desk.getSnapshot()
  const token = snapshot.auth.status === 'signed-in' ? snapshot.auth.token : ''
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } })
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`)
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName
  saveBlob(await response.blob(), name)
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
