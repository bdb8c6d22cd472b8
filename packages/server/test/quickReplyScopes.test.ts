import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, startHarness, type Harness } from './harness'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- REST bodies read as JSON
type Json = any

function expectError(res: { status: number; body: Json }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) })
}

const unique = () => randomBytes(4).toString('hex')

describe.each(DATABASES)('quick replies for the company, a group, or one agent (%s)', (database) => {
  let h: Harness
  let admin: string
  let presales: string
  let aftersales: string
  let amy: { agentId: string; token: string }
  let ben: { agentId: string; token: string }

  beforeAll(async () => {
    h = await startHarness(database)
    admin = await h.login(h.adminEmail)
    presales = await h.addGroup('售前')
    aftersales = await h.addGroup('售后')
    amy = await h.addAgent({ email: `amy-${unique()}@example.com`, name: 'Amy', groupIds: [presales] })
    ben = await h.addAgent({ email: `ben-${unique()}@example.com`, name: 'Ben', groupIds: [aftersales] })
  })
  afterAll(() => h?.close())

  const add = (token: string, body: object) => h.http('POST', '/api/v1/quick-replies', { token, body })
  const titles = async (token: string) => ((await h.http('GET', '/api/v1/quick-replies', { token })).body as Json[]).map((r) => r.title)

  it('each agent gets the company’s replies, their groups’ and their own, in position order', async () => {
    const company = await add(admin, { title: '问候', text: '您好，请问有什么可以帮您？' })
    expect(company.body).toMatchObject({ scope: 'company', groupId: null, agentId: null })
    const group = await add(admin, { title: '售前优惠', text: '本周全场满 300 减 30。', scope: 'group', groupId: presales })
    expect(group.status, JSON.stringify(group.body)).toBe(201)
    expect(group.body).toMatchObject({ scope: 'group', groupId: presales, agentId: null })
    // An agent keeps personal replies; the owner defaults to whoever creates it.
    const own = await add(amy.token, { title: 'Amy 的签名', text: '—— 客服 Amy', scope: 'agent' })
    expect(own.status, JSON.stringify(own.body)).toBe(201)
    expect(own.body).toMatchObject({ scope: 'agent', agentId: amy.agentId, groupId: null })
    // Admins may give an agent a personal reply too.
    expect((await add(admin, { title: 'Ben 的签名', text: '—— 客服 Ben', scope: 'agent', agentId: ben.agentId })).status).toBe(201)

    expect(await titles(amy.token)).toEqual(['问候', '售前优惠', 'Amy 的签名'])
    expect(await titles(ben.token)).toEqual(['问候', 'Ben 的签名'])
    // The console lists them all, for admins only.
    const all = await h.http('GET', '/api/v1/quick-replies?all=true', { token: admin })
    expect(all.body.map((r: Json) => r.title)).toEqual(['问候', '售前优惠', 'Amy 的签名', 'Ben 的签名'])
    expectError(await h.http('GET', '/api/v1/quick-replies?all=true', { token: amy.token }), 403, 'forbidden')
  })

  it('joining or leaving a group changes which group replies an agent gets', async () => {
    expect(await titles(ben.token)).not.toContain('售前优惠')
    await h.http('PATCH', `/api/v1/agents/${ben.agentId}`, { token: admin, body: { groupIds: [aftersales, presales] } })
    expect(await titles(ben.token)).toContain('售前优惠')
    await h.http('PATCH', `/api/v1/agents/${ben.agentId}`, { token: admin, body: { groupIds: [aftersales] } })
    expect(await titles(ben.token)).not.toContain('售前优惠')
  })

  it('agents edit and delete only their own; company and group replies and colleagues’ need an admin', async () => {
    const mine = (await add(amy.token, { title: '稍等', text: '请稍等，我查一下。', scope: 'agent' })).body
    const edited = await h.http('PATCH', `/api/v1/quick-replies/${mine.id}`, { token: amy.token, body: { text: '请稍等片刻，我马上查。' } })
    expect(edited.body).toMatchObject({ id: mine.id, text: '请稍等片刻，我马上查。', scope: 'agent', agentId: amy.agentId })

    expectError(await add(amy.token, { title: 't', text: 'x' }), 403, 'forbidden') // company by default
    expectError(await add(amy.token, { title: 't', text: 'x', scope: 'group', groupId: presales }), 403, 'forbidden')
    expectError(await add(amy.token, { title: 't', text: 'x', scope: 'agent', agentId: ben.agentId }), 403, 'forbidden')
    // Ben cannot touch Amy's, nor turn his own into a company reply.
    expectError(await h.http('PATCH', `/api/v1/quick-replies/${mine.id}`, { token: ben.token, body: { text: 'x' } }), 403, 'forbidden')
    expectError(await h.http('DELETE', `/api/v1/quick-replies/${mine.id}`, { token: ben.token }), 403, 'forbidden')
    const bens = (await add(ben.token, { title: 'b', text: 'b', scope: 'agent' })).body
    expectError(await h.http('PATCH', `/api/v1/quick-replies/${bens.id}`, { token: ben.token, body: { scope: 'company' } }), 403, 'forbidden')

    expect((await h.http('DELETE', `/api/v1/quick-replies/${mine.id}`, { token: amy.token })).status).toBe(204)
    expect(await titles(amy.token)).not.toContain('稍等')
  })

  it('admins move a reply between scopes; the owner columns follow', async () => {
    const reply = (await add(admin, { title: '退货', text: '七天无理由退货。' })).body
    const toGroup = await h.http('PATCH', `/api/v1/quick-replies/${reply.id}`, { token: admin, body: { scope: 'group', groupId: aftersales } })
    expect(toGroup.body).toMatchObject({ scope: 'group', groupId: aftersales, agentId: null })
    expect(await titles(ben.token)).toContain('退货')
    expect(await titles(amy.token)).not.toContain('退货')
    const back = await h.http('PATCH', `/api/v1/quick-replies/${reply.id}`, { token: admin, body: { scope: 'company' } })
    expect(back.body).toMatchObject({ scope: 'company', groupId: null, agentId: null })
  })

  it('a scope without its owner, or an owner of another company, is refused and nothing is stored', async () => {
    const before = (await h.http('GET', '/api/v1/quick-replies?all=true', { token: admin })).body
    expectError(await add(admin, { title: 't', text: 'x', scope: 'group' }), 400, 'invalid_argument')
    expectError(await add(admin, { title: 't', text: 'x', scope: 'company', groupId: presales }), 400, 'invalid_argument')
    expectError(await add(admin, { title: 't', text: 'x', scope: 'agent', groupId: presales }), 400, 'invalid_argument')
    expectError(await add(admin, { title: 't', text: 'x', scope: 'team' }), 400, 'invalid_argument')
    expectError(await add(admin, { title: 't', text: 'x', scope: 'group', groupId: 'g_nowhere' }), 404, 'not_found')
    expectError(await add(admin, { title: 't', text: 'x', scope: 'agent', agentId: 'a_nobody' }), 404, 'not_found')
    const other = await h.addCompany(`o${unique()}`)
    const theirGroup = (await h.http('POST', '/api/v1/groups', { token: other.adminToken, body: { name: 'x' } })).body.groupId
    expectError(await add(admin, { title: 't', text: 'x', scope: 'group', groupId: theirGroup }), 404, 'not_found')
    expect((await h.http('GET', '/api/v1/quick-replies?all=true', { token: admin })).body).toEqual(before)
  })

  it('deleting a group or an agent deletes the replies that were theirs', async () => {
    const temp = await h.addGroup('临时')
    const carl = await h.addAgent({ email: `carl-${unique()}@example.com`, name: 'Carl', groupIds: [temp] })
    await add(admin, { title: '临时组', text: 'x', scope: 'group', groupId: temp })
    await add(carl.token, { title: 'Carl 的', text: 'x', scope: 'agent' })
    await h.http('DELETE', `/api/v1/groups/${temp}`, { token: admin })
    await h.http('DELETE', `/api/v1/agents/${carl.agentId}`, { token: admin })
    const all = (await h.http('GET', '/api/v1/quick-replies?all=true', { token: admin })).body.map((r: Json) => r.title)
    expect(all).not.toContain('临时组')
    expect(all).not.toContain('Carl 的')
  })
})
