import { ordersOf } from '../utils/orderBook'
import { sessionOf } from '../utils/sessionOf'

/** The signed-in shopper's orders. */
export default defineEventHandler((event) => {
  const { user } = sessionOf(event)
  if (!user) {
    setResponseStatus(event, 401)
    return { error: 'unauthorized', message: '请先登录 / please sign in' }
  }
  return { orders: ordersOf(user.id) }
})
