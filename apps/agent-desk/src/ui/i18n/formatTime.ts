import type { DeskLocale } from './deskText'

const CLOCK = { hour: 'numeric', minute: '2-digit' } as const

/**
 * A time as the agent's language writes it (`Intl`): the clock for today (`14:33`, `2:33 PM`), with the
 * date before that (`4月15日 14:33`), with the year from another year — never US-style dates in Chinese.
 */
export function formatTime(locale: DeskLocale, at: number, now = Date.now()): string {
  const date = new Date(at)
  const today = new Date(now)
  if (date.toDateString() === today.toDateString()) return new Intl.DateTimeFormat(locale, CLOCK).format(date)
  const year = date.getFullYear() !== today.getFullYear() ? { year: 'numeric' } : {}
  return new Intl.DateTimeFormat(locale, { ...year, month: 'short', day: 'numeric', ...CLOCK } as Intl.DateTimeFormatOptions).format(date)
}

/** A full date and time (`2026年4月15日 14:33`, `Apr 15, 2026, 2:33 PM`). */
export function formatDateTime(locale: DeskLocale, at: number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at))
}
