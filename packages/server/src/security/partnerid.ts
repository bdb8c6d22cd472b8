/** Longest `partnerid` accepted, as in the Sobot seed ("用户id,限制300字符"), counted like `String.length`. */
export const MAX_PARTNERID_LENGTH = 300

/** What is wrong with a `partnerid`, or `undefined` when it is a usable member id. */
export function partneridProblem(partnerid: unknown): string | undefined {
  if (partnerid === undefined || partnerid === null || partnerid === '') return 'partnerid is missing'
  if (typeof partnerid !== 'string') return 'partnerid must be a string'
  if (partnerid.length > MAX_PARTNERID_LENGTH) return `partnerid is longer than ${MAX_PARTNERID_LENGTH} characters`
  return undefined
}
