'use client'

/**
 * Signs out and starts over as a new anonymous visitor: the kefu visitor token is dropped, so the next
 * person at this browser does not see the member's chat.
 */
export function SignOutButton({ companyId }: { readonly companyId: string }) {
  const signOut = async () => {
    await fetch('/api/session', { method: 'DELETE' }).catch(() => undefined)
    try {
      window.localStorage.removeItem(`kefu:${companyId}:visitorToken`)
    } catch {
      // storage unavailable: nothing was kept there
    }
    window.location.assign('/')
  }
  return (
    <button type="button" className="link-button" data-testid="signout" onClick={() => void signOut()}>
      退出 <small>Sign out</small>
    </button>
  )
}
