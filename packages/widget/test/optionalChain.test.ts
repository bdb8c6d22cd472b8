import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'

// The browser bundles keep `?.` as it is for Chrome 80–90 (scripts/buildBrowser.mjs), whose V8 fails one
// form of it: an optional call with a spread argument followed by another argument, `f?.(...a, b)`.
// No code those bundles include may use that form.
const AFFECTED = /\?\.[\w$]*\s*\((?:[^()]|\([^()]*\))*\.\.\.(?:[^()]|\([^()]*\))*,/

it('no source of the browser bundles has an optional call with a spread before another argument', () => {
  const roots = ['../src', '../../core/src', '../../agent/src'].map((dir) => join(import.meta.dirname, dir))
  const offenders: string[] = []
  for (const root of roots) {
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(file)) continue
      const lines = readFileSync(join(root, file), 'utf8').split('\n')
      lines.forEach((line, i) => AFFECTED.test(line) && offenders.push(`${file}:${i + 1}`))
    }
  }
  expect(offenders).toEqual([])
  // The pattern itself finds what it must.
  expect(AFFECTED.test('handler?.(...args, last)')).toBe(true)
  expect(AFFECTED.test('obj.fn?.(...list)')).toBe(false)
})
