import { randomFillSync } from 'node:crypto'

const ID_BYTES = 12
/** Random bytes for 256 ids at a time: one call to the CSPRNG instead of one per message. */
const pool = Buffer.alloc(ID_BYTES * 256)
let used = pool.length

/** Short, unguessable, URL-safe ids with a readable prefix (`v_…` visitor, `m_…` message, …). */
export function newId(prefix: string): string {
  if (used === pool.length) {
    randomFillSync(pool)
    used = 0
  }
  used += ID_BYTES
  return `${prefix}_${pool.toString('base64url', used - ID_BYTES, used)}`
}
