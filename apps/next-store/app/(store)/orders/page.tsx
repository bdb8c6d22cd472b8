import Link from 'next/link'
import { ORDER_STATUS_TEXT } from '@kefu/core/cards'
import { AskOrderButton } from '../../../components/AskOrderButton'
import { currentUser } from '../../../lib/currentUser'
import { ordersOf } from '../../../lib/orderBook'
import { orderProducts, orderTotalFen } from '../../../lib/orders'
import { formatPrice } from '../../../lib/products'

export default async function OrdersPage() {
  const user = await currentUser()
  if (!user) {
    return (
      <section className="panel">
        <h1>
          我的订单 <small>My orders</small>
        </h1>
        <p>
          请先 <Link href="/signin">登录 Sign in</Link> 查看订单。
        </p>
      </section>
    )
  }
  return (
    <>
      <h1>
        我的订单 <small>My orders</small>
      </h1>
      <ul className="orders">
        {ordersOf(user.id).map((order) => (
          <li key={order.id} id={order.id} className="order" data-testid={`order-${order.id}`}>
            <div className="order-head">
              <strong>{order.id}</strong>
              <span className="tag">
                {ORDER_STATUS_TEXT['zh-CN'][order.status]} · {ORDER_STATUS_TEXT.en[order.status]}
              </span>
            </div>
            <ul className="order-lines">
              {orderProducts(order).map((line) => (
                <li key={line.productId}>
                  <img src={line.product.image} alt="" width={56} height={56} />
                  <span>
                    {line.product.name} · {line.size} × {line.quantity}
                  </span>
                </li>
              ))}
            </ul>
            <div className="order-foot">
              <span>
                合计 <small>Total</small> <strong>{formatPrice(orderTotalFen(order))}</strong>
              </span>
              <AskOrderButton order={order} />
            </div>
          </li>
        ))}
      </ul>
    </>
  )
}
