import type { MessageBody } from '@kefu/core'

type Location = Extract<MessageBody, { type: 'location' }>

/** A location message in one line: its label, or its coordinates when it has none. */
export function locationText({ latitude, longitude, label }: Pick<Location, 'latitude' | 'longitude'> & { readonly label?: string }): string {
  return label || `${latitude}, ${longitude}`
}
