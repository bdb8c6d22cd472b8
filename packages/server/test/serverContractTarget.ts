import { createChat, memoryStorage, type ChatClient } from '@kefu/core'
import { createTestVisibility, type ChatContractTarget } from '@kefu/core/testing'
import { websocketTransport } from '@kefu/core/websocket'
import { randomBytes } from 'node:crypto'
import { WebSocket } from 'ws'
import type { AgentTestClient, Harness } from './harness'

/** The real server, behind a harness, as a target of `CHAT_CONTRACT`: each scene is a fresh company. */
export function serverContractTarget(h: Harness): ChatContractTarget {
  return {
    async start(scene) {
      const companyId = `k${randomBytes(4).toString('hex')}`
      await h.addCompany(companyId, { receptionMode: scene.reception === 'bot' ? 3 : 2, evaluateOnEnd: scene.evaluateOnEnd ?? true, startChatOn: scene.startChatOn ?? 'message' })
      let desk: AgentTestClient | undefined
      if (scene.reception !== 'offline') {
        const { token } = await h.addAgent({ email: `amy-${companyId}@example.com`, name: 'Amy', companyId })
        desk = await h.agent(token)
        if (scene.reception === 'queue') await desk.request({ type: 'presence', presence: 'busy' })
      }
      const storage = memoryStorage()
      const clients: ChatClient[] = []
      const sockets = new Set<WebSocket>()
      // Every socket of this visitor, so a test can cut them all (and only them).
      class TrackedWebSocket extends WebSocket {
        constructor(...args: ConstructorParameters<typeof WebSocket>) {
          super(...args)
          sockets.add(this)
          this.on('close', () => sockets.delete(this))
        }
      }
      const agentDesk = () => {
        if (!desk) throw new Error('this scene has no agent')
        return desk
      }
      const visitorId = () => clients[0]?.getSnapshot().visitorId
      /** The visitor's conversation: the one serving its tabs, else the latest the agent's desk heard of. */
      const conversationId = async () => {
        const served = clients.map((c) => c.getSnapshot().staff?.recordId).find(Boolean)
        if (served) return served
        await agentDesk().waitFor((f) => f.type === 'conversation' && f.conversation.visitorId === visitorId())
        const heard = agentDesk().frames.flatMap((f) => (f.type === 'conversation' && f.conversation.visitorId === visitorId() ? [f.conversation.conversationId] : []))
        return heard.at(-1)!
      }
      return {
        tab() {
          const client = createChat({
            companyId,
            transport: websocketTransport({ url: `${h.wsUrl}/ws/visitor`, WebSocket: TrackedWebSocket as never, backoff: { initialMs: 20, maxMs: 200 } }),
            storage,
            visibility: createTestVisibility(),
          })
          clients.push(client)
          client.connect()
          return client
        },
        agent: {
          async accept() {
            await agentDesk().request({ type: 'presence', presence: 'online' })
          },
          async say(text) {
            const frame = { type: 'message.send', conversationId: await conversationId(), body: { type: 'text', text } } as const
            // An agent typing faster than the server allows is told to slow down: wait and send again, as the workbench would.
            for (;;) {
              try {
                return void (await agentDesk().request(frame))
              } catch (error) {
                if ((error as { code?: string }).code !== 'rate_limited') throw error
                await new Promise((resolve) => setTimeout(resolve, 100))
              }
            }
          },
          async sendCard(card) {
            await agentDesk().request({ type: 'message.send', conversationId: await conversationId(), body: { type: 'product', card } as never })
          },
          async typing(typing) {
            agentDesk().raw({ type: 'typing', conversationId: await conversationId(), typing })
          },
          async end() {
            await agentDesk().request({ type: 'conversation.end', conversationId: await conversationId() })
          },
          async received() {
            return agentDesk().frames.flatMap((f) =>
              f.type === 'message' && f.visitorId === visitorId() && f.message.sender === 'visitor' && f.message.body.type === 'text' ? [f.message.body.text] : [],
            )
          },
        },
        async dropConnections() {
          for (const socket of sockets) socket.terminate()
        },
        async close() {
          for (const client of clients) client.destroy()
          desk?.close()
        },
      }
    },
  }
}
