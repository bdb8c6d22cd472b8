import type { OutgoingMessageBody } from '@kefu/core'
import { PluginArgumentError } from './pluginErrors'

/** The Echat `send*ToVisitor` methods and the argument each takes. */
export interface SendToVisitorArgs {
  sendTxtMsgToVisitor: string
  sendImageToVisitor: { smallImg?: string; sourceImg: string }
  sendVideoToVisitor: { videoThumbUrl?: string; fileUrl: string }
  sendVoiceToVisitor: { fileUrl: string; voiceDuration?: number }
  sendFileToVisitor: { fileUrl: string; fileName: string; fileSize: number }
}
export type SendToVisitorMethod = keyof SendToVisitorArgs

const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i

/** Checks a `send*ToVisitor` argument and maps the seed's field names to a kefu message body. */
export function visitorMessageBody<M extends SendToVisitorMethod>(method: M, arg: unknown): OutgoingMessageBody {
  if (method === 'sendTxtMsgToVisitor') {
    if (typeof arg !== 'string') throw new PluginArgumentError(method, 'content', `must be a string, got ${describe(arg)}`)
    if (arg.trim() === '') throw new PluginArgumentError(method, 'content', 'must not be empty')
    return { type: 'text', text: arg }
  }
  const names = { sendImageToVisitor: 'imageInfo', sendVideoToVisitor: 'videoInfo', sendVoiceToVisitor: 'voiceInfo', sendFileToVisitor: 'fileInfo' }
  const name = names[method as Exclude<SendToVisitorMethod, 'sendTxtMsgToVisitor'>]
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) {
    throw new PluginArgumentError(method, name, `must be an object, got ${describe(arg)}`)
  }
  const info = arg as Record<string, unknown>
  const url = (key: string, required: boolean): string | undefined => {
    const value = info[key]
    if ((value === undefined || value === '') && !required) return undefined
    if (typeof value !== 'string' || !HTTP_URL.test(value.trim())) {
      throw new PluginArgumentError(method, `${name}.${key}`, value === undefined ? 'is required' : 'must be an http(s) URL')
    }
    return value.trim()
  }
  const optional = <T extends object>(body: T): T => {
    for (const key of Object.keys(body)) if ((body as Record<string, unknown>)[key] === undefined) delete (body as Record<string, unknown>)[key]
    return body
  }
  switch (method) {
    case 'sendImageToVisitor':
      return optional({ type: 'image', url: url('sourceImg', true)!, thumbnailUrl: url('smallImg', false) })
    case 'sendVideoToVisitor':
      return optional({ type: 'video', url: url('fileUrl', true)!, thumbnailUrl: url('videoThumbUrl', false) })
    case 'sendVoiceToVisitor': {
      const duration = info.voiceDuration
      if (duration !== undefined && (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0)) {
        throw new PluginArgumentError(method, `${name}.voiceDuration`, 'must be a non-negative number of seconds')
      }
      return optional({ type: 'voice', url: url('fileUrl', true)!, duration })
    }
    default: {
      const fileUrl = url('fileUrl', true)!
      if (typeof info.fileName !== 'string' || info.fileName.trim() === '') {
        throw new PluginArgumentError(method, `${name}.fileName`, 'must be a non-empty string')
      }
      if (typeof info.fileSize !== 'number' || !Number.isSafeInteger(info.fileSize) || info.fileSize < 0) {
        throw new PluginArgumentError(method, `${name}.fileSize`, 'must be a non-negative integer (bytes)')
      }
      return { type: 'file', url: fileUrl, name: info.fileName, size: info.fileSize }
    }
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value
}
