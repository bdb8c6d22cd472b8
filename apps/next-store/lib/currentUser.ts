import { cookies } from 'next/headers'
import { decodeSession, SESSION_COOKIE } from './session'
import { storeEnv } from './storeEnv'
import { findUserById, type StoreUser } from './users'

/** The signed-in shopper of this request, from the session cookie (server components and route handlers). */
export async function currentUser(): Promise<StoreUser | undefined> {
  const jar = await cookies()
  const session = decodeSession(jar.get(SESSION_COOKIE)?.value, storeEnv().sessionSecret)
  return session ? findUserById(session.userId) : undefined
}
