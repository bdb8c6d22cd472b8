/**
 * Which pages may speak for the visitor of a chat window (send its cards, set its identity, say the
 * window is seen). Only what the browser vouches for counts — the embedding parent, the page that opened
 * a link as the Referer says — never an origin written in the window's own URL, which anyone can make.
 */

/** The company's own site origins, as the server wrote them (validated) into the chat window page. */
export const readSiteOrigins = (doc: Document): readonly string[] =>
  (doc.querySelector('meta[name="kefu-site-origins"]')?.getAttribute('content') ?? '').split(' ').filter(Boolean)

/**
 * The origin of the page that embeds this window (its parent) or opened it (the Referer), as the browser
 * reports it; `undefined` when the browser says nothing (a `noreferrer` link, a typed address).
 */
export function openerOriginOf(w: Window): string | undefined {
  try {
    return (w.parent !== w && w.location.ancestorOrigins?.[0]) || new URL(w.document.referrer).origin
  } catch {
    return undefined
  }
}
