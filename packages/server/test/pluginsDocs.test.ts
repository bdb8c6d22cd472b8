import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../src/domain/ids'
import { PLUGIN_SIGNATURE_WINDOW_SECONDS } from '../src/security/pluginSignature'
import { insertVisitor } from '../src/store/visitorStore'
import { startHarness, type Harness } from './harness'

const doc = readFileSync(fileURLToPath(new URL('../docs/pluginSignature.md', import.meta.url)), 'utf8')

/** The single fenced block of `lang` in the doc. */
function codeBlock(lang: string): string {
  const blocks = [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!)
  expect(blocks, `one ${lang} block`).toHaveLength(1)
  return blocks[0]!
}

// The example talks to a real server; the database behind it does not matter here.
describe('docs/pluginSignature.md', () => {
  const work = mkdtempSync(join(tmpdir(), 'kefu-plugin-docs-'))
  const script = join(work, 'sign-plugin-page.mjs')
  let h: Harness
  let admin: string
  let plugin: { pluginId: string; secret: string }
  const run = (args: string[], secret = plugin.secret) =>
    execFileSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, KEFU_PLUGIN_SECRET: secret } }).trim()

  beforeAll(async () => {
    writeFileSync(script, codeBlock('js'))
    h = await startHarness('pglite')
    admin = await h.login(h.adminEmail)
    plugin = (await h.http('POST', '/api/v1/plugins', { token: admin, body: { name: 'Orders', url: 'https://shop.example.com/kefu/orders' } })).body
  })
  afterAll(async () => {
    await h?.close()
    rmSync(work, { recursive: true, force: true })
  })

  it('states the rules the server applies', () => {
    expect(doc).toContain(`**${PLUGIN_SIGNATURE_WINDOW_SECONDS} s**`)
    for (const reason of ['bad_request', 'unknown_plugin', 'origin_mismatch', 'signature_expired', 'signature_invalid', 'nonce_replayed']) {
      expect(doc).toContain(`| \`${reason}\` |`)
    }
    expect(doc).toContain('`${timestamp}\\n${nonce}\\n${pageUrl}`')
    expect(doc).toContain('`${issuedAt}\\n${companyId}\\n${agentId}\\n${visitorId}`')
  })

  it('the Node.js example signs a config that the server accepts once', async () => {
    const pageUrl = 'https://shop.example.com/kefu/orders?visitorId=v_1&lang=zh'
    const config = JSON.parse(run([pageUrl]))
    expect(config).toEqual({ timestamp: expect.any(Number), nonce: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), signature: expect.stringMatching(/^[0-9a-f]{64}$/) })
    const token = (await h.addAgent({ email: `agent-${Date.now()}@example.com`, name: 'Agent' })).token
    const verify = (body: object) => h.http('POST', `/api/v1/plugins/${plugin.pluginId}/verify`, { token, body })
    const ok = await verify({ ...config, pageUrl })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect((await verify({ ...config, pageUrl })).body.error).toBe('nonce_replayed')
    // Signed for one URL, it is refused for another; signed with another secret, refused too.
    const other = JSON.parse(run([pageUrl]))
    expect((await verify({ ...other, pageUrl: 'https://shop.example.com/kefu/orders' })).body.error).toBe('signature_invalid')
    expect((await verify({ ...JSON.parse(run([pageUrl], 'some-other-secret-123')), pageUrl })).body.error).toBe('signature_invalid')
  })

  it('the Node.js example accepts the server’s context proof and nothing altered', async () => {
    const visitorId = newId('v')
    await insertVisitor(h.server.context.db, { id: visitorId, companyId: h.companyId, entry: {} })
    const proof = (await h.http('POST', `/api/v1/plugins/${plugin.pluginId}/context-proof`, { token: admin, body: { visitorId } })).body
    expect(run(['check-proof', JSON.stringify(proof)])).toBe('true')
    expect(run(['check-proof', JSON.stringify({ ...proof, visitorId: 'v_someone_else' })])).toBe('false')
    expect(run(['check-proof', JSON.stringify({ ...proof, issuedAt: proof.issuedAt - 301 })])).toBe('false')
    expect(run(['check-proof', JSON.stringify(proof)], 'some-other-secret-123')).toBe('false')
  })
})
