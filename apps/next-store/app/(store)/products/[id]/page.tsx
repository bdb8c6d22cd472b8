import Link from 'next/link'
import { notFound } from 'next/navigation'
import { AskProductButton } from '../../../../components/AskProductButton'
import { findProduct, formatPrice } from '../../../../lib/products'

export default async function ProductPage({ params }: { readonly params: Promise<{ id: string }> }) {
  const product = findProduct((await params).id)
  if (!product) notFound()
  return (
    <article className="product">
      <img className="product-picture" src={product.image} alt={product.name} width={480} height={480} />
      <div className="product-info">
        <Link href="/" className="muted">
          ← 全部商品 All products
        </Link>
        <h1>
          {product.name} <small>{product.nameEn}</small>
        </h1>
        <p className="price big">{formatPrice(product.priceFen)}</p>
        <p>{product.description}</p>
        <p className="sizes">
          尺码 <small>Sizes</small>:{' '}
          {product.sizes.map((size) => (
            <span key={size} className="size">
              {size}
            </span>
          ))}
        </p>
        <AskProductButton product={product} />
      </div>
    </article>
  )
}
