/** Without its undefined fields. */
export function compact<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T
}

/** `compact(fields)`, or undefined when nothing is left. */
export function compactOrUndefined<T extends object>(fields: T): T | undefined {
  const result = compact(fields)
  return Object.keys(result).length ? result : undefined
}
