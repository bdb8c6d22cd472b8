import { DeskHttpError } from '../../desk'
import type { AdminText } from '../i18n'

/** What went wrong with a form: one sentence for the form, and messages per field path (`workingHours.week.1.0.end`). */
export interface FormErrors {
  readonly form: string | null
  readonly fields: Readonly<Record<string, string>>
}

export const NO_ERRORS: FormErrors = { form: null, fields: {} }

/** Server messages the console knows, in the reader's language. */
function knownMessage(message: string, t: AdminText): string | null {
  let m: RegExpExecArray | null
  if ((m = /^Too big: expected string to have <=(\d+) characters$/.exec(message))) return t.common.maxLength(Number(m[1]))
  if (/^Invalid (?:URL|url)/.test(message) || message === 'must be an http(s) URL') return t.common.badUrl
  if (/^Invalid email/.test(message)) return t.common.badEmail
  if ((m = /^Too big: expected array to have <=(\d+) items$/.exec(message))) return t.common.maxItems(Number(m[1]))
  if (message.startsWith('must be an origin like')) return t.company.siteOriginBad()
  if (message === 'that e-mail is taken') return t.team.emailTaken
  if (message === 'you cannot disable or demote yourself; ask another admin' || message === 'you cannot delete yourself') return t.team.notYourself
  return null
}

/**
 * Turns an API failure into form errors: field issues go next to their fields (in the reader's language
 * where the console knows the message, else as the server put it); other failures become one sentence.
 */
export function formErrorsOf(error: unknown, t: AdminText): FormErrors {
  if (error instanceof DeskHttpError) {
    if (error.issues.length) {
      const fields: Record<string, string> = {}
      for (const issue of error.issues) fields[issue.path] ??= knownMessage(issue.message, t) ?? issue.message
      return { form: t.common.invalidForm, fields }
    }
    if (error.status === 0) return { form: t.common.errors.network, fields: {} }
    const generic = (t.common.errors as Record<string, string>)[error.code] ?? t.common.errors.server_error
    // A refusal the console knows gets its own words; others keep the server's reason, which names what is wrong.
    const known = knownMessage(error.message, t)
    if (known) return { form: known, fields: {} }
    return { form: error.code === 'conflict' || error.code === 'invalid_argument' ? `${generic} ${error.message}` : generic, fields: {} }
  }
  return { form: error instanceof Error ? error.message : String(error), fields: {} }
}

/** The first error for a field or anything below it (`week.1` shows `week.1.0.end`'s message). */
export function fieldError(errors: FormErrors, path: string): string | undefined {
  if (errors.fields[path]) return errors.fields[path]
  const prefix = `${path}.`
  const key = Object.keys(errors.fields).find((k) => k.startsWith(prefix))
  return key ? errors.fields[key] : undefined
}
