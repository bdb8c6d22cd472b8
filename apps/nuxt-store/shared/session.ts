import type { VisitorIdentity } from '@kefu/core'

/** What `GET /api/session` answers: who is signed in, and the member identity for kefu (signed on the server). */
export interface StoreSession {
  readonly user: { readonly id: string; readonly name: string; readonly vip: boolean } | null
  /** `partnerid` + `sign` and CRM fields for `client.identify`; `sign` is absent when the store has no sign key. */
  readonly identity: VisitorIdentity | null
}
