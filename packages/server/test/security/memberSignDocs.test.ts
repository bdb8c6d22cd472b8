import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { memberSignHmac, memberSignMd5, verifyMemberSign } from '../../src/security'

const doc = readFileSync(fileURLToPath(new URL('../../docs/memberSign.md', import.meta.url)), 'utf8')

describe('docs/memberSign.md', () => {
  it('its example signs are what the server computes and accepts', () => {
    const value = (name: string) => new RegExp(`\`${name} = ([^\`]+)\``).exec(doc)?.[1]
    const input = { sysnum: value('sysnum')!, key: value('key')!, partnerid: value('partnerid')!, timestamp: Number(value('timestamp')) }
    expect(input.timestamp).toBe(1_735_689_600)
    const [hmac, md5] = [...doc.matchAll(/the (?:HMAC|MD5) sign(?: is)?\s+`([0-9a-f]+)`/g)].map((m) => m[1])
    expect(hmac).toBe(memberSignHmac(input))
    expect(md5).toBe(memberSignMd5(input))
    const at = { now: (input.timestamp + 60) * 1000 }
    expect(verifyMemberSign({ ...input, sign: hmac! }, at)).toBe('hmac-sha256')
    expect(verifyMemberSign({ ...input, sign: md5! }, at)).toBe('md5')
  })

  it('names every setting the server has for member signs, with its default', async () => {
    const { companySettingsSchema } = await import('../../src/domain/companySettings')
    const defaults = companySettingsSchema.parse({})
    for (const name of ['requireMemberSign', 'requireHmacSign', 'requireSignTimestamp', 'memberSignMaxAgeSeconds', 'trustUnsignedVip'] as const) {
      expect(doc, name).toContain(`| \`${name}\` | \`${String(defaults[name])}\` |`)
    }
  })
})
