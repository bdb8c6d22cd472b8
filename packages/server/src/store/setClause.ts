/** A patch field's column, and whether it is stored as JSON. */
export type ColumnMap<Patch> = { readonly [K in keyof Required<Patch>]: readonly [column: string, json: boolean] }

/**
 * The `SET` assignments for the fields a patch sets (undefined means "leave as is"), appending their
 * values to `params` so the placeholders continue after the ones the caller already uses.
 */
export function setClause<Patch extends object>(columns: ColumnMap<Patch>, patch: Patch, params: unknown[]): string[] {
  const sets: string[] = []
  for (const [key, [column, json]] of Object.entries(columns) as [keyof Patch, readonly [string, boolean]][]) {
    const value = patch[key]
    if (value === undefined) continue
    params.push(json ? JSON.stringify(value) : value)
    sets.push(`${column} = $${params.length}${json ? '::jsonb' : ''}`)
  }
  return sets
}
