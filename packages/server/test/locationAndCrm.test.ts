import { memoryStorage, type AgentServerFrame, type VisitorProfile } from '@kefu/core'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'
import { RawSocket } from './rawSocket'

const unique = () => randomBytes(4).toString('hex')

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames and REST bodies read as JSON
type Json = any

/** The place in the WeChat plugin seed's `OnMapMsgClick` (latitude, longitude, location, scale). */
const PLACE = { type: 'location', latitude: 39.9087, longitude: 116.3975, label: '北京市东城区天安门', scale: 15 } as const

describe.each(DATABASES)('location messages and Echat CRM fields gender/age/wechat (%s)', (database) => {
  let h: Harness
  let adminToken: string
  let agentId: string
  let desk: AgentTestClient

  beforeAll(async () => {
    h = await startHarness(database)
    adminToken = await h.login(h.adminEmail)
    const amy = await h.addAgent({ email: `amy-${unique()}@example.com`, name: 'Amy' })
    agentId = amy.agentId
    desk = await h.agent(amy.token)
  })
  afterAll(() => h?.close())

  const profileOf = async (visitorId: string): Promise<VisitorProfile> => (await h.http('GET', `/api/v1/visitors/${visitorId}`, { token: adminToken })).body
  const messagesOf = async (visitorId: string): Promise<Json[]> => (await h.http('GET', `/api/v1/visitors/${visitorId}/messages`, { token: adminToken })).body
  const visitorFrame = (visitorId: string, match: (v: VisitorProfile) => boolean) =>
    desk.waitFor<Extract<AgentServerFrame, { type: 'visitor' }>>((f) => f.type === 'visitor' && f.visitor.visitorId === visitorId && match(f.visitor))

  /** A visitor in a chat with Amy. */
  async function chatWithAmy() {
    const storage = memoryStorage()
    const visitor = h.visitor({ storage })
    visitor.connect()
    await visitor.requestChat({ agentId, agentModeFlag: 1 })
    await eventually(() => expect(visitor.getSnapshot().staff?.staffId).toBe(agentId))
    const token = storage.getItem(`kefu:${h.companyId}:visitorToken`) ?? undefined
    return { visitor, token, visitorId: visitor.getSnapshot().visitorId!, conversationId: visitor.getSnapshot().staff!.recordId }
  }

  it('a visitor identifies with gender, age and wechat; the agent sees them and they merge with later updates', async () => {
    const visitor = h.visitor()
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().visitorId).toBeTruthy())
    const visitorId = visitor.getSnapshot().visitorId!
    await visitor.identify({ uname: '小王', gender: 1, age: '31' as never, wechat: 'wxid_wang' })
    const frame = await visitorFrame(visitorId, (v) => v.crm.wechat === 'wxid_wang')
    expect(frame.visitor.crm).toEqual({ uname: '小王', gender: 1, age: 31, wechat: 'wxid_wang' })

    // The agent edits two of them; the rest stays.
    await desk.request({ type: 'visitor.update', visitorId, crm: { gender: 2, age: 0 } })
    await visitorFrame(visitorId, (v) => v.crm.gender === 2)
    expect((await profileOf(visitorId)).crm).toEqual({ uname: '小王', gender: 2, age: 0, wechat: 'wxid_wang' })
  })

  it('refuses an out-of-range gender or age, a fractional age and a long wechat, from visitors and agents, storing nothing', async () => {
    const visitor = h.visitor()
    visitor.connect()
    await eventually(() => expect(visitor.getSnapshot().visitorId).toBeTruthy())
    const visitorId = visitor.getSnapshot().visitorId!
    await expect(visitor.identify({ gender: 3 as never, age: 200 })).rejects.toMatchObject({ code: 'invalid_identity' })
    for (const crm of [{ gender: 3 }, { gender: '1' }, { age: 151 }, { age: -1 }, { age: 30.5 }, { wechat: 'w'.repeat(65) }]) {
      await expect(desk.request({ type: 'visitor.update', visitorId, crm: crm as never })).rejects.toMatchObject({ code: 'bad_frame' })
    }
    expect((await profileOf(visitorId)).crm).toEqual({})
  })

  it('visitors and agents send location messages; each side receives them as sent', async () => {
    const { visitor, token, visitorId, conversationId } = await chatWithAmy()
    const raw = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await raw.hello(h.companyId, token)
    expect(welcome).toMatchObject({ type: 'welcome', visitorId })

    const fromVisitor = await raw.request({ type: 'message.send', body: PLACE })
    expect(fromVisitor).toMatchObject({ type: 'ack', message: { sender: 'visitor', body: PLACE } })
    await desk.waitFor((f) => f.type === 'message' && f.message.body.type === 'location' && f.message.sender === 'visitor')

    const agentPlace = { type: 'location', latitude: -33.8568, longitude: 151.2153 } as const
    const fromAgent = await desk.request({ type: 'message.send', conversationId, body: agentPlace })
    expect(fromAgent.message).toMatchObject({ sender: 'agent', body: agentPlace })
    await eventually(() => expect(visitor.getSnapshot().messages.some((m) => m.sender === 'agent' && m.body.type === 'location')).toBe(true))

    const stored = (await messagesOf(visitorId)).filter((m) => m.body.type === 'location').map((m) => m.body)
    expect(stored).toEqual([PLACE, agentPlace])
    raw.close()
  })

  it('refuses bad coordinates, scale and label with bad_frame and stores nothing', async () => {
    const { token, visitorId, conversationId } = await chatWithAmy()
    const raw = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    await raw.hello(h.companyId, token)
    const before = await messagesOf(visitorId)
    const bad = [
      { ...PLACE, latitude: 90.5 },
      { ...PLACE, latitude: -91 },
      { ...PLACE, longitude: 180.01 },
      { ...PLACE, longitude: -181 },
      { ...PLACE, latitude: '39.9' },
      { ...PLACE, scale: 0 },
      { ...PLACE, scale: 21 },
      { ...PLACE, label: 'x'.repeat(257) },
      { type: 'location', latitude: 39.9 },
    ]
    for (const body of bad) {
      expect(await raw.request({ type: 'message.send', body })).toMatchObject({ type: 'error', code: 'bad_frame' })
      await expect(desk.request({ type: 'message.send', conversationId, body: body as never })).rejects.toMatchObject({ code: 'bad_frame' })
    }
    // The edges are fine.
    const edge = { type: 'location', latitude: -90, longitude: 180, scale: 20, label: 'x'.repeat(256) } as const
    expect(await raw.request({ type: 'message.send', body: edge })).toMatchObject({ type: 'ack' })
    expect(await messagesOf(visitorId)).toEqual([...before, expect.objectContaining({ body: edge })])
    raw.close()
  })
})
