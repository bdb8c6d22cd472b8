import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { initialDeskLocale, storeDeskLocale } from './deskLocale'
import { DESK_TEXT, type DeskLocale, type DeskText } from './deskText'

export interface DeskLocaleValue {
  readonly locale: DeskLocale
  readonly text: DeskText
  setLocale(locale: DeskLocale): void
}

const DeskLocaleContext = createContext<DeskLocaleValue | null>(null)

/**
 * The workbench's one language at a time: the agent's choice (remembered in this browser), else the
 * browser's language. It sets `<html lang>` so screen readers and fonts follow.
 */
export function DeskLocaleProvider({ children, initial }: { children: ReactNode; initial?: DeskLocale }) {
  const [locale, setLocaleState] = useState<DeskLocale>(() => initial ?? initialDeskLocale())
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  const value = useMemo<DeskLocaleValue>(
    () => ({
      locale,
      text: DESK_TEXT[locale],
      setLocale(next) {
        storeDeskLocale(next)
        setLocaleState(next)
      },
    }),
    [locale],
  )
  return <DeskLocaleContext.Provider value={value}>{children}</DeskLocaleContext.Provider>
}

/** The workbench's language and its setter (the admin console follows it too). */
export function useDeskLocale(): DeskLocaleValue {
  const value = useContext(DeskLocaleContext)
  if (!value) throw new Error('useDeskLocale needs a <DeskLocaleProvider> above it (App renders one)')
  return value
}

/** The labels in the workbench's language. */
export const useText = (): DeskText => useDeskLocale().text
