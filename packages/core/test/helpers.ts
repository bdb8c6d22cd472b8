import { createChat, memoryStorage, PROTOCOL_VERSION, type ChatOptions, type ClientFrame, type ServerFrame, type Transport, type TransportHandlers } from '@kefu/core'
import { createTestAgent, createTestVisibility, type TestAgentOptions } from '@kefu/core/testing'

/** A page whose visibility a test can flip. */
/** A page whose visibility a test can flip, so the client never reads `document`. */
export function fakeVisibility(initiallyVisible = true) {
  const source = createTestVisibility(initiallyVisible)
  return { source, set: source.set }
}

export function setup(agentOptions: TestAgentOptions = {}, chatOptions: Partial<ChatOptions> = {}) {
  const agent = createTestAgent(agentOptions)
  const page = fakeVisibility()
  let ids = 0
  const chat = createChat({
    companyId: 'demo',
    transport: agent.transport,
    storage: memoryStorage(),
    visibility: page.source,
    generateId: () => `c${++ids}`,
    ...chatOptions,
  })
  return { agent, chat, page }
}

/** A transport the test drives frame by frame, to send what no well-behaved server would. */
export function rawTransport() {
  let handlers: TransportHandlers | undefined
  const sent: ClientFrame[] = []
  const transport: Transport = {
    connect(h) {
      handlers = h
      h.open()
    },
    send: (frame) => void sent.push(frame),
    disconnect: () => void (handlers = undefined),
  }
  return {
    transport,
    sent,
    push(frame: ServerFrame) {
      if (!handlers) throw new Error('not connected')
      handlers.frame(frame)
    },
    close(reconnecting: boolean) {
      handlers?.close({ reconnecting })
    },
  }
}

export function welcome(overrides: Partial<Extract<ServerFrame, { type: 'welcome' }>> = {}): ServerFrame {
  return {
    type: 'welcome',
    v: PROTOCOL_VERSION,
    visitorId: 'v1',
    visitorToken: 't1',
    status: { name: 'idle' },
    queuePosition: null,
    staff: null,
    agentsOnline: true,
    unread: 0,
    readSeq: 0,
    messages: [],
    evaluation: null,
    ...overrides,
  }
}
