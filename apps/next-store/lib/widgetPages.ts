/** Pages that show chat built from the hooks only: the kefu widget is never loaded on them. */
export const HEADLESS_PATHS: readonly string[] = ['/support']

/** Whether the store loads the kefu widget on this path (every store page but the headless ones). */
export function showsWidget(pathname: string): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  return !HEADLESS_PATHS.includes(path)
}
