import type { ServerFrame, Transport } from '@kefu/core'

export type WelcomeFrame = Extract<ServerFrame, { type: 'welcome' }>

/**
 * A transport that shows the host every `welcome` before the chat client handles it: the host needs
 * fields the client's snapshot does not keep (the company name for echat `echatPageStatus`).
 */
export function peekWelcome(transport: Transport, onWelcome: (welcome: WelcomeFrame) => void): Transport {
  const peeking: Transport = {
    connect: (handlers) =>
      transport.connect({
        ...handlers,
        frame(frame) {
          if (frame.type === 'welcome') onWelcome(frame)
          handlers.frame(frame)
        },
      }),
    send: (frame) => transport.send(frame),
    disconnect: () => transport.disconnect(),
  }
  const upload = transport.upload?.bind(transport)
  return upload ? { ...peeking, upload } : peeking
}
