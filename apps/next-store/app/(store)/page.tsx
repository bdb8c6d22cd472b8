import Link from 'next/link'
import { formatPrice, PRODUCTS } from '../../lib/products'

export default function CataloguePage() {
  return (
    <>
      <h1>
        秋冬新品 <small>Autumn &amp; winter</small>
      </h1>
      <ul className="grid">
        {PRODUCTS.map((product) => (
          <li key={product.id}>
            <Link href={`/products/${product.id}`} className="product-tile" data-testid={`product-${product.id}`}>
              <img src={product.image} alt={product.name} width={320} height={320} />
              <span className="product-name">{product.name}</span>
              <small className="muted">{product.nameEn}</small>
              <span className="price">{formatPrice(product.priceFen)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  )
}
