import { encodeSession, SESSION_COOKIE } from '../utils/sessionCookie'
import { sessionOf } from '../utils/sessionOf'
import { storeEnv } from '../utils/storeEnv'
import { checkPassword } from '../utils/users'

let warned = false

/** Signs in `{ user, password }`: sets the session cookie and answers the session with its signed identity. */
export default defineEventHandler(async (event) => {
  const body = (await readBody(event).catch(() => null)) as { user?: unknown; password?: unknown } | null
  if (typeof body?.user !== 'string' || typeof body.password !== 'string' || !body.user || !body.password) {
    setResponseStatus(event, 400)
    return { error: 'bad_request', message: 'send { "user": string, "password": string }' }
  }
  const user = checkPassword(body.user, body.password)
  if (!user) {
    setResponseStatus(event, 401)
    return { error: 'invalid_credentials', message: '用户名或密码错误 / wrong user name or password' }
  }
  const env = storeEnv()
  if (!env.signKey && !warned) {
    warned = true
    console.warn('[nuxt-store] KEFU_SIGN_KEY is not set: members are sent to kefu unsigned (shown as unverified)')
  }
  setCookie(event, SESSION_COOKIE, encodeSession(env.sessionSecret, user.id), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: 7 * 86_400,
  })
  // The cookie is set on the response; answer from it as the next request will see it.
  event.node.req.headers.cookie = `${SESSION_COOKIE}=${encodeSession(env.sessionSecret, user.id)}`
  return sessionOf(event)
})
