/**
 * A chat link's query for parameters as the page gave them (vendor names; objects as JSON), which the
 * chat window page reads as `readChatParams` would read them on the page: the link carries the page's
 * own words, and the chat window checks them (reporting what it cannot use) where it acts on them.
 */
export function chatLinkQuery(params: Readonly<Record<string, unknown>>): URLSearchParams {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || typeof value === 'function') continue
    query.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value))
  }
  return query
}
