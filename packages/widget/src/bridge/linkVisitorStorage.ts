import type { KeyValueStorage } from '@kefu/core'

export interface LinkVisitorInput {
  readonly companyId: string
  /** The kefu origin's storage, where this browser's visitor lives across windows. */
  readonly persistent: KeyValueStorage
  /** This tab's storage: a visitor of its own for a link from a page that may not act for the stored one. */
  readonly tab: KeyValueStorage
  /** A token in the fragment: the store's own kefu host opened this window for its visitor. */
  readonly fragmentToken: string | undefined
  /** The identity fields the link carries (`NormalizedVisitorIdentity`). */
  readonly identity: object
  readonly hasCards: boolean
  /** The embedding or opening page, as the browser reports it. */
  readonly openerOrigin: string | undefined
  readonly ownOrigin: string
  readonly siteOrigins: readonly string[]
}

/**
 * Where the chat window keeps its visitor (core reads the token from it). A link carrying cards or an
 * identity acts for the stored visitor only when it comes from the company's site or kefu's own pages
 * (or the store's kefu host, which knows the visitor's token); a link from any other page gets a visitor
 * of its own in this tab, so a hostile page can neither send cards as the visitor nor rename it. A link
 * whose identity differs from the one the stored visitor came with starts a new visitor.
 */
export function linkVisitorStorage(input: LinkVisitorInput): KeyValueStorage {
  const key = `kefu:${input.companyId}:`
  const fields = input.identity as Record<string, unknown>
  // Who the link says the visitor is (`sign` and `timestamp` change with every link a store signs).
  const identity = ['partnerid', 'uname', 'realname', 'tel', 'email'].map((f) => fields[f] ?? '').join('\n')
  const named = identity.trim() !== ''
  if (input.fragmentToken || (!named && !input.hasCards)) return input.persistent
  const opener = input.openerOrigin
  const trusted = !!opener && (opener === input.ownOrigin || input.siteOrigins.includes(opener))
  const storage = trusted || !input.persistent.getItem(`${key}visitorToken`) ? input.persistent : input.tab
  if (named) {
    const before = storage.getItem(`${key}linkIdentity`)
    // An empty token is no token to core: the chat starts as a new visitor and stores its own.
    if (before !== null && before !== identity) storage.setItem(`${key}visitorToken`, '')
    storage.setItem(`${key}linkIdentity`, identity)
  }
  return storage
}
