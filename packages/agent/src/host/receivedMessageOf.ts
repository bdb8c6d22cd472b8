import type { ChatMessage } from '@kefu/core'
import type { ReceivedMessage } from '../bridgeProtocol'

/**
 * A visitor's message as Echat `onReceiveMsg` reports it (msgType 1 text … 5 file); `null` for what the
 * seed does not pass on: cards, forms, notices, and messages not sent by the visitor.
 */
export function receivedMessageOf(visitorId: string, message: ChatMessage): ReceivedMessage | null {
  if (message.sender !== 'visitor') return null
  const body = message.body
  switch (body.type) {
    case 'text':
      return { visitorId, msgType: 1, content: body.text, message }
    case 'image':
      return { visitorId, msgType: 2, smallImg: body.thumbnailUrl ?? body.url, sourceImg: body.url, message }
    case 'video':
      return { visitorId, msgType: 3, fileUrl: body.url, ...(body.thumbnailUrl ? { videoThumbUrl: body.thumbnailUrl } : {}), message }
    case 'voice':
      return { visitorId, msgType: 4, fileUrl: body.url, ...(body.duration !== undefined ? { voiceDuration: body.duration } : {}), message }
    case 'file':
      return { visitorId, msgType: 5, fileUrl: body.url, fileName: body.name, fileSize: body.size, message }
    default:
      return null
  }
}
