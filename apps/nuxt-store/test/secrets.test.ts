// @vitest-environment node
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** Reading a secret: from env, or the server's names for them (the page may *mention* an env name in help text). */
const SECRET_NAMES = /env\.(KEFU_SIGN_KEY|KEFU_PLUGIN_SECRET|STORE_SESSION_SECRET)|signKey|pluginSecret|sessionSecret/

describe('secrets stay on the server', () => {
  it('no browser-side source (app/, shared/) reads env or imports server code other than types', () => {
    const sources = [...filesUnder(join(root, 'app')), ...filesUnder(join(root, 'shared'))].filter((f) => /\.(vue|ts)$/.test(f))
    expect(sources.length).toBeGreaterThan(10)
    for (const file of sources) {
      const text = readFileSync(file, 'utf8')
      expect(text, file).not.toMatch(/process\.env/)
      expect(SECRET_NAMES.exec(text)?.[0], file).toBeUndefined()
      for (const [line] of text.matchAll(/^\s*import .*server\/.*$/gm)) expect(line, file).toMatch(/^\s*import type /)
    }
  })

  // The built browser bundle: run after `nuxt build` (the turbo pipeline builds before it tests here).
  it.skipIf(!existsSync(join(root, '.output/public')))('the built browser bundle holds no secret names, signing code or orders', () => {
    const files = filesUnder(join(root, '.output/public')).filter((f) => /\.(js|mjs|html|json)$/.test(f))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      expect(SECRET_NAMES.exec(text)?.[0], file).toBeUndefined()
      expect(/createHmac|createHash/.exec(text)?.[0], file).toBeUndefined()
      // Orders come only from the proof-checked lookup and the signed-in shopper's own list.
      expect(/TEA2026\d{7}/.exec(text)?.[0], file).toBeUndefined()
    }
  })
})
