import { useId, type ReactElement, type ReactNode } from 'react'
import { cloneElement } from 'react'

/**
 * A labelled control with its hint and its error, wired for assistive technology: the label names the
 * control, the hint and the error describe it, and `aria-invalid` marks it while it is wrong.
 */
export function Field({
  label,
  hint,
  error,
  children,
  testId,
}: {
  label: ReactNode
  hint?: ReactNode
  error?: string | undefined
  children: ReactElement<Record<string, unknown>>
  testId?: string
}) {
  const id = useId()
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${error ? ' invalid' : ''}`} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** A checkbox with its label on the right, and its hint under it. */
export function Toggle({ label, hint, checked, onChange, testId }: { label: ReactNode; hint?: ReactNode; checked: boolean; onChange(value: boolean): void; testId?: string }) {
  const id = useId()
  return (
    <div className="toggle">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  )
}
