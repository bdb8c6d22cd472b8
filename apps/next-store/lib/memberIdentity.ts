import { createHash } from 'node:crypto'
import type { VisitorIdentity } from '@kefu/core'
import type { StoreUser } from './users'

/** Sobot's member sign: `MD5(sysnum + key + partnerid)` over UTF-8, as 32 lower-case hex digits. */
export function memberSign(sysnum: string, key: string, partnerid: string): string {
  return createHash('md5').update(sysnum + key + partnerid, 'utf8').digest('hex')
}

/**
 * The identity the store page hands to kefu for a signed-in shopper. With the company's sign key the
 * `partnerid` is signed here, on the server, so agents see a verified member; without it the identity
 * goes unsigned (and the server logs why).
 */
export function memberIdentity(user: StoreUser, companyId: string, signKey: string | undefined): VisitorIdentity {
  const identity: VisitorIdentity = {
    partnerid: user.id,
    uname: user.username,
    realname: user.realname,
    tel: user.tel,
    email: user.email,
    is_vip: user.vipLevel ? 1 : 0,
    ...(user.vipLevel ? { vip_level: user.vipLevel } : {}),
    params: { 会员: user.vipLevel ?? '普通会员 Member' },
  }
  if (!signKey) {
    console.warn(`[next-store] KEFU_SIGN_KEY is not set: member ${user.id} is identified to kefu WITHOUT a sign (agents see it unverified)`)
    return identity
  }
  return { ...identity, sign: memberSign(companyId, signKey, user.id) }
}
