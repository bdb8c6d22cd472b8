import { createHash } from 'node:crypto'
import type { VisitorIdentity } from '@kefu/core'
import type { DemoUser } from './users'

/** Sobot's member sign, `MD5(sysnum + key + partnerid)` over UTF-8, lower-case hex (kefu's memberSign.ts). */
export const memberSign = (companyId: string, key: string, partnerid: string): string =>
  createHash('md5').update(companyId + key + partnerid, 'utf8').digest('hex')

/**
 * The identity the store page hands to `client.identify`: `partnerid` is the user id, signed here on
 * the server so the key never reaches the browser. Without a key the identity goes unsigned (kefu then
 * shows it as unverified).
 */
export function memberIdentity(user: DemoUser, companyId: string, key: string | undefined): VisitorIdentity {
  return {
    partnerid: user.id,
    ...(key && { sign: memberSign(companyId, key, user.id) }),
    uname: user.nickname,
    realname: user.realname,
    tel: user.tel,
    email: user.email,
    ...(user.vipLevel && { is_vip: 1 as const, vip_level: user.vipLevel }),
  }
}
