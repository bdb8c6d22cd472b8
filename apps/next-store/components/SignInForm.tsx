'use client'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'

/**
 * Signs in through `/api/session`; the layout then hands the new (signed) member identity to kefu.
 * Before the script runs the form posts natively to the same endpoint, which redirects.
 */
export function SignInForm({ initialError = null }: { readonly initialError?: string | null }) {
  const router = useRouter()
  const [error, setError] = useState<string | null>(initialError)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setBusy(true)
    setError(null)
    try {
      const response = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
      })
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null
        setError(body?.message ?? `登录失败 Sign-in failed (${response.status})`)
        return
      }
      router.push('/orders')
      router.refresh()
    } catch {
      setError('网络错误 Network error')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="signin" method="post" action="/api/session" onSubmit={(event) => void submit(event)}>
      <label>
        用户名 <small>Username</small>
        <input name="username" data-testid="signin-user" autoComplete="username" required />
      </label>
      <label>
        密码 <small>Password</small>
        <input name="password" type="password" data-testid="signin-password" autoComplete="current-password" required />
      </label>
      <button type="submit" className="button primary" data-testid="signin-submit" disabled={busy}>
        登录 <small>Sign in</small>
      </button>
      {error && (
        <p className="error" role="alert" data-testid="signin-error">
          {error}
        </p>
      )}
    </form>
  )
}
