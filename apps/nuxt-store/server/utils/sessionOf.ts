import { getCookie, type H3Event } from 'h3'
import type { StoreSession } from '#shared/session'
import { memberIdentity } from './memberIdentity'
import { decodeSession, SESSION_COOKIE } from './sessionCookie'
import { storeEnv } from './storeEnv'
import { findUser } from './users'

/** The request's session: the signed-in user and their signed member identity. */
export function sessionOf(event: H3Event): StoreSession {
  const env = storeEnv()
  const user = findUser(decodeSession(env.sessionSecret, getCookie(event, SESSION_COOKIE)) ?? '')
  if (!user) return { user: null, identity: null }
  return {
    user: { id: user.id, name: user.nickname, vip: !!user.vipLevel },
    identity: memberIdentity(user, env.companyId, env.signKey),
  }
}
