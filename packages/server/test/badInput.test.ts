import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

const HELLO_TIMEOUT_MS = 300
const unique = () => randomBytes(4).toString('hex')

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames and REST bodies read as JSON
type Json = any

describe.each(DATABASES)('bad input over raw WebSockets (%s)', (database) => {
  let h: Harness
  let adminToken: string

  beforeAll(async () => {
    h = await startHarness(database, { server: { limits: { helloTimeoutMs: HELLO_TIMEOUT_MS } } })
    adminToken = await h.login(h.adminEmail)
  })
  afterAll(() => h?.close())

  const open = (side: 'visitor' | 'agent' = 'visitor') => RawSocket.open(`${h.wsUrl}/ws/${side}`)
  const messagesOf = async (visitorId: string): Promise<Json[]> => {
    const res = await h.http('GET', `/api/v1/visitors/${visitorId}/messages`, { token: adminToken })
    expect(res.status).toBe(200)
    return res.body
  }
  /** A visitor socket past its hello. */
  const visitorSocket = async () => {
    const socket = await open()
    const welcome = await socket.hello(h.companyId)
    expect(welcome.type).toBe('welcome')
    return Object.assign(socket, { visitorId: welcome.visitorId as string })
  }
  /** Sends one frame and returns the next error frame it caused. */
  const errorFor = async (socket: RawSocket, frame: object | string | Buffer, options: { binary?: boolean } = {}) => {
    const from = socket.frames.length
    socket.send(frame, options)
    return socket.waitFor((f) => f.type === 'error', { from })
  }

  it('frames before hello are refused with bad_frame and store nothing', async () => {
    const socket = await open()
    const refused = [
      { type: 'message.send', cid: 'early-1', body: { type: 'text', text: 'too early' } },
      { type: 'chat.request', cid: 'early-2' },
      { type: 'identify', cid: 'early-3', identity: { uname: 'Early Bird' } },
    ]
    for (const frame of refused) {
      expect(await errorFor(socket, frame)).toMatchObject({ type: 'error', code: 'bad_frame', cid: frame.cid })
    }
    const welcome = await socket.hello(h.companyId)
    expect(welcome).toMatchObject({ type: 'welcome', status: { name: 'idle' }, messages: [] })
    expect(await messagesOf(welcome.visitorId)).toEqual([])
    const profile = await h.http('GET', `/api/v1/visitors/${welcome.visitorId}`, { token: adminToken })
    expect(profile.body.crm).toEqual({})
    const conversations = await h.http('GET', `/api/v1/conversations?visitorId=${welcome.visitorId}`, { token: adminToken })
    expect(conversations.body).toEqual([])
    socket.close()
  })

  it('malformed frames each get an error frame with a code, store nothing, and the connection keeps working', async () => {
    const socket = await visitorSocket()
    const text = (t: string) => ({ type: 'message.send', cid: `c-${unique()}`, body: { type: 'text', text: t } })
    const cases: [string, object | string | Buffer, string, { binary?: boolean }?][] = [
      ['not JSON', '{"type": "message.send",', 'bad_frame'],
      ['a JSON array', '[{"type":"ping"}]', 'bad_frame'],
      ['JSON null', 'null', 'bad_frame'],
      ['a JSON string', '"ping"', 'bad_frame'],
      ['an unknown type', { type: 'launch.missiles', cid: 'x1' }, 'bad_frame'],
      ['no type', { cid: 'x2', body: { type: 'text', text: 'hi' } }, 'bad_frame'],
      ['a message without a body', { type: 'message.send', cid: 'x3' }, 'bad_frame'],
      ['a message without a cid', { type: 'message.send', body: { type: 'text', text: 'hi' } }, 'bad_frame'],
      ['an empty text', text(''), 'bad_frame'],
      ['a blank text', text(' \n\t '), 'bad_frame'],
      ['a text over 5000 characters', text('x'.repeat(5001)), 'bad_frame'],
      ['an unknown body type', { type: 'message.send', cid: 'x4', body: { type: 'html', html: '<b>hi</b>' } }, 'bad_frame'],
      ['an evaluation out of range', { type: 'evaluate', cid: 'x5', evaluation: { score: 9 } }, 'bad_frame'],
      ['a read mark that is not a number', { type: 'read', seq: 'all' }, 'bad_frame'],
      ['a second hello', { type: 'hello', v: 1, companyId: h.companyId, lastSeq: 0 }, 'bad_frame'],
      ['a binary frame', Buffer.from(JSON.stringify(text('binary'))), 'bad_frame', { binary: true }],
      ['a frame over 64 KB', text('x'.repeat(70 * 1024)), 'payload_too_large'],
    ]
    for (const [what, frame, code, options] of cases) {
      const error = await errorFor(socket, frame, options)
      expect(error.code, what).toBe(code)
      expect(error.message, what).toEqual(expect.any(String))
      const cid = typeof frame === 'object' && !Buffer.isBuffer(frame) ? (frame as { cid?: string }).cid : undefined
      if (cid && code === 'bad_frame' && !options?.binary) expect(error.cid, what).toBe(cid)
    }
    // Schema failures name what is wrong.
    const missingBody = await errorFor(socket, { type: 'message.send', cid: 'x6' })
    expect(missingBody.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body' })]))
    expect(await messagesOf(socket.visitorId)).toEqual([])
    expect(socket.frames.some((f) => f.type === 'ack')).toBe(false)

    // The same connection still works.
    const ack = await socket.request({ type: 'message.send', body: { type: 'text', text: 'finally a good one' } })
    expect(ack).toMatchObject({ type: 'ack', message: { sender: 'visitor', body: { type: 'text', text: 'finally a good one' } } })
    await eventually(async () =>
      expect((await messagesOf(socket.visitorId)).filter((m) => m.sender === 'visitor').map((m) => m.body.text)).toEqual(['finally a good one']),
    )
    socket.close()
  })

  it('a frame over the socket limit (1 MB) closes the connection', async () => {
    const socket = await visitorSocket()
    socket.send({ type: 'message.send', cid: 'huge', body: { type: 'text', text: 'x'.repeat(1024 * 1024 + 10) } })
    expect((await socket.closed).code).toBe(1009)
    expect(await messagesOf(socket.visitorId)).toEqual([])
  })

  it('a burst of 200 frames trips the rate limit; refused frames store nothing; the connection works after a pause', async () => {
    const socket = await visitorSocket()
    const from = socket.frames.length
    const cids = Array.from({ length: 200 }, (_, i) => `burst-${i}`)
    for (const cid of cids) socket.send({ type: 'message.send', cid, body: { type: 'text', text: `burst ${cid}` } })
    const answers = new Map<string, Json>()
    await eventually(() => {
      for (const f of socket.frames.slice(from)) if ((f.type === 'ack' || f.type === 'error') && f.cid?.startsWith('burst-')) answers.set(f.cid, f)
      expect(answers.size).toBe(200)
    }, 15_000)
    const acked = cids.filter((cid) => answers.get(cid)!.type === 'ack')
    const limited = cids.filter((cid) => answers.get(cid)!.code === 'rate_limited')
    expect(acked.length + limited.length).toBe(200)
    expect(limited.length).toBeGreaterThanOrEqual(100)
    expect(acked.length).toBeGreaterThanOrEqual(20)
    expect(acked.length).toBeLessThanOrEqual(80)
    // Exactly the acknowledged messages were stored.
    await eventually(async () => {
      const stored = (await messagesOf(socket.visitorId)).filter((m) => m.sender === 'visitor').map((m) => m.clientId)
      expect(stored.sort()).toEqual([...acked].sort())
    })

    // A new message may not overtake the refused ones: it is refused until the earliest comes again.
    const overtaking = await socket.request({ type: 'message.send', body: { type: 'text', text: 'overtaking' } })
    expect(overtaking).toMatchObject({ type: 'error', code: 'rate_limited', message: 'an earlier frame was refused; resend it first' })
    // After a pause (the bucket refills at 20 frames a second) the earliest refused one goes again, and then
    // the connection takes new messages.
    const earliest = limited[0]!
    await eventually(async () => {
      const from = socket.frames.length
      socket.send({ type: 'message.send', cid: earliest, body: { type: 'text', text: `burst ${earliest}` } })
      const answer = await socket.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.cid === earliest, { from })
      expect(answer.type).toBe('ack')
    })
    // The resend above may have taken the bucket's only token: a new message goes as an outbox sends it, the
    // same client id again until it is acknowledged, and is stored once.
    await eventually(async () => {
      const from = socket.frames.length
      socket.send({ type: 'message.send', cid: 'after-burst', body: { type: 'text', text: 'after the burst' } })
      const answer = await socket.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.cid === 'after-burst', { from })
      expect(answer.type, JSON.stringify(answer)).toBe('ack')
    })
    expect((await messagesOf(socket.visitorId)).filter((m) => m.clientId === 'after-burst')).toHaveLength(1)
    expect(socket.frames.filter((f) => f.type === 'ack').length).toBeGreaterThan(acked.length)
    socket.close()
  })

  it(`no hello within the hello timeout closes with 4400`, async () => {
    const started = Date.now()
    const silent = await open()
    expect((await silent.closed).code).toBe(4400)
    expect(Date.now() - started).toBeLessThan(HELLO_TIMEOUT_MS + 2000)
    // Frames other than hello do not keep a connection alive either.
    const chatty = await open()
    chatty.send({ type: 'ping' })
    chatty.send({ type: 'message.send', cid: 'c', body: { type: 'text', text: 'hi' } })
    expect((await chatty.closed).code).toBe(4400)
    expect(chatty.frames.some((f) => f.type === 'welcome' || f.type === 'pong')).toBe(false)
    // The agent side too.
    const agent = await open('agent')
    expect((await agent.closed).code).toBe(4400)
  })

  it('a hello for an unknown company gets not_found and close 4404; a hello of another version is a bad frame', async () => {
    const socket = await open()
    expect(await socket.hello(`nope-${unique()}`)).toMatchObject({ type: 'error', code: 'not_found' })
    expect((await socket.closed).code).toBe(4404)

    const other = await open()
    expect(await errorFor(other, { type: 'hello', v: 2, companyId: h.companyId, lastSeq: 0 })).toMatchObject({ code: 'bad_frame' })
    expect(await errorFor(other, { type: 'hello', v: 1, companyId: 'x'.repeat(65), lastSeq: 0 })).toMatchObject({ code: 'bad_frame' })
    expect(await other.hello(h.companyId)).toMatchObject({ type: 'welcome' })
    other.close()
  })

  it('cards with javascript: links are refused with issues; card HTML is stored sanitized', async () => {
    const socket = await visitorSocket()
    const card = (fields: object) => ({ type: 'message.send', body: { type: 'product', card: { title: 'Coat', ...fields } } })
    for (const [field, value] of [
      ['urlForVisitor', 'javascript:alert(document.cookie)'],
      ['urlForVisitor', "http('javascript:alert(1)','blank')"],
      ['urlForVisitor', 'java\tscript:alert(1)'],
      ['urlForStaff', 'JAVASCRIPT:alert(1)'],
      ['imageUrl', 'javascript:alert(1)'],
      ['imageUrl', 'data:image/svg+xml,<svg onload=alert(1)>'],
    ] as const) {
      const refused = await socket.request(card({ [field]: value }))
      expect(refused, `${field}: ${value}`).toMatchObject({ type: 'error', code: 'invalid_card' })
      expect(refused.issues.map((i: { path: string }) => i.path)).toContain(field)
    }
    const order = await socket.request({
      type: 'message.send',
      body: {
        type: 'order',
        card: { type: 'order', orderCode: 'o-1', orderStatus: 1, totalFee: 1000, orderUrl: 'javascript:alert(1)', goods: [{ name: 'Coat', pictureUrl: 'javascript:x' }] },
      },
    })
    expect(order).toMatchObject({ type: 'error', code: 'invalid_card' })
    expect(order.issues.map((i: { path: string }) => i.path).sort()).toEqual(['goods.0.pictureUrl', 'orderUrl'])
    expect(await messagesOf(socket.visitorId)).toEqual([])

    const xss =
      '<img src=x onerror=alert(1)><div style="color:red;background:url(javascript:alert(1))" onclick="steal()">Price<script>alert(1)</script>' +
      '<a href="javascript:alert(1)">click</a><iframe src="https://evil.example"></iframe><svg onload=alert(1)></svg></div>'
    const ack = await socket.request(card({ content: xss, urlForVisitor: 'https://shop.example/p/1' }))
    expect(ack.type).toBe('ack')
    const stored = (await messagesOf(socket.visitorId)).find((m) => m.id === ack.message.id)
    for (const content of [ack.message.body.card.content, stored.body.card.content]) {
      expect(content).toContain('Price')
      expect(content).toContain('click')
      expect(content).not.toMatch(/<(img|script|a|iframe|svg)\b|onerror|onclick|onload|javascript|url\(/i)
    }
    expect(stored.body.card.urlForVisitor).toBe("http('https://shop.example/p/1','blank')")
    socket.close()
  })

  it('image, file and other media messages need an http(s) or /files/ URL', async () => {
    const socket = await visitorSocket()
    const bodies = [
      { type: 'image', url: 'javascript:alert(1)' },
      { type: 'image', url: 'JavaScript:alert(1)//https://shop.example/a.png' },
      { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
      { type: 'image', url: 'https://shop.example/a.png', thumbnailUrl: 'javascript:alert(1)' },
      // Quotes and angle brackets only serve to break out of an HTML attribute.
      { type: 'image', url: 'https://shop.example/a.png"onerror="alert(1)' },
      { type: 'image', url: "https://shop.example/a.png'onerror='alert(1)" },
      { type: 'image', url: 'https://shop.example/<script>' },
      { type: 'image', url: '//evil.example/a.png' },
      { type: 'file', url: 'vbscript:msgbox', name: 'a.txt', size: 1 },
      { type: 'voice', url: 'file:///etc/passwd' },
      { type: 'video', url: ' https://shop.example/v.mp4' },
    ]
    for (const body of bodies) {
      const refused = await socket.request({ type: 'message.send', body })
      expect(refused, JSON.stringify(body)).toMatchObject({ type: 'error', code: 'bad_frame' })
      expect(refused.issues.some((i: { path: string }) => /^body\.(url|thumbnailUrl)$/.test(i.path)), JSON.stringify(body)).toBe(true)
    }
    expect(await messagesOf(socket.visitorId)).toEqual([])
    const ok = await socket.request({ type: 'message.send', body: { type: 'image', url: 'https://shop.example/a%22b.png', name: 'a.png' } })
    expect(ok.type).toBe('ack')
    socket.close()
  })

  describe('the agent socket', () => {
    it('a bad session token gets unauthorized and close 4401', async () => {
      for (const token of ['not-a-token', 'v1.e30.AAAA', (await h.http('POST', '/api/v1/auth/login', { body: { email: h.adminEmail, password: 'correct horse battery' } })).body.token.slice(0, -3) + 'abc']) {
        const socket = await open('agent')
        const from = socket.frames.length
        socket.send({ type: 'agent.hello', v: 1, token })
        expect(await socket.waitFor((f) => f.type === 'error', { from })).toMatchObject({ code: 'unauthorized' })
        expect((await socket.closed).code).toBe(4401)
        expect(socket.frames.some((f) => f.type === 'agent.welcome')).toBe(false)
      }
      // A visitor token is not an agent session.
      const visitor = await visitorSocket()
      const welcome = visitor.frames.find((f) => f.type === 'welcome')
      visitor.close()
      const socket = await open('agent')
      socket.send({ type: 'agent.hello', v: 1, token: welcome.visitorToken })
      expect(await socket.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'unauthorized' })
      expect((await socket.closed).code).toBe(4401)
    })

    it('frames before agent.hello, malformed frames and javascript: URLs are refused; the socket keeps working', async () => {
      const agent = await h.addAgent({ email: `raw-${unique()}@example.com`, name: 'Raw' })
      const socket = await open('agent')
      expect(await errorFor(socket, { type: 'presence', cid: 'p0', presence: 'busy' })).toMatchObject({ code: 'bad_frame', cid: 'p0' })
      socket.send({ type: 'agent.hello', v: 1, token: agent.token })
      await socket.waitFor((f) => f.type === 'agent.welcome')

      expect(await errorFor(socket, 'nope')).toMatchObject({ code: 'bad_frame' })
      expect(await errorFor(socket, Buffer.from('{}'), { binary: true })).toMatchObject({ code: 'bad_frame' })
      expect(await errorFor(socket, { type: 'presence', cid: 'p1', presence: 'asleep' })).toMatchObject({ code: 'bad_frame', cid: 'p1' })
      expect(await errorFor(socket, { type: 'conversation.sign', cid: 'p2', conversationId: 'x', chatSign: 2 })).toMatchObject({ code: 'bad_frame' })
      expect(await errorFor(socket, { type: 'message.send', cid: 'p3', conversationId: 'x', body: { type: 'text', text: 'x'.repeat(70 * 1024) } })).toMatchObject({
        code: 'payload_too_large',
      })

      // A live chat with this agent: bad media and card links from the agent are refused too.
      const visitor = h.visitor()
      visitor.connect()
      await visitor.requestChat({ agentId: agent.agentId, agentModeFlag: 1 })
      await eventually(() => expect(visitor.getSnapshot().staff?.staffId).toBe(agent.agentId))
      const conversationId = visitor.getSnapshot().staff!.recordId
      const visitorId = visitor.getSnapshot().visitorId!
      const before = await messagesOf(visitorId)
      const image = await socket.request({ type: 'message.send', conversationId, body: { type: 'image', url: 'javascript:alert(1)' } })
      expect(image).toMatchObject({ type: 'error', code: 'bad_frame' })
      const card = await socket.request({ type: 'message.send', conversationId, body: { type: 'product', card: { title: 'x', urlForStaff: 'javascript:alert(1)' } } })
      expect(card).toMatchObject({ type: 'error', code: 'invalid_card' })
      expect(card.issues.map((i: { path: string }) => i.path)).toContain('urlForStaff')
      const crm = await socket.request({ type: 'visitor.update', visitorId, crm: { email: 'x'.repeat(201) } })
      expect(crm).toMatchObject({ type: 'error', code: 'bad_frame' })
      expect(await messagesOf(visitorId)).toEqual(before)

      const ok = await socket.request({ type: 'message.send', conversationId, body: { type: 'text', text: 'still here' } })
      expect(ok).toMatchObject({ type: 'ack', message: { sender: 'agent' } })
      socket.close()
    })
  })
})
