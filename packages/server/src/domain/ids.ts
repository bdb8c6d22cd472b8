import { randomBytes } from 'node:crypto'

/** Short, unguessable, URL-safe ids with a readable prefix (`v_…` visitor, `m_…` message, …). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`
}
