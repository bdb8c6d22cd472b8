/**
 * Adds `work` to the set of work a shutdown waits for before the database closes, until it settles.
 * Returns it, so a caller can chain on it.
 */
export function trackInFlight<T>(inFlight: Set<Promise<void>>, work: Promise<T>): Promise<T> {
  const settled = work.then(
    () => undefined,
    () => undefined,
  )
  inFlight.add(settled)
  void settled.then(() => inFlight.delete(settled))
  return work
}
