import { createHash, timingSafeEqual } from 'node:crypto'

export interface DemoUser {
  readonly id: string
  readonly nickname: string
  readonly realname: string
  readonly tel: string
  readonly email: string
  readonly vipLevel?: string
  /** sha256 hex of the password. */
  readonly passwordSha256: string
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** The demo password for every shopper: `kefu-demo-2026`. */
const DEMO_PASSWORD_SHA256 = sha256('kefu-demo-2026')

export const USERS: readonly DemoUser[] = [
  { id: 'lily', nickname: 'Lily', realname: '林莉莉', tel: '13800138001', email: 'lily@tea.example', vipLevel: '金卡 Gold', passwordSha256: DEMO_PASSWORD_SHA256 },
  { id: 'tom', nickname: 'Tom', realname: '唐默', tel: '13800138002', email: 'tom@tea.example', passwordSha256: DEMO_PASSWORD_SHA256 },
]

export const findUser = (id: string): DemoUser | undefined => USERS.find((u) => u.id === id)

/** The user when the password matches, compared in constant time. */
export function checkPassword(id: string, password: string): DemoUser | undefined {
  const user = findUser(id.trim().toLowerCase())
  const given = Buffer.from(sha256(password), 'hex')
  const expected = Buffer.from(user?.passwordSha256 ?? DEMO_PASSWORD_SHA256, 'hex')
  return timingSafeEqual(given, expected) && user ? user : undefined
}
