import type { MessageBody } from './message'

/** Echat's `visitorSendMsg` event payloads, exactly as the seed gives them. */
export type VisitorSendMsgPayload =
  | { readonly msgType: 'text'; readonly textContent: string }
  | {
      readonly msgType: 'file'
      readonly fileName: string
      readonly fileUrl: string
      /** 0 file, 1 voice, 2 video. */
      readonly fileType: 0 | 1 | 2
      readonly fileSize: number
    }
  | { readonly msgType: 'image'; readonly smallImg: string; readonly bigImg: string; readonly sourceImg: string }
  | { readonly msgType: 'formData'; readonly formName: string; readonly formId: number }

/** The seed's payload for a visitor's message, or `undefined` for kinds it does not report (cards). */
export function toVisitorSendMsg(body: MessageBody): VisitorSendMsgPayload | undefined {
  switch (body.type) {
    case 'text':
      return { msgType: 'text', textContent: body.text }
    case 'image':
      return { msgType: 'image', smallImg: body.thumbnailUrl ?? body.url, bigImg: body.url, sourceImg: body.url }
    case 'file':
      return { msgType: 'file', fileName: body.name, fileUrl: body.url, fileType: 0, fileSize: body.size }
    case 'voice':
    case 'video':
      return {
        msgType: 'file',
        fileName: body.name ?? '',
        fileUrl: body.url,
        fileType: body.type === 'voice' ? 1 : 2,
        fileSize: body.size ?? 0,
      }
    case 'form':
      return { msgType: 'formData', formName: body.formName, formId: body.formId }
    default:
      return undefined
  }
}
