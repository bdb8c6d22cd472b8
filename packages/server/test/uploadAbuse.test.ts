import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/Database'
import { openDatabase } from '../src/db/openDatabase'
import { DATABASES, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

const unique = () => randomBytes(4).toString('hex')

/** Issue 11.6: credentials good for any number of uploads, declared size and type not enforced, script types served as script, long names. */
describe.each(DATABASES)('upload abuse (%s)', (database) => {
  let h: Harness
  let dataDir: string
  let memoryDb: Database | undefined

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kefu-upload-abuse-'))
    memoryDb = database === 'pglite' ? await openDatabase({}) : undefined
    h = await startHarness(database, { dataDir, ...(memoryDb ? { server: { database: memoryDb } } : {}) })
  })
  afterAll(async () => {
    await h?.close()
    await memoryDb?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const filesOnDisk = async (companyId: string) => readdir(join(dataDir, 'files', companyId)).catch(() => [] as string[])
  const fileRows = async (companyId: string) =>
    Number((await h.server.context.db.query<{ n: number }>('SELECT count(*)::int AS n FROM files WHERE company_id = $1', [companyId]))[0]!.n)

  async function company(settings: object) {
    const companyId = `ua${unique()}`
    await h.addCompany(companyId, settings)
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await socket.hello(companyId)
    socket.close()
    return { companyId, token: welcome.visitorToken as string }
  }
  const credential = (token: string, body: object) => h.http('POST', '/api/v1/visitor/upload-credentials', { token, body })
  async function upload(token: string, body: BodyInit, type: string, name = 'x.bin') {
    const response = await fetch(`${h.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { 'content-type': type, 'x-kefu-file-name': encodeURIComponent(name), 'x-kefu-upload-token': token },
      body,
    })
    return { status: response.status, body: await response.json() }
  }

  it('a credential is good for one upload only, even when two race', async () => {
    const { companyId, token } = await company({ uploads: { maxBytes: 10_000, allowedTypes: ['image/*'] } })
    const cred = await credential(token, {})
    expect((await upload(cred.body.token, randomBytes(100), 'image/png', 'a.png')).status).toBe(201)
    const again = await upload(cred.body.token, randomBytes(100), 'image/png', 'b.png')
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already used/) })
    expect(await fileRows(companyId)).toBe(1)

    const racing = await credential(token, {})
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => upload(racing.body.token, randomBytes(200), 'image/png', `r${i}.png`)))
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409])
    expect(await fileRows(companyId)).toBe(2)
    expect(await filesOnDisk(companyId)).toHaveLength(2)
  })

  it('a refused upload does not use the credential up', async () => {
    const { token } = await company({ uploads: { maxBytes: 1000, allowedTypes: ['image/*'] } })
    const cred = await credential(token, {})
    expect((await upload(cred.body.token, randomBytes(1001), 'image/png')).status).toBe(413)
    expect((await upload(cred.body.token, 'x', 'text/plain')).status).toBe(400)
    expect((await upload(cred.body.token, randomBytes(10), 'image/png')).status).toBe(201)
  })

  it('the size and type declared for a credential are what it uploads', async () => {
    const { companyId, token } = await company({ uploads: { maxBytes: 10_000, allowedTypes: ['image/*'] } })
    const declared = { name: 'a.png', size: 100, mimeType: 'image/png' }
    const larger = await upload((await credential(token, declared)).body.token, randomBytes(101), 'image/png')
    expect(larger.status).toBe(413)
    expect(larger.body.error.message).toMatch(/100 bytes/)
    const smaller = await upload((await credential(token, declared)).body.token, randomBytes(99), 'image/png')
    expect(smaller.status).toBe(400)
    expect(smaller.body.error.message).toMatch(/100 bytes/)
    const otherType = await upload((await credential(token, declared)).body.token, randomBytes(100), 'image/gif')
    expect(otherType.status).toBe(400)
    expect(otherType.body.error.message).toMatch(/image\/png/)
    expect(await fileRows(companyId)).toBe(0)
    expect(await filesOnDisk(companyId)).toEqual([])
    const exact = await upload((await credential(token, { ...declared, mimeType: 'IMAGE/PNG' })).body.token, randomBytes(100), 'image/png; x=y')
    expect(exact.status).toBe(201)
    // A declared type that is not a media type is refused when asking.
    expect((await credential(token, { mimeType: 'not a type' })).status).toBe(400)
  })

  it('every script-like type is served as a download, never as itself', async () => {
    const scriptTypes = [
      'application/x-javascript',
      'text/ecmascript',
      'application/ecmascript',
      'text/jscript',
      'text/x-javascript',
      'text/javascript',
      'application/javascript',
      'text/html',
      'image/svg+xml',
      'application/xml',
      'text/xsl',
      'application/x-shockwave-flash',
      'text/vbscript',
      'application/wasm',
      'multipart/x-mixed-replace',
      'text/css',
    ]
    const { token } = await company({ uploads: { maxBytes: 10_000, allowedTypes: [...scriptTypes, 'image/png'] } })
    for (const type of scriptTypes) {
      const cred = await credential(token, { mimeType: type })
      expect(cred.status, type).toBe(200)
      const uploaded = await upload(cred.body.token, 'alert(document.domain)', type, 'x.js')
      expect(uploaded.status, type).toBe(201)
      const served = await fetch(uploaded.body.url)
      expect(served.headers.get('content-type'), type).toBe('application/octet-stream')
      expect(served.headers.get('content-disposition'), type).toMatch(/^attachment;/)
      expect(served.headers.get('x-content-type-options'), type).toBe('nosniff')
    }
    // Pictures still show inline, as themselves.
    const png = await upload((await credential(token, { mimeType: 'image/png' })).body.token, randomBytes(50), 'image/png', 'p.png')
    const served = await fetch(png.body.url)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('content-disposition')).toMatch(/^inline;/)
  })

  it('a long file name uploads, its URL works, and the original name is kept for display', async () => {
    const { token } = await company({ uploads: { maxBytes: 10_000, allowedTypes: ['application/pdf'] } })
    const name = `${'很长的报价单'.repeat(20)}${'x'.repeat(110)} final.pdf`
    const bytes = Buffer.from('%PDF-1.4 long name')
    const uploaded = await upload((await credential(token, { name, size: bytes.length, mimeType: 'application/pdf' })).body.token, bytes, 'application/pdf', name)
    expect(uploaded.status).toBe(201)
    expect(uploaded.body.name).toBe(name)
    const url = new URL(uploaded.body.url)
    expect(url.pathname.length).toBeLessThan(200)
    expect(decodeURIComponent(url.pathname.split('/').pop()!)).toMatch(/\.pdf$/)
    const served = await fetch(uploaded.body.url)
    expect(served.status).toBe(200)
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes)
    expect(decodeURIComponent(served.headers.get('content-disposition')!.split("''")[1]!)).toBe(name)
  })
})
