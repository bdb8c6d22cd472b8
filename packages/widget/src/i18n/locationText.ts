import type { MessageBody } from '@kefu/core'

/** A location message as text: its label, or its coordinates when it has none. */
export function locationText(body: Extract<MessageBody, { type: 'location' }>): string {
  return body.label || `${body.latitude}, ${body.longitude}`
}
