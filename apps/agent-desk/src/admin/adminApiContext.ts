import { createContext, useContext } from 'react'
import type { AdminApi } from './adminApi'

export const AdminApiContext = createContext<AdminApi | null>(null)

export function useAdminApi(): AdminApi {
  const api = useContext(AdminApiContext)
  if (!api) throw new Error('useAdminApi needs the AdminConsole around it')
  return api
}
