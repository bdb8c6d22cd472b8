import { createChat } from '../createChat'
import { memoryStorage } from '../environment'
import type { ChatContractTarget } from './chatContract'
import { createTestAgent } from './createTestAgent'
import { createTestVisibility } from './createTestVisibility'

/** The fake server (`createTestAgent`) as a target of `CHAT_CONTRACT`. */
export function fakeContractTarget(): ChatContractTarget {
  return {
    async start(scene) {
      const evaluateOnEnd = scene.evaluateOnEnd ?? true
      const agent = createTestAgent({
        onRequest: scene.reception === 'agent' ? 'accept' : scene.reception === 'queue' ? 'queue' : scene.reception === 'bot' ? 'bot' : 'offline',
        onHandoff: 'accept',
        agentsOnline: scene.reception !== 'offline',
        evaluateOnVisitorEnd: evaluateOnEnd,
        startChatOn: scene.startChatOn ?? 'message',
      })
      const storage = memoryStorage()
      const clients: ReturnType<typeof createChat>[] = []
      let first = true
      return {
        tab() {
          const client = createChat({
            companyId: 'contract',
            transport: first ? agent.transport : agent.createTransport(),
            storage,
            visibility: createTestVisibility(),
          })
          first = false
          clients.push(client)
          client.connect()
          return client
        },
        agent: {
          accept: async () => agent.accept(),
          say: async (text) => void agent.say(text),
          sendCard: async (card) => void agent.pushCard(card),
          typing: async (typing) => agent.typing(typing),
          end: async () => agent.end(2, { evaluate: evaluateOnEnd }),
          received: async () => agent.messages.flatMap((m) => (m.sender === 'visitor' && m.body.type === 'text' ? [m.body.text] : [])),
        },
        async dropConnections() {
          agent.dropConnections()
          setTimeout(() => agent.restoreConnections(), 20)
        },
        async close() {
          for (const client of clients) client.destroy()
        },
      }
    },
  }
}
