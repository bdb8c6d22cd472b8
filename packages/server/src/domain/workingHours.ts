import { z } from 'zod'

/** A clock time of the company's day, `HH:MM` on a 24-hour clock; `24:00` ends a day. */
const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/
const clock = z.string().regex(CLOCK, 'must be a time like 09:00 (00:00–24:00)')

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/** IANA time zones this runtime knows (PostgreSQL knows the same names), plus UTC. */
let knownZones: ReadonlySet<string> | undefined
export function isTimeZone(name: string): boolean {
  knownZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC'])
  return knownZones.has(name)
}

export const timeZoneSchema = z.string().max(64).refine(isTimeZone, { message: 'is not a time zone name like Asia/Shanghai' })

const openingSchema = z
  .object({ start: clock, end: clock })
  // Compared only once both are times: a malformed one has its own message.
  .refine((o) => !CLOCK.test(o.start) || !CLOCK.test(o.end) || minutesOf(o.start) < minutesOf(o.end), { message: 'start must be before end', path: ['end'] })

/** One day's openings, in order and not overlapping. */
const daySchema = z
  .array(openingSchema)
  .max(4)
  .refine((day) => day.some((o) => !CLOCK.test(o.start) || !CLOCK.test(o.end)) || day.every((o, i) => i === 0 || minutesOf(day[i - 1]!.end) <= minutesOf(o.start)), {
    message: 'openings must be in order and must not overlap',
  })

const weekday = () => [{ start: '09:00', end: '18:00' }]

/**
 * When people answer chats, in the company's time zone, and what visitors get outside those hours:
 * a leave-message form, a redirect to a web page, or the bot alone.
 */
export const workingHoursSchema = z.object({
  /** Off: agents are reachable whenever one is online (the behaviour without schedules). */
  enabled: z.boolean(),
  timeZone: timeZoneSchema,
  /** Seven days, Sunday first (as `Date.getDay()`), each a list of openings. */
  week: z.array(daySchema).length(7),
  /** Whole days closed (public holidays), `YYYY-MM-DD` in the company's time zone. */
  closedDates: z
    .array(z.iso.date())
    .max(366)
    .refine((dates) => new Set(dates).size === dates.length, { message: 'dates must not repeat' }),
  outside: z
    .object({
      mode: z.enum(['leave-message', 'redirect', 'bot']),
      url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
    })
    .refine((o) => o.mode !== 'redirect' || !!o.url, { message: 'redirect needs a url', path: ['url'] }),
})

export type WorkingHours = z.infer<typeof workingHoursSchema>

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  enabled: false,
  timeZone: 'Asia/Shanghai',
  week: [[], weekday(), weekday(), weekday(), weekday(), weekday(), []],
  closedDates: [],
  outside: { mode: 'leave-message' },
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

/** The date, weekday and minute of the day at `at` (ms since the epoch) in `timeZone`. */
export function localTime(timeZone: string, at: number): { date: string; weekday: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(at))
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday!]!,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  }
}

/** Whether the company answers chats at `at`; always true while working hours are off. */
export function isWithinWorkingHours(hours: WorkingHours, at: number): boolean {
  if (!hours.enabled) return true
  const { date, weekday, minute } = localTime(hours.timeZone, at)
  if (hours.closedDates.includes(date)) return false
  return hours.week[weekday]!.some((o) => minutesOf(o.start) <= minute && minute < minutesOf(o.end))
}
