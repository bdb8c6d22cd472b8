import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, seedDemo } from '../src/domain/seedDemo'
import { DATABASES, startHarness, type Harness } from './harness'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- REST bodies read as JSON
type Json = any

function expectError(res: { status: number; body: Json }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) })
}

describe.each(DATABASES)('quick replies for the workbench (%s)', (database) => {
  let h: Harness
  let admin: string
  let agent: string
  let other: string

  beforeAll(async () => {
    h = await startHarness(database)
    admin = await h.login(h.adminEmail)
    agent = (await h.addAgent({ email: `agent-${randomBytes(4).toString('hex')}@example.com`, name: 'Agent' })).token
    other = (await h.addCompany(`o${randomBytes(4).toString('hex')}`)).adminToken
  })
  afterAll(() => h?.close())

  const list = (token = agent) => h.http('GET', '/api/v1/quick-replies', { token })

  it('admins add, edit, reorder and delete them; agents read them in order', async () => {
    expect((await list()).body).toEqual([])
    const hello = await h.http('POST', '/api/v1/quick-replies', { token: admin, body: { title: '问候', text: '您好,请问有什么可以帮您?' } })
    expect(hello.status, JSON.stringify(hello.body)).toBe(201)
    expect(hello.body).toEqual({
      id: expect.stringMatching(/^qr_/),
      title: '问候',
      text: '您好,请问有什么可以帮您?',
      position: 1,
      scope: 'company',
      groupId: null,
      agentId: null,
    })
    const bye = (await h.http('POST', '/api/v1/quick-replies', { token: admin, body: { title: '结束', text: '感谢您的咨询!' } })).body
    expect(bye.position).toBe(2)
    expect((await list()).body.map((r: Json) => r.id)).toEqual([hello.body.id, bye.id])

    const moved = await h.http('PATCH', `/api/v1/quick-replies/${bye.id}`, { token: admin, body: { position: 0, text: '感谢您的咨询,再见!' } })
    expect(moved.body).toEqual({ ...bye, position: 0, text: '感谢您的咨询,再见!' })
    expect((await list()).body.map((r: Json) => r.id)).toEqual([bye.id, hello.body.id])

    expect((await h.http('DELETE', `/api/v1/quick-replies/${bye.id}`, { token: admin })).status).toBe(204)
    expect((await list()).body).toEqual([hello.body])
    expectError(await h.http('DELETE', `/api/v1/quick-replies/${bye.id}`, { token: admin }), 404, 'not_found')
  })

  it('text is 1 to 2000 characters; bad bodies change nothing', async () => {
    const before = (await list()).body
    for (const body of [{ title: 't', text: '' }, { title: 't', text: 'x'.repeat(2001) }, { title: '', text: 'x' }, { text: 'x' }, { title: 't', text: 'x', position: -1 }]) {
      expectError(await h.http('POST', '/api/v1/quick-replies', { token: admin, body }), 400, 'invalid_argument')
    }
    const longest = await h.http('POST', '/api/v1/quick-replies', { token: admin, body: { title: 't', text: 'x'.repeat(2000) } })
    expect(longest.status).toBe(201)
    expectError(await h.http('PATCH', `/api/v1/quick-replies/${longest.body.id}`, { token: admin, body: { text: '' } }), 400, 'invalid_argument')
    expect((await list()).body).toEqual([...before, longest.body])
  })

  it('writes need an admin; another company neither sees nor touches them', async () => {
    const mine = (await h.http('POST', '/api/v1/quick-replies', { token: admin, body: { title: 'mine', text: 'only ours' } })).body
    expectError(await h.http('POST', '/api/v1/quick-replies', { token: agent, body: { title: 't', text: 'x' } }), 403, 'forbidden')
    expectError(await h.http('PATCH', `/api/v1/quick-replies/${mine.id}`, { token: agent, body: { text: 'x' } }), 403, 'forbidden')
    expectError(await h.http('DELETE', `/api/v1/quick-replies/${mine.id}`, { token: agent }), 403, 'forbidden')
    expectError(await h.http('GET', '/api/v1/quick-replies'), 401, 'unauthorized')

    expect((await list(other)).body).toEqual([])
    expectError(await h.http('PATCH', `/api/v1/quick-replies/${mine.id}`, { token: other, body: { text: 'theirs' } }), 404, 'not_found')
    expectError(await h.http('DELETE', `/api/v1/quick-replies/${mine.id}`, { token: other }), 404, 'not_found')
    expect((await list()).body).toContainEqual(mine)
    // Positions are counted per company: the other company's first reply is 1.
    expect((await h.http('POST', '/api/v1/quick-replies', { token: other, body: { title: 't', text: 'x' } })).body.position).toBe(1)
  })

  it('the demo company comes with four Chinese quick replies', async () => {
    await seedDemo(h.server.context.db)
    const token = await h.login(DEMO.agents[1]!.email, DEMO.password)
    const replies = (await list(token)).body
    expect(replies).toHaveLength(4)
    expect(replies.map((r: Json) => r.position)).toEqual([1, 2, 3, 4])
    for (const reply of replies) expect(reply.text).toMatch(/[\u4e00-\u9fff]/)
    expect(replies.map((r: Json) => r.title)).toEqual(DEMO.quickReplies.map((r) => r.title))
  })
})
