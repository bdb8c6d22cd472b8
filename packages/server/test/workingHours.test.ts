import { describe, expect, it } from 'vitest'
import { DEFAULT_WORKING_HOURS, isTimeZone, isWithinWorkingHours, localTime, workingHoursSchema, type WorkingHours } from '../src/domain/workingHours'

const at = (iso: string) => Date.parse(iso)
const open9to18 = [{ start: '09:00', end: '18:00' }]
const hours = (patch: Partial<WorkingHours> = {}): WorkingHours => ({ ...DEFAULT_WORKING_HOURS, enabled: true, ...patch })

describe('working hours', () => {
  it('read the clock in the company’s time zone, not the server’s', () => {
    // 2026-03-02 is a Monday. 01:30 UTC is 09:30 in Shanghai and 20:30 the day before in New York.
    expect(localTime('Asia/Shanghai', at('2026-03-02T01:30:00Z'))).toEqual({ date: '2026-03-02', weekday: 1, minute: 9 * 60 + 30 })
    expect(localTime('America/New_York', at('2026-03-02T01:30:00Z'))).toEqual({ date: '2026-03-01', weekday: 0, minute: 20 * 60 + 30 })
    expect(isWithinWorkingHours(hours(), at('2026-03-02T01:30:00Z'))).toBe(true)
    expect(isWithinWorkingHours(hours({ timeZone: 'America/New_York' }), at('2026-03-02T01:30:00Z'))).toBe(false)
  })

  it('opening starts inclusive and ends exclusive; weekends and holidays are closed', () => {
    const h = hours()
    expect(isWithinWorkingHours(h, at('2026-03-02T00:59:00Z'))).toBe(false) // 08:59
    expect(isWithinWorkingHours(h, at('2026-03-02T01:00:00Z'))).toBe(true) // 09:00
    expect(isWithinWorkingHours(h, at('2026-03-02T09:59:00Z'))).toBe(true) // 17:59
    expect(isWithinWorkingHours(h, at('2026-03-02T10:00:00Z'))).toBe(false) // 18:00
    expect(isWithinWorkingHours(h, at('2026-03-07T03:00:00Z'))).toBe(false) // Saturday 11:00
    expect(isWithinWorkingHours(hours({ closedDates: ['2026-03-02'] }), at('2026-03-02T03:00:00Z'))).toBe(false)
    // Off means always open.
    expect(isWithinWorkingHours({ ...h, enabled: false }, at('2026-03-07T03:00:00Z'))).toBe(true)
  })

  it('a day can have several openings, and 24:00 closes at midnight', () => {
    const split = hours({ week: Array.from({ length: 7 }, () => [{ start: '00:00', end: '12:00' }, { start: '13:00', end: '24:00' }]) })
    expect(isWithinWorkingHours(split, at('2026-03-02T04:30:00Z'))).toBe(false) // 12:30 lunch
    expect(isWithinWorkingHours(split, at('2026-03-02T15:59:00Z'))).toBe(true) // 23:59
    expect(isWithinWorkingHours(split, at('2026-03-01T16:00:00Z'))).toBe(true) // 00:00 Monday
  })

  it('daylight saving: 09:00 in New York is 13:00 UTC in summer and 14:00 in winter', () => {
    const ny = hours({ timeZone: 'America/New_York', week: Array.from({ length: 7 }, () => open9to18) })
    expect(isWithinWorkingHours(ny, at('2026-07-01T13:00:00Z'))).toBe(true)
    expect(isWithinWorkingHours(ny, at('2026-01-07T13:00:00Z'))).toBe(false)
    expect(isWithinWorkingHours(ny, at('2026-01-07T14:00:00Z'))).toBe(true)
  })

  it('the schema refuses what cannot be a schedule, saying where', () => {
    const problems = (value: unknown) => {
      const result = workingHoursSchema.safeParse(value)
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    }
    expect(problems(DEFAULT_WORKING_HOURS)).toEqual([])
    expect(problems({ ...DEFAULT_WORKING_HOURS, timeZone: 'Mars/Olympus' })).toEqual(['timeZone: is not a time zone name like Asia/Shanghai'])
    expect(problems({ ...DEFAULT_WORKING_HOURS, week: DEFAULT_WORKING_HOURS.week.slice(1) })[0]).toMatch(/^week: /)
    const badDay = [...DEFAULT_WORKING_HOURS.week]
    badDay[1] = [{ start: '18:00', end: '09:00' }]
    expect(problems({ ...DEFAULT_WORKING_HOURS, week: badDay })).toEqual(['week.1.0.end: start must be before end'])
    badDay[1] = [{ start: '9:00', end: '25:00' }]
    expect(problems({ ...DEFAULT_WORKING_HOURS, week: badDay })).toHaveLength(2)
    badDay[1] = [
      { start: '09:00', end: '12:00' },
      { start: '11:00', end: '18:00' },
    ]
    expect(problems({ ...DEFAULT_WORKING_HOURS, week: badDay })).toEqual(['week.1: openings must be in order and must not overlap'])
    expect(problems({ ...DEFAULT_WORKING_HOURS, outside: { mode: 'redirect' } })).toEqual(['outside.url: redirect needs a url'])
    expect(problems({ ...DEFAULT_WORKING_HOURS, outside: { mode: 'redirect', url: 'javascript:alert(1)' } })[0]).toMatch(/^outside.url/)
    expect(problems({ ...DEFAULT_WORKING_HOURS, closedDates: ['2026-02-30'] })[0]).toMatch(/^closedDates.0/)
    expect(problems({ ...DEFAULT_WORKING_HOURS, closedDates: ['2026-02-17', '2026-02-17'] })).toEqual(['closedDates: dates must not repeat'])
  })

  it('knows IANA zone names and UTC, and nothing else', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true)
    expect(isTimeZone('Europe/Berlin')).toBe(true)
    expect(isTimeZone('UTC')).toBe(true)
    expect(isTimeZone('GMT+8')).toBe(false)
    expect(isTimeZone('')).toBe(false)
  })
})
