import { execFileSync, spawnSync } from 'node:child_process'
import { createCipheriv } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { decryptMetaData, METADATA_AAD } from '../../src/security'

const doc = readFileSync(fileURLToPath(new URL('../../docs/metaData.md', import.meta.url)), 'utf8')

/** The single fenced block of `lang` in the doc. */
function codeBlock(lang: string): string {
  const blocks = [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!)
  expect(blocks, `one ${lang} block`).toHaveLength(1)
  return blocks[0]!
}

const vector = Object.fromEntries(
  codeBlock('text')
    .trim()
    .split('\n')
    .map((line) => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()]
    }),
) as Record<string, string>

const EXAMPLE_KEY = vector['key (base64)']!
const work = mkdtempSync(join(tmpdir(), 'kefu-metadata-docs-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function has(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0
}

/** Checks a metaData printed by a doc example: exact layout, and kefu accepts it. */
function checkExampleOutput(stdout: string): void {
  const metaData = stdout.trim()
  expect(metaData).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
  const identity = decryptMetaData(metaData, EXAMPLE_KEY)
  expect(identity).toMatchObject({ partnerid: 'u-10086', uname: '张三', is_vip: 1 })
  expect(identity.exp! - identity.iat).toBe(3600)
  expect(Math.abs(identity.iat - Date.now() / 1000)).toBeLessThan(120)
  // iv (12) || ciphertext (one byte per plaintext byte) || tag (16), base64url without padding.
  const plaintext = JSON.stringify({ partnerid: 'u-10086', uname: '张三', is_vip: 1, iat: identity.iat, exp: identity.exp })
  const bytes = Buffer.from(metaData.slice(3), 'base64url')
  expect(bytes.length).toBe(12 + Buffer.byteLength(plaintext, 'utf8') + 16)
  expect(bytes.toString('base64url')).toBe(metaData.slice(3))
}

describe('docs/metaData.md', () => {
  it('states the format constants kefu uses', () => {
    expect(doc).toContain(`\`${METADATA_AAD}\``)
    expect(doc).toMatch(/\*\*12 bytes\*\*/)
    expect(doc).toMatch(/\*\*16 bytes\*\*/)
    expect(doc).toMatch(/\*\*32 bytes\*\*/)
    expect(doc).toMatch(/without `=` padding/)
    expect(doc).toContain('`v1.`')
  })

  it('has a test vector that kefu decrypts and that re-encrypts to the same bytes', () => {
    const key = Buffer.from(EXAMPLE_KEY, 'base64')
    expect(key.toString('hex')).toBe(vector['key (hex)'])
    expect(vector.aad).toBe(METADATA_AAD)
    const plaintext = vector.plaintext!
    expect(Buffer.byteLength(plaintext, 'utf8')).toBe(85)
    const iv = Buffer.from(vector['iv (hex)']!, 'hex')
    expect(iv).toHaveLength(12)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(Buffer.from(METADATA_AAD))
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    const tag = cipher.getAuthTag()
    expect(ciphertext.toString('hex')).toBe(vector['ciphertext hex'])
    expect(tag.toString('hex')).toBe(vector['tag (hex)'])
    expect(`v1.${Buffer.concat([iv, ciphertext, tag]).toString('base64url')}`).toBe(vector.metaData)

    const claims = JSON.parse(plaintext) as { iat: number; exp: number }
    expect(decryptMetaData(vector.metaData, EXAMPLE_KEY, { now: claims.iat * 1000 })).toEqual(claims)
    expect(decryptMetaData(vector.metaData, vector['key (hex)']!, { now: (claims.exp - 1) * 1000 })).toEqual(claims)
    expect(() => decryptMetaData(vector.metaData, EXAMPLE_KEY, { now: claims.exp * 1000 })).toThrow(/expired/)
  })

  it('Node.js example produces metaData that kefu accepts', () => {
    const file = join(work, 'make-metadata.mjs')
    writeFileSync(file, codeBlock('js'))
    checkExampleOutput(execFileSync(process.execPath, [file], { encoding: 'utf8' }))
  })

  it.skipIf(!has('python3', ['-c', 'import cryptography']))('Python example produces metaData that kefu accepts', () => {
    const file = join(work, 'make_metadata.py')
    writeFileSync(file, codeBlock('python'))
    checkExampleOutput(execFileSync('python3', [file], { encoding: 'utf8', env: { ...process.env, PYTHONIOENCODING: 'utf-8' } }))
  })

  it.skipIf(!has('java', ['-version']))(
    'Java example produces metaData that kefu accepts',
    () => {
      const file = join(work, 'MakeMetaData.java')
      writeFileSync(file, codeBlock('java'))
      checkExampleOutput(execFileSync('java', [file], { encoding: 'utf8', cwd: work }))
    },
    60_000,
  )
})
