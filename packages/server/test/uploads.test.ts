import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/Database'
import { openDatabase } from '../src/db/openDatabase'
import { generateSecret, signUploadCredential, signVisitorToken } from '../src/security'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'
import { RawSocket } from './rawSocket'

const unique = () => randomBytes(4).toString('hex')
const DEFAULT_TYPES = ['image/*', 'audio/*', 'video/mp4', 'application/pdf', 'text/plain', 'application/zip']

describe.each(DATABASES)('uploads: credentials, upload, files served safely (%s)', (database) => {
  let h: Harness
  let dataDir: string
  let amy: { agentId: string; token: string }
  let desk: AgentTestClient
  let memoryDb: Database | undefined

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kefu-uploads-test-'))
    // Files go to <dataDir>/files, where the test can look; PGlite stays in memory (on disk it starts slowly).
    memoryDb = database === 'pglite' ? await openDatabase({}) : undefined
    h = await startHarness(database, { dataDir, ...(memoryDb ? { server: { database: memoryDb } } : {}) })
    amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    desk = await h.agent(amy.token)
  })
  afterAll(async () => {
    await h?.close()
    await memoryDb?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const filesOnDisk = async (companyId: string) => readdir(join(dataDir, 'files', companyId)).catch(() => [] as string[])
  const fileRows = async (companyId: string) =>
    Number((await h.server.context.db.query<{ n: number }>('SELECT count(*)::int AS n FROM files WHERE company_id = $1', [companyId]))[0]!.n)

  /** A visitor client of `companyId`, connected. */
  async function visitor(companyId = h.companyId) {
    const chat = h.visitor({ companyId })
    chat.connect()
    await eventually(() => expect(chat.getSnapshot().connection).toBe('online'))
    return chat
  }

  /** A visitor token, from a raw hello. */
  async function visitorToken(companyId = h.companyId): Promise<string> {
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await socket.hello(companyId)
    socket.close()
    return welcome.visitorToken
  }

  async function credential(token: string, body: object, side: 'visitor' | 'agent' = 'visitor') {
    return h.http('POST', `/api/v1/${side}/upload-credentials`, { token, body })
  }

  async function upload(token: string | undefined, body: BodyInit, type: string, name = 'x.bin', headers: Record<string, string> = {}) {
    const response = await fetch(`${h.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { 'content-type': type, 'x-kefu-file-name': encodeURIComponent(name), ...(token ? { 'x-kefu-upload-token': token } : {}), ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit)
    return { status: response.status, body: await response.json() }
  }

  it('an image sent through the client is uploaded, delivered to the agent and served back byte for byte', async () => {
    const chat = await visitor()
    await chat.requestChat()
    await eventually(() => expect(chat.getSnapshot().status.name).toBe('chatting'))
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(3000)])
    const filesBefore = (await filesOnDisk(h.companyId)).length

    const sent = await chat.sendFile(new Blob([bytes], { type: 'image/png' }), 'a.png')
    expect(sent.body).toMatchObject({ type: 'image', name: 'a.png', size: bytes.length })
    const url = (sent.body as { url: string }).url
    expect(url).toMatch(new RegExp(`^${h.url}/files/${h.companyId}/f_[\\w-]+/a\\.png$`))
    const delivered = await desk.waitFor((f) => f.type === 'message' && f.message.id === sent.id)
    expect(delivered).toMatchObject({ visitorId: chat.getSnapshot().visitorId, message: { sender: 'visitor', body: { type: 'image', url } } })

    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''a.png")
    expect(response.headers.get('content-security-policy')).toContain('sandbox')
    expect(await filesOnDisk(h.companyId)).toHaveLength(filesBefore + 1)
    const [, , , fileId] = new URL(url).pathname.split('/')
    expect(await readFile(join(dataDir, 'files', h.companyId, fileId!))).toEqual(bytes)
  })

  it('a PDF is served as an attachment, under its own (encoded) name', async () => {
    const chat = await visitor()
    const name = "报价 it's (v2)!.pdf"
    const bytes = Buffer.from('%PDF-1.4\n% fake pdf\n')
    const sent = await chat.sendFile(new Blob([bytes], { type: 'application/pdf' }), name)
    expect(sent.body).toMatchObject({ type: 'file', name, mimeType: 'application/pdf', size: bytes.length })
    await desk.waitFor((f) => f.type === 'message' && f.message.id === sent.id)
    const response = await fetch((sent.body as { url: string }).url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    const disposition = response.headers.get('content-disposition')!
    expect(disposition).toMatch(/^attachment; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/) // RFC 5987: no raw quotes or parentheses
    expect(decodeURIComponent(disposition.split("''")[1]!)).toBe(name)
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes)
  })

  it('HTML and SVG (when a company allows them) are served as application/octet-stream attachments', async () => {
    const companyId = `u${unique()}`
    await h.addCompany(companyId, { uploads: { maxBytes: 1024 * 1024, allowedTypes: [...DEFAULT_TYPES, 'text/html', 'application/xhtml+xml'] } })
    const chat = await visitor(companyId)
    const active: [string, string, string][] = [
      ['page.html', 'text/html', '<!doctype html><script>alert(document.domain)</script>'],
      ['page.xhtml', 'application/xhtml+xml', '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'],
      ['logo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ]
    for (const [name, type, content] of active) {
      const sent = await chat.sendFile(new Blob([content], { type }), name)
      const response = await fetch((sent.body as { url: string }).url)
      expect(response.status, name).toBe(200)
      expect(response.headers.get('content-type'), name).toBe('application/octet-stream')
      expect(response.headers.get('content-disposition'), name).toMatch(/^attachment;/)
      expect(response.headers.get('x-content-type-options'), name).toBe('nosniff')
      expect(await response.text()).toBe(content)
    }
    // The type is read without case or parameters, so TEXT/HTML; charset=utf-8 is no way around it.
    const cred = await credential(await visitorToken(companyId), { name: 'x.html', size: 9, mimeType: 'text/html' })
    const raw = await upload(cred.body.token, '<b>hi</b>', 'TEXT/HTML; charset=utf-8', 'x.html')
    expect(raw.status).toBe(201)
    const response = await fetch(raw.body.url)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/)

    // The default settings do not take HTML at all.
    const refused = await credential(await visitorToken(), { name: 'x.html', size: 10, mimeType: 'text/html' })
    expect(refused.status).toBe(400)
  })

  it('text, JSON and large files arrive byte for byte, however their type would otherwise be parsed', async () => {
    const companyId = `t${unique()}`
    await h.addCompany(companyId, { uploads: { maxBytes: 3 * 1024 * 1024, allowedTypes: ['text/plain', 'application/json', 'application/octet-stream', 'image/*'] } })
    const token = await visitorToken(companyId)
    const files: [string, string, Buffer][] = [
      ['notes.txt', 'text/plain; charset=utf-8', Buffer.from('héllo 世界 ✓\n', 'utf8')],
      ['data.json', 'application/json', Buffer.from('{"order": 4711, "items": ["coat"]}')],
      ['not-json.json', 'application/json', Buffer.from('{ this is not json')],
      ['big.txt', 'text/plain', Buffer.alloc(2 * 1024 * 1024, 'abc\n')], // over the 1 MB limit of JSON request bodies
      ['big.png', 'image/png', randomBytes(2.5 * 1024 * 1024)],
    ]
    for (const [name, type, bytes] of files) {
      const cred = await credential(token, { name, size: bytes.length, mimeType: type })
      const uploaded = await upload(cred.body.token, new Uint8Array(bytes), type, name)
      expect(uploaded.status, name).toBe(201)
      expect(uploaded.body.size, name).toBe(bytes.length)
      const served = await fetch(uploaded.body.url)
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes), name).toBe(true)
      expect(served.headers.get('content-length'), name).toBe(String(bytes.length))
    }
    // No content type at all is an octet stream.
    const cred = await credential(token, { name: 'blob', size: 3, mimeType: 'application/octet-stream' })
    const response = await fetch(`${h.url}/api/v1/uploads`, { method: 'POST', headers: { 'x-kefu-upload-token': cred.body.token }, body: new Uint8Array([1, 2, 3]) })
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ size: 3, mimeType: 'application/octet-stream' })
  })

  it('credentials: too big is 413, a type not allowed is 400, bad requests and missing tokens are refused, all as JSON', async () => {
    const token = await visitorToken()
    const tooBig = await credential(token, { name: 'big.zip', size: 10 * 1024 * 1024 + 1, mimeType: 'application/zip' })
    expect(tooBig.status).toBe(413)
    expect(tooBig.body).toEqual({ error: { code: 'payload_too_large', message: expect.stringContaining('10485760') } })
    const exe = await credential(token, { name: 'setup.exe', size: 100, mimeType: 'application/x-msdownload' })
    expect(exe.status).toBe(400)
    expect(exe.body.error).toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('application/x-msdownload') })
    const invalid = await credential(token, { name: '', size: -1 })
    expect(invalid.status).toBe(400)
    expect(invalid.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['name', 'size'])
    const ok = await credential(token, { name: 'a.png', size: 100, mimeType: 'image/png' })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ uploadUrl: `${h.url}/api/v1/uploads`, token: expect.any(String), maxBytes: 10 * 1024 * 1024, allowedTypes: DEFAULT_TYPES })

    const noToken = await h.http('POST', '/api/v1/visitor/upload-credentials', { body: { name: 'a.png', size: 1, mimeType: 'image/png' } })
    expect(noToken.status).toBe(401)
    expect(noToken.body.error.code).toBe('unauthorized')
    const agentAsVisitor = await credential(amy.token, { name: 'a.png', size: 1, mimeType: 'image/png' })
    expect(agentAsVisitor.status).toBe(401)
    const visitorAsAgent = await credential(token, { name: 'a.png', size: 1, mimeType: 'image/png' }, 'agent')
    expect(visitorAsAgent.status).toBe(401)
    const forged = await credential(signVisitorToken({ companyId: h.companyId, visitorId: 'v_x' }, generateSecret(32)), { name: 'a.png', size: 1, mimeType: 'image/png' })
    expect(forged.status).toBe(401)
  })

  it('ECHAT.getFileUploadInfo() as the seed documents it, without arguments: a credential, whose upload is held to the limits', async () => {
    const companyId = `g${unique()}`
    await h.addCompany(companyId, { uploads: { maxBytes: 1000, allowedTypes: ['image/*'] } })
    const token = await visitorToken(companyId)
    // What the widget posts for getFileUploadInfo(), and a bare POST with no body at all.
    const asWidget = await credential(token, {})
    const bare = await fetch(`${h.url}/api/v1/visitor/upload-credentials`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    for (const answer of [asWidget, { status: bare.status, body: await bare.json() }]) {
      expect(answer.status).toBe(200)
      expect(answer.body).toEqual({ uploadUrl: `${h.url}/api/v1/uploads`, token: expect.any(String), expiresAt: expect.any(Number), maxBytes: 1000, allowedTypes: ['image/*'] })
    }
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(100)])
    expect((await upload(asWidget.body.token, png, 'image/png', 'a.png')).status).toBe(201)
    expect((await upload(asWidget.body.token, randomBytes(10), 'application/zip', 'a.zip')).status).toBe(400)
    expect((await upload(asWidget.body.token, randomBytes(1001), 'image/png', 'big.png')).status).toBe(413)
  })

  it('an upload larger than the credential allows is refused with 413 and leaves no file behind', async () => {
    const companyId = `l${unique()}`
    await h.addCompany(companyId, { uploads: { maxBytes: 1000, allowedTypes: ['image/*'] } })
    const token = await visitorToken(companyId)
    // The visitor lies: it asks for 10 bytes and sends more.
    const cred = await credential(token, { name: 'small.png', size: 10, mimeType: 'image/png' })
    expect(cred.status).toBe(200)
    expect(cred.body.maxBytes).toBe(1000)

    const declared = await upload(cred.body.token, new Uint8Array(5000), 'image/png', 'big.png')
    expect(declared.status).toBe(413)
    expect(declared.body.error.code).toBe('payload_too_large')

    // Without a content-length (chunked), the limit is enforced while streaming.
    const chunks = Array.from({ length: 5 }, () => randomBytes(400))
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift()
        if (next) controller.enqueue(next)
        else controller.close()
      },
    })
    const streamed = await upload(cred.body.token, stream, 'image/png', 'streamed.png')
    expect(streamed.status).toBe(413)
    expect(streamed.body.error.code).toBe('payload_too_large')
    expect(await filesOnDisk(companyId)).toEqual([])
    expect(await fileRows(companyId)).toBe(0)

    // Exactly the company's limit is fine, with a credential that declared no size (getFileUploadInfo()).
    const open = await credential(token, {})
    const exact = await upload(open.body.token, new Uint8Array(1000), 'image/png', 'exact.png')
    expect(exact.status).toBe(201)
    expect(exact.body).toMatchObject({ size: 1000, mimeType: 'image/png', name: 'exact.png' })
    expect(await filesOnDisk(companyId)).toHaveLength(1)
    expect(await fileRows(companyId)).toBe(1)
  })

  it('forged, expired, missing and wrong-kind upload credentials are refused with 401', async () => {
    const secret = h.server.context.tokenSecret
    const claims = { companyId: h.companyId, owner: { kind: 'visitor' as const, id: 'v_someone' }, maxBytes: 1000, allowedTypes: ['image/*'] }
    const filesBefore = await fileRows(h.companyId)
    const cases: Record<string, string | undefined> = {
      forged: signUploadCredential(claims, generateSecret(32)),
      expired: signUploadCredential(claims, secret, { now: Date.now() - 3600_000, ttlSeconds: 60 }),
      missing: undefined,
      garbage: 'v1.abc.def',
      'a visitor token': signVisitorToken({ companyId: h.companyId, visitorId: 'v_someone' }, secret),
      'raised limit': (() => {
        const [v, payload, mac] = signUploadCredential(claims, secret).split('.')
        const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), maxBytes: 1e9 })).toString('base64url')
        return `${v}.${raised}.${mac}`
      })(),
    }
    for (const [what, token] of Object.entries(cases)) {
      const res = await upload(token, new Uint8Array(10), 'image/png', 'a.png')
      expect(res.status, what).toBe(401)
      expect(res.body.error.code, what).toBe('unauthorized')
    }
    // A valid credential still only takes the types it lists.
    const valid = signUploadCredential(claims, secret)
    const wrongType = await upload(valid, 'hello', 'text/plain', 'a.txt')
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.error.code).toBe('invalid_argument')
    expect(await fileRows(h.companyId)).toBe(filesBefore)
    expect((await upload(valid, new Uint8Array(10), 'image/png', 'a.png')).status).toBe(201)
  })

  it('an agent gets its own credential, uploads, and sends the picture to the visitor', async () => {
    const chat = await visitor()
    await chat.requestChat()
    await eventually(() => expect(chat.getSnapshot().status.name).toBe('chatting'))
    const conversationId = chat.getSnapshot().staff!.recordId
    const bytes = randomBytes(512)
    const cred = await credential(amy.token, { name: 'answer.png', size: bytes.length, mimeType: 'image/png' }, 'agent')
    expect(cred.status).toBe(200)
    const uploaded = await upload(cred.body.token, bytes, 'image/png', 'answer.png')
    expect(uploaded.status).toBe(201)
    const rows = await h.server.context.db.query<{ owner_kind: string; owner_id: string }>('SELECT owner_kind, owner_id FROM files WHERE company_id = $1 AND id = $2', [
      h.companyId,
      new URL(uploaded.body.url).pathname.split('/')[3],
    ])
    expect(rows).toEqual([{ owner_kind: 'agent', owner_id: amy.agentId }])

    const ack = await desk.request({ type: 'message.send', conversationId, body: { type: 'image', url: uploaded.body.url, name: 'answer.png', size: bytes.length } })
    await eventually(() => expect(chat.getSnapshot().messages.some((m) => m.id === ack.message!.id && m.body.type === 'image')).toBe(true))
    const response = await fetch(uploaded.body.url)
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes)

    const noToken = await h.http('POST', '/api/v1/agent/upload-credentials', { body: { name: 'a.png', size: 1, mimeType: 'image/png' } })
    expect(noToken.status).toBe(401)
  })

  it('unknown files and malformed file paths are 404 JSON', async () => {
    for (const path of [`/files/${h.companyId}/f_nope/a.png`, `/files/${h.companyId}/..%2F..%2Fetc/passwd`, '/files/x', `/files/${h.companyId}/${'f'.repeat(100)}/a`]) {
      const response = await fetch(`${h.url}${path}`)
      expect([400, 404], path).toContain(response.status)
      expect((await response.json()).error.code, path).toMatch(/not_found|invalid_argument/)
    }
  })
})
