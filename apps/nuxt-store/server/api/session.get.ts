import { sessionOf } from '../utils/sessionOf'

/** Who is signed in, with the member identity (partnerid + sign) the page gives kefu. */
export default defineEventHandler((event) => {
  setResponseHeader(event, 'cache-control', 'no-store')
  return sessionOf(event)
})
