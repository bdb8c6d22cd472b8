/**
 * What the chat window posts to its parent page when it collapses, as the Sobot seed's listener
 * parses it: `JSON.parse(e.data)` → `{ name: 'zc_post_message', data: { action: 'chat_collapse_window' } }`.
 */
export function sobotCollapseMessage(): string {
  return JSON.stringify({ name: 'zc_post_message', data: { action: 'chat_collapse_window' } })
}
