/** One thing the shop sells; prices in fen (1 元 = 100 fen), as order cards carry them. */
export interface Product {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  readonly category: '茶叶' | '茶具'
  readonly categoryEn: 'Tea' | 'Teaware'
  readonly priceFen: number
  readonly origin: string
  readonly description: string
  readonly descriptionEn: string
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'longjing',
    name: '明前西湖龙井',
    nameEn: 'West Lake Longjing',
    category: '茶叶',
    categoryEn: 'Tea',
    priceFen: 28800,
    origin: '浙江杭州 · 狮峰',
    description: '明前采摘，扁平挺秀，豆花香清雅，汤色嫩绿明亮。125 克罐装。',
    descriptionEn: 'Picked before Qingming; flat leaves, a chestnut aroma and a bright green liquor. 125 g tin.',
  },
  {
    id: 'puer',
    name: '勐海熟普洱茶饼',
    nameEn: 'Menghai Ripe Pu-erh Cake',
    category: '茶叶',
    categoryEn: 'Tea',
    priceFen: 19800,
    origin: '云南西双版纳 · 勐海',
    description: '2018 年压制，陈香醇厚，汤色红浓，耐泡。357 克饼。',
    descriptionEn: 'Pressed in 2018; mellow and aged, a deep red liquor that lasts many infusions. 357 g cake.',
  },
  {
    id: 'baicha',
    name: '福鼎白毫银针',
    nameEn: 'Fuding Silver Needle White Tea',
    category: '茶叶',
    categoryEn: 'Tea',
    priceFen: 36800,
    origin: '福建福鼎 · 太姥山',
    description: '单芽制成，满披白毫，毫香蜜韵，清甜柔和。100 克。',
    descriptionEn: 'Buds only, covered in white down; honeyed, soft and sweet. 100 g.',
  },
  {
    id: 'zisha',
    name: '宜兴紫砂西施壶',
    nameEn: 'Yixing Zisha Xishi Teapot',
    category: '茶具',
    categoryEn: 'Teaware',
    priceFen: 68000,
    origin: '江苏宜兴 · 原矿紫泥',
    description: '全手工制作，容量 220 毫升，出水顺畅，宜泡乌龙与普洱。',
    descriptionEn: 'Fully handmade of raw purple clay, 220 ml, a clean pour; for oolong and pu-erh.',
  },
  {
    id: 'gaiwan',
    name: '景德镇青花盖碗',
    nameEn: 'Jingdezhen Blue-and-White Gaiwan',
    category: '茶具',
    categoryEn: 'Teaware',
    priceFen: 12800,
    origin: '江西景德镇',
    description: '手绘缠枝莲纹，胎薄透光，容量 150 毫升，一盖一碗一托。',
    descriptionEn: 'Hand-painted lotus scrolls on thin porcelain, 150 ml: lid, bowl and saucer.',
  },
  {
    id: 'chapan',
    name: '乌金石储水茶盘',
    nameEn: 'Black Stone Tea Tray',
    category: '茶具',
    categoryEn: 'Teaware',
    priceFen: 45800,
    origin: '广东 · 天然乌金石',
    description: '整石雕刻，内置储水，长 60 厘米，适合四至六人茶席。',
    descriptionEn: 'Carved from one stone with a water reservoir, 60 cm long, for four to six people.',
  },
]

export const findProduct = (id: string): Product | undefined => PRODUCTS.find((p) => p.id === id)

/** `¥288.00` for 28800 fen. */
export const formatPrice = (fen: number): string => `¥${(fen / 100).toFixed(2)}`

/** Products whose Chinese or English name, category or origin contains the query (case-insensitive). */
export function searchProducts(query: string): readonly Product[] {
  const q = query.trim().toLowerCase()
  if (!q) return PRODUCTS
  return PRODUCTS.filter((p) =>
    [p.id, p.name, p.nameEn, p.category, p.categoryEn, p.origin].some((text) => text.toLowerCase().includes(q)),
  )
}
