'use client'
import { useState } from 'react'
import { usePushCard, useSelectedVisitor } from '@kefu/react/agent'
import { formatPrice, searchProducts, type Product } from '../../lib/products'
import { productCard } from '../../lib/storeCards'

/** Search the catalogue and push a product card to the selected visitor. */
export function ProductSearch({ products }: { readonly products: readonly Product[] }) {
  const [query, setQuery] = useState('')
  const [pushedId, setPushedId] = useState<string | null>(null)
  const { push, state, error } = usePushCard()
  const visitor = useSelectedVisitor()
  const found = searchProducts(query).filter((p) => products.some((known) => known.id === p.id))

  const pushProduct = (product: Product) => {
    setPushedId(product.id)
    const { urlForVisitor, urlForStaff: _staff, ...card } = productCard(product, window.location.origin)
    push({ ...card, url: urlForVisitor }).catch(() => undefined)
  }

  return (
    <section className="plugin-section">
      <h2>
        商品 <small>Products</small>
      </h2>
      <input
        type="search"
        data-testid="plugin-search"
        aria-label="搜索商品 Search products"
        placeholder="搜索 风衣、shoes… Search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <ul className="plugin-list">
        {found.map((product) => (
          <li key={product.id} data-testid={`plugin-product-${product.id}`}>
            <img src={product.image} alt="" width={44} height={44} />
            <span className="grow">
              {product.name} <small className="muted">{product.nameEn}</small>
              <br />
              <span className="price">{formatPrice(product.priceFen)}</span>
            </span>
            <button
              type="button"
              className="button small"
              data-testid={`plugin-push-${product.id}`}
              disabled={!visitor || (state === 'pushing' && pushedId === product.id)}
              onClick={() => pushProduct(product)}
            >
              {pushedId === product.id && state === 'pushed' ? '已推送 Pushed' : '推送 Push'}
            </button>
          </li>
        ))}
        {found.length === 0 && <li className="muted">没有匹配的商品 No match</li>}
      </ul>
      {state === 'error' && (
        <p className="error" role="alert">
          推送失败 Push failed: {error instanceof Error ? error.message : String(error)}
        </p>
      )}
    </section>
  )
}
