/**
 * The strings the small host shows (its bundle carries only these, picked from the dictionaries at
 * build time): the button, its unread badge, the title while a message waits, a blank popup's text.
 */
export const SMALL_HOST_MESSAGE_KEYS = ['launcher.label', 'launcher.unread', 'title.newMessage', 'status.connecting'] as const

export type SmallHostMessageKey = (typeof SMALL_HOST_MESSAGE_KEYS)[number]
