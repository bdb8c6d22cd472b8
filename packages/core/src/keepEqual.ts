/** Keeps the current value when the next one is equal by value (a resync resends equal copies), so nothing re-renders. */
export function keepEqual<T>(current: T, next: T): T {
  return current === next || JSON.stringify(current) === JSON.stringify(next) ? current : next
}
