import type { StoreSession } from '#shared/session'

/** The session, fetched once while rendering (so server and browser agree) and updated on sign-in/out. */
export function useStoreSession() {
  const session = useState<StoreSession>('store-session', () => ({ user: null, identity: null }))
  const headers = useRequestHeaders(['cookie'])
  return {
    session,
    refresh: async () => {
      session.value = await $fetch<StoreSession>('/api/session', { headers })
    },
    signIn: async (user: string, password: string) => {
      session.value = await $fetch<StoreSession>('/api/session', { method: 'POST', body: { user, password } })
    },
    signOut: async () => {
      session.value = await $fetch<StoreSession>('/api/session', { method: 'DELETE' })
    },
  }
}
