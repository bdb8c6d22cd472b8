/** A product of the demo clothing store; prices are in fen (12900 = ¥129.00), as order cards want. */
export interface Product {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  readonly priceFen: number
  readonly description: string
  readonly sizes: readonly string[]
  /** Path of the picture under `public/`. */
  readonly image: string
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'trench-coat',
    name: '经典风衣',
    nameEn: 'Classic trench coat',
    priceFen: 69900,
    description: '卡其色双排扣风衣，防泼水棉质面料，可拆卸腰带。',
    sizes: ['S', 'M', 'L', 'XL'],
    image: '/products/trench-coat.svg',
  },
  {
    id: 'wool-sweater',
    name: '羊毛毛衣',
    nameEn: 'Wool sweater',
    priceFen: 39900,
    description: '圆领麻花针织毛衣，100% 美利奴羊毛，柔软保暖。',
    sizes: ['S', 'M', 'L'],
    image: '/products/wool-sweater.svg',
  },
  {
    id: 'oxford-shirt',
    name: '牛津纺衬衫',
    nameEn: 'Oxford shirt',
    priceFen: 19900,
    description: '浅蓝色牛津纺长袖衬衫，纽扣领，日常通勤两相宜。',
    sizes: ['S', 'M', 'L', 'XL'],
    image: '/products/oxford-shirt.svg',
  },
  {
    id: 'straight-jeans',
    name: '直筒牛仔裤',
    nameEn: 'Straight jeans',
    priceFen: 29900,
    description: '中蓝水洗直筒牛仔裤，弹力棉混纺，舒适不紧绷。',
    sizes: ['28', '30', '32', '34'],
    image: '/products/straight-jeans.svg',
  },
  {
    id: 'running-shoes',
    name: '轻量运动鞋',
    nameEn: 'Light running shoes',
    priceFen: 45900,
    description: '透气网面运动鞋，缓震中底，适合跑步与日常穿着。',
    sizes: ['38', '39', '40', '41', '42', '43'],
    image: '/products/running-shoes.svg',
  },
  {
    id: 'bucket-hat',
    name: '渔夫帽',
    nameEn: 'Bucket hat',
    priceFen: 8900,
    description: '纯棉斜纹渔夫帽，宽帽檐遮阳，可折叠收纳。',
    sizes: ['均码 One size'],
    image: '/products/bucket-hat.svg',
  },
]

export function findProduct(id: string): Product | undefined {
  return PRODUCTS.find((product) => product.id === id)
}

/** Products whose Chinese or English name or id contains the query (case-insensitive); all for an empty query. */
export function searchProducts(query: string): readonly Product[] {
  const q = query.trim().toLowerCase()
  if (!q) return PRODUCTS
  return PRODUCTS.filter((p) => [p.id, p.name, p.nameEn].some((text) => text.toLowerCase().includes(q)))
}

/** `¥699.00` from 69900 fen. */
export function formatPrice(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`
}
