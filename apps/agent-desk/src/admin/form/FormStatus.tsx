import type { FormErrors } from './formErrors'

/** The form-level outcome under a form's buttons: its error, or that it saved. */
export function FormStatus({ errors, saved, savedText }: { errors: FormErrors; saved: boolean; savedText: string }) {
  if (errors.form) {
    return (
      <p className="form-error" role="alert" data-testid="form-error">
        {errors.form}
      </p>
    )
  }
  return saved ? (
    <p className="form-saved" role="status" data-testid="form-saved">
      {savedText}
    </p>
  ) : null
}
