import type { DeskSnapshot } from '../desk'
import { useState, type FormEvent } from 'react'
import { TEXT } from './text'
import { useDesk, useDeskStore } from './useDesk'

const selectAuth = (s: DeskSnapshot) => s.auth

export function LoginForm() {
  const desk = useDeskStore()
  const auth = useDesk(selectAuth)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const busy = auth.status === 'signing-in'

  const submit = (event: FormEvent) => {
    event.preventDefault()
    // The error is in the snapshot; nothing else to do with the rejection here.
    desk.login(email.trim(), password).catch(() => {})
  }

  return (
    <main className="login">
      <form className="login-form" onSubmit={submit} aria-labelledby="login-title" data-testid="login-form">
        <h1 id="login-title">{TEXT.login.title}</h1>
        <label>
          {TEXT.login.email}
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
          {TEXT.login.password}
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
        {auth.status === 'signed-out' && auth.error ? (
          <p role="alert" className="error" data-testid="login-error">
            {auth.error}
          </p>
        ) : null}
        <button type="submit" disabled={busy} data-testid="login-submit">
          {busy ? TEXT.login.signingIn : TEXT.login.submit}
        </button>
      </form>
    </main>
  )
}
