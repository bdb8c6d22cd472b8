import type { SelectedVisitor } from '../bridgeProtocol'
import { CONTEXT_PARAMS, HOST_ORIGIN_PARAM, decodeComponent, formatParamList } from '../paramList'

const OURS = new Set<string>([HOST_ORIGIN_PARAM, ...CONTEXT_PARAMS])

/**
 * The URL a plugin iframe is opened with: the page's own query and fragment kept, plus `kefuOrigin` (so
 * the SDK knows whom to post to) and, when a visitor is selected, `visitorData`, `routeData`, `chatData`
 * and `crmData`, each a URL-encoded `k=v&…` list (the seed's 业务系统传参). Parameters of those names
 * already in the URL are replaced, so a page can never be handed two conflicting values.
 */
export function pluginPageUrl(url: string, selected: SelectedVisitor | null, hostOrigin: string): string {
  const hashAt = url.indexOf('#')
  const hash = hashAt === -1 ? '' : url.slice(hashAt)
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt)
  const queryAt = beforeHash.indexOf('?')
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt)
  const own = queryAt === -1 ? [] : beforeHash.slice(queryAt + 1).split('&')
  const kept = own.filter((part) => part !== '' && !OURS.has(decodeComponent(part.split('=')[0]!)))
  const added = [`${HOST_ORIGIN_PARAM}=${encodeURIComponent(hostOrigin)}`]
  if (selected) {
    for (const name of CONTEXT_PARAMS) added.push(`${name}=${encodeURIComponent(formatParamList(selected[name]))}`)
  }
  return `${base}?${[...kept, ...added].join('&')}${hash}`
}
