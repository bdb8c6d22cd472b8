import { createHash, timingSafeEqual } from 'node:crypto'

/** A demo shopper; the password is kept only as a SHA-256 digest. */
export interface StoreUser {
  readonly id: string
  readonly username: string
  readonly realname: string
  readonly tel: string
  readonly email: string
  /** VIP level, or `null` for a regular member. */
  readonly vipLevel: string | null
  readonly passwordSha256: string
}

// Both demo shoppers use the password `kefu-demo-2026`.
const DEMO_PASSWORD_SHA256 = createHash('sha256').update('kefu-demo-2026', 'utf8').digest('hex')

export const USERS: readonly StoreUser[] = [
  {
    id: 'u1001',
    username: 'lily',
    realname: '林莉莉',
    tel: '13800001001',
    email: 'lily@shop.example',
    vipLevel: '金卡 Gold',
    passwordSha256: DEMO_PASSWORD_SHA256,
  },
  {
    id: 'u1002',
    username: 'tom',
    realname: '唐明',
    tel: '13800001002',
    email: 'tom@shop.example',
    vipLevel: null,
    passwordSha256: DEMO_PASSWORD_SHA256,
  },
]

export function findUserById(id: string): StoreUser | undefined {
  return USERS.find((user) => user.id === id)
}

/** The user with this name and password, else `undefined`; the digests are compared in constant time. */
export function checkPassword(username: string, password: string): StoreUser | undefined {
  const user = USERS.find((u) => u.username === username.trim().toLowerCase())
  const given = createHash('sha256').update(password, 'utf8').digest()
  const expected = Buffer.from(user?.passwordSha256 ?? DEMO_PASSWORD_SHA256, 'hex')
  return timingSafeEqual(given, expected) && user ? user : undefined
}
