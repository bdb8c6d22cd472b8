import { useState, type FormEvent } from 'react'
import type { DeskSnapshot } from '../desk'
import { DESK_LOCALES, LOCALE_NAMES, useDeskLocale, type DeskLocale, type DeskText } from './i18n'
import { useDesk, useDeskStore } from './useDesk'

/**
 * The server's refusal in the agent's language: the login route answers `unauthorized` for a wrong
 * e-mail or password and `rate_limited` after too many tries; a network failure has status 0.
 */
export function loginErrorText(text: DeskText, error: { code: string; status: number; message: string }): string {
  if (error.status === 0) return text.login.errors.network
  if (error.code === 'unauthorized' || error.status === 401) return text.login.errors.unauthorized
  if (error.code === 'rate_limited' || error.status === 429) return text.login.errors.rateLimited
  if (error.code === 'conflict' || error.status === 409) return text.login.companyNeeded
  return text.login.errors.other(error.status)
}

const selectAuth = (s: DeskSnapshot) => s.auth

export function LoginForm() {
  const desk = useDeskStore()
  const { text, locale, setLocale } = useDeskLocale()
  const auth = useDesk(selectAuth)
  const [error, setError] = useState<{ code: string; status: number; message: string } | null>(null)
  // Once the agent has tried, only this form's own refusal shows: the store says "signed out" a moment
  // before the refusal reaches the form, and that moment must not show the session notice instead.
  const [tried, setTried] = useState(false)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  // Asked for only when the e-mail and password open accounts in several companies.
  const [companyId, setCompanyId] = useState<string | null>(null)
  const busy = auth.status === 'signing-in'

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    setTried(true)
    desk.login(email.trim(), password, companyId?.trim() || undefined).catch((e: { code?: string; status?: number; message?: string }) => {
      const refused = { code: e.code ?? '', status: e.status ?? -1, message: e.message ?? String(e) }
      if (refused.code === 'conflict' || refused.status === 409) setCompanyId((current) => current ?? '')
      setError(refused)
    })
  }

  // The store's reason (a session that ended, an account turned off) is the server's English: the agent reads their own language.
  const notice = error ? loginErrorText(text, error) : !tried && auth.status === 'signed-out' && auth.error ? text.login.errors.signedOut : null

  return (
    <main className="login">
      <form className="login-form" onSubmit={submit} aria-labelledby="login-title" data-testid="login-form">
        <h1 id="login-title">{text.login.title}</h1>
        <label>
          {text.login.email}
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
          />
        </label>
        <label>
          {text.login.password}
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        {companyId !== null ? (
          <label>
            {text.login.company}
            <input name="companyId" required value={companyId} onChange={(e) => setCompanyId(e.target.value)} data-testid="login-company" />
          </label>
        ) : null}
        {notice ? (
          <p role="alert" className="error" data-testid="login-error">
            {notice}
          </p>
        ) : null}
        <button type="submit" disabled={busy} data-testid="login-submit">
          {busy ? text.login.signingIn : text.login.submit}
        </button>
        <select className="login-language" value={locale} aria-label={text.language.label} onChange={(e) => setLocale(e.target.value as DeskLocale)} data-testid="language">
          {DESK_LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </form>
    </main>
  )
}
