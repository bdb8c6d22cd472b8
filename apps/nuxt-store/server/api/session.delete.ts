import { SESSION_COOKIE } from '../utils/sessionCookie'

/** Signs out. */
export default defineEventHandler((event) => {
  deleteCookie(event, SESSION_COOKIE, { path: '/' })
  return { user: null, identity: null }
})
