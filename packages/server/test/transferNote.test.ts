import type { AgentServerFrame, ChatMessage } from '@kefu/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASES, startHarness, type Harness } from './harness'
import { RawSocket } from './rawSocket'

// A transfer takes a note for the agent who takes over: stored as an internal note before the transfer
// notice, seen by agents and never by the visitor.
describe.each(DATABASES)('a transfer note (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database, { companySettings: { receptionMode: 2 } })
  })
  afterAll(async () => {
    await h?.close()
  })

  it('reaches the next agent as an internal note before the notice; the visitor never gets it; a blank or long note is refused', async () => {
    const amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    const amyDesk = await h.agent(amy.token)
    const shopper = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await shopper.hello(h.companyId)
    const visitorId = welcome.visitorId as string
    await shopper.request({ type: 'chat.request' })
    const started = await amyDesk.waitFor<Extract<AgentServerFrame, { type: 'conversation' }>>((f) => f.type === 'conversation' && f.conversation.visitorId === visitorId)
    const conversationId = started.conversation.conversationId
    if (started.conversation.status === 'waiting') await amyDesk.request({ type: 'conversation.accept', conversationId })
    const ben = await h.addAgent({ email: `ben-${h.companyId}@example.com`, name: 'Ben' })
    const benDesk = await h.agent(ben.token)

    // Refused notes leave the chat where it was.
    for (const note of ['   ', 'x'.repeat(1001)]) {
      await expect(amyDesk.request({ type: 'conversation.transfer', conversationId, to: { agentId: ben.agentId }, note } as never)).rejects.toThrow(/invalid/)
    }
    expect((await h.http('GET', `/api/v1/visitors/${visitorId}/messages`, { token: amy.token })).body.some((m: ChatMessage) => m.visibility === 'agent')).toBe(false)
    const ack = await amyDesk.request({ type: 'conversation.transfer', conversationId, to: { agentId: ben.agentId }, note: '  顾客要 L 码，请跟进。 ' } as never)
    expect(ack.type).toBe('ack')
    await benDesk.waitFor((f) => f.type === 'conversation' && f.conversation.conversationId === conversationId && f.conversation.agentId === ben.agentId)

    const log = (await h.http('GET', `/api/v1/visitors/${visitorId}/messages`, { token: ben.token })).body as ChatMessage[]
    const notes = log.filter((m) => m.visibility === 'agent')
    expect(notes.map((m) => [m.body, m.senderName])).toEqual([[{ type: 'text', text: '顾客要 L 码，请跟进。' }, 'Amy']])
    const noteIndex = log.indexOf(notes[0]!)
    expect(log.slice(noteIndex + 1).some((m) => m.body.type === 'notice')).toBe(true)
    // The visitor's connection got the notice, never the note.
    await shopper.waitFor((f) => f.type === 'message' && (f.message as ChatMessage).body.type === 'notice' && JSON.stringify(f).includes('transfer'))
    expect(JSON.stringify(shopper.frames)).not.toContain('顾客要 L 码')
    shopper.close()
    amyDesk.close()
    benDesk.close()
  })
})
