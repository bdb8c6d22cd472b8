import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, eventually, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

// Echat: entry data given to customMiniChat / customNewWinChat (echatTag, the page…) reaches an agent
// already signed in at once, not after a reload of the workbench.
describe.each(DATABASES)('entry data published live (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('a later hello with new entry data sends the agents the visitor with it; the same entry again sends nothing', async () => {
    const amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    const desk = await h.agent(amy.token)
    const hello = async (socket: RawSocket, entry: object, visitorToken?: string) => {
      const from = socket.frames.length
      socket.send({ type: 'hello', v: 1, companyId: h.companyId, lastSeq: 0, entry, ...(visitorToken ? { visitorToken } : {}) })
      return socket.waitFor((f) => f.type === 'welcome', { from })
    }
    // The store page stays connected (so a second connection is no news by itself to the agents).
    const pageSocket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await hello(pageSocket, { echatTag: '首页' })
    const visitorId = welcome.visitorId as string
    const withTag = (tag: string) => desk.frames.filter((f) => f.type === 'visitor' && f.visitor.visitorId === visitorId && f.visitor.entry.echatTag === tag).length
    await eventually(() => expect(withTag('首页')).toBeGreaterThan(0))

    // The chat window of customMiniChat({ echatTag: '商品测试' }) says hello as the same visitor.
    const chatWindow = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    await hello(chatWindow, { echatTag: '商品测试', enterUrl: 'https://shop.example/item/1' }, welcome.visitorToken as string)
    const frame = await desk.waitFor((f) => f.type === 'visitor' && f.visitor.visitorId === visitorId && f.visitor.entry.echatTag === '商品测试')
    expect(frame).toMatchObject({ visitor: { entry: { echatTag: '商品测试', enterUrl: 'https://shop.example/item/1' } } })

    // The same entry again: nothing changed, nothing is sent.
    const before = withTag('商品测试')
    const again = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    await hello(again, { echatTag: '商品测试', enterUrl: 'https://shop.example/item/1' }, welcome.visitorToken as string)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(withTag('商品测试')).toBe(before)
    for (const socket of [pageSocket, chatWindow, again]) socket.close()
    desk.close()
  })
})
