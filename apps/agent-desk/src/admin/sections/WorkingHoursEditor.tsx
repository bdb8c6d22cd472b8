import type { Opening, WorkingHours } from '../adminApi'
import { Field, Toggle } from '../form/Field'
import { fieldError, type FormErrors } from '../form/formErrors'
import { LinesInput } from '../form/LinesInput'
import { useAdminText } from '../i18n'
import { timeZones } from './validateSettings'

/** Monday first, as people read a week; stored Sunday first (0), as `Date.getDay()`. */
const ORDER = [1, 2, 3, 4, 5, 6, 0]

/** Working hours: on or off, the time zone, openings per weekday, closed days, and what happens outside. */
export function WorkingHoursEditor({ value, onChange, errors }: { value: WorkingHours; onChange(next: WorkingHours): void; errors: FormErrors }) {
  const { t } = useAdminText()
  const c = t.company
  const setDay = (day: number, openings: Opening[]) => onChange({ ...value, week: value.week.map((d, i) => (i === day ? openings : d)) })
  return (
    <fieldset className="admin-card" data-testid="working-hours">
      <legend>{c.hours}</legend>
      <Toggle label={c.hoursEnabled} hint={c.hoursEnabledHint} checked={value.enabled} onChange={(enabled) => onChange({ ...value, enabled })} testId="hours-enabled" />
      <Field label={c.timeZone} error={fieldError(errors, 'workingHours.timeZone')}>
        <select value={value.timeZone} onChange={(e) => onChange({ ...value, timeZone: e.target.value })} data-testid="hours-timezone">
          {timeZones().map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </Field>
      <table className="week">
        <tbody>
          {ORDER.map((day) => {
            const openings = value.week[day] ?? []
            const error = fieldError(errors, `workingHours.week.${day}`)
            return (
              <tr key={day} className={error ? 'invalid' : undefined} data-testid={`hours-day-${day}`}>
                <th scope="row">{c.weekdays[day]}</th>
                <td>
                  {openings.length === 0 ? <span className="muted">{c.closed}</span> : null}
                  {openings.map((o, index) => (
                    <span key={index} className="opening">
                      <input
                        type="time"
                        aria-label={`${c.weekdays[day]} ${c.openingFrom}`}
                        value={o.start}
                        onChange={(e) => setDay(day, openings.map((x, i) => (i === index ? { ...x, start: e.target.value } : x)))}
                      />
                      –
                      <input
                        type="time"
                        aria-label={`${c.weekdays[day]} ${c.openingTo}`}
                        // A browser's time input cannot show 24:00; it means "until midnight".
                        value={o.end === '24:00' ? '23:59' : o.end}
                        onChange={(e) => setDay(day, openings.map((x, i) => (i === index ? { ...x, end: e.target.value === '23:59' ? '24:00' : e.target.value } : x)))}
                      />
                      <button type="button" className="link" aria-label={`${c.weekdays[day]} ${c.removeOpening}`} onClick={() => setDay(day, openings.filter((_, i) => i !== index))}>
                        ×
                      </button>
                    </span>
                  ))}
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      const last = openings.at(-1)
                      setDay(day, [...openings, last ? { start: last.end === '24:00' ? '23:00' : last.end, end: '24:00' } : { start: '09:00', end: '18:00' }])
                    }}
                  >
                    + {c.addOpening}
                  </button>
                  {error ? (
                    <p className="field-error" role="alert">
                      {error}
                    </p>
                  ) : null}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <Field label={c.closedDates} hint={c.closedDatesHint} error={fieldError(errors, 'workingHours.closedDates')}>
        <LinesInput rows={3} split={/[\n,，\s]+/} value={value.closedDates} onChange={(closedDates) => onChange({ ...value, closedDates })} data-testid="hours-closed-dates" />
      </Field>
      <Field label={c.outside}>
        <select
          value={value.outside.mode}
          onChange={(e) => onChange({ ...value, outside: { ...value.outside, mode: e.target.value as WorkingHours['outside']['mode'] } })}
          data-testid="hours-outside"
        >
          {(['leave-message', 'redirect', 'bot'] as const).map((mode) => (
            <option key={mode} value={mode}>
              {c.outsideModes[mode]}
            </option>
          ))}
        </select>
      </Field>
      {value.outside.mode === 'redirect' ? (
        <Field label={c.redirectUrl} error={fieldError(errors, 'workingHours.outside.url')}>
          <input type="url" value={value.outside.url ?? ''} onChange={(e) => onChange({ ...value, outside: { ...value.outside, url: e.target.value } })} />
        </Field>
      ) : null}
    </fieldset>
  )
}
