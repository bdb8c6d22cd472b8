import { cookies } from 'next/headers'
import { NextResponse } from 'next/server'
import { currentUser } from '../../../lib/currentUser'
import { memberIdentity } from '../../../lib/memberIdentity'
import { encodeSession, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from '../../../lib/session'
import { storeEnv } from '../../../lib/storeEnv'
import { checkPassword, type StoreUser } from '../../../lib/users'

export const dynamic = 'force-dynamic'

const error = (status: number, code: string, message: string) => NextResponse.json({ error: code, message }, { status })

// A relative Location: `request.url` names the host Next listens on, not necessarily the one the browser used.
const seeOther = (path: string) => new Response(null, { status: 303, headers: { location: path } })

/** What the session endpoints answer: the shopper and the member identity to hand to kefu (signed here). */
function sessionBody(user: StoreUser | undefined) {
  const env = storeEnv()
  return {
    user: user ? { id: user.id, username: user.username, realname: user.realname } : null,
    identity: user ? memberIdentity(user, env.companyId, env.signKey) : null,
  }
}

/** The current shopper and their identity. */
export async function GET() {
  return NextResponse.json(sessionBody(await currentUser()))
}

/**
 * Signs in with JSON `{ username, password }` (answers JSON), or with the sign-in form posted before the
 * page's script ran (answers a redirect: to the orders page, or back to the form with an error).
 */
export async function POST(request: Request) {
  const isForm = (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')
  let body: unknown
  try {
    body = isForm ? Object.fromEntries(await request.formData()) : await request.json()
  } catch {
    return error(400, 'bad_request', 'the body must be JSON: { "username": "…", "password": "…" }')
  }
  const { username, password } = (body ?? {}) as { username?: unknown; password?: unknown }
  if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
    return error(400, 'bad_request', 'username and password are required strings')
  }
  const user = checkPassword(username, password)
  if (!user) {
    return isForm
      ? seeOther('/signin?error=credentials')
      : error(401, 'invalid_credentials', '用户名或密码错误 Wrong username or password')
  }
  const jar = await cookies()
  jar.set(SESSION_COOKIE, encodeSession(user.id, storeEnv().sessionSecret), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: SESSION_MAX_AGE_SECONDS,
    secure: new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https',
  })
  return isForm ? seeOther('/orders') : NextResponse.json(sessionBody(user))
}

/** Signs out. */
export async function DELETE() {
  const jar = await cookies()
  jar.delete(SESSION_COOKIE)
  return NextResponse.json(sessionBody(undefined))
}
