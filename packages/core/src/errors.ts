/** Every error kefu raises or reports carries one of these codes. */
export type KefuErrorCode =
  | 'invalid_argument'
  | 'invalid_card'
  | 'invalid_identity'
  | 'unsupported'
  | 'destroyed'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'payload_too_large'
  | 'bad_frame'
  | 'conflict'
  | 'server_error'

export class KefuError extends Error {
  override readonly name: string = 'KefuError'
  readonly code: KefuErrorCode
  readonly details: unknown

  constructor(code: KefuErrorCode, message: string, details?: unknown) {
    super(message)
    this.code = code
    this.details = details
  }
}

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `goods.0.name`; empty for the value itself. */
  readonly path: string
  readonly message: string
}

/** A card, link or identity that failed validation; `issues` lists every problem found. */
export class ValidationError extends KefuError {
  override readonly name: string = 'ValidationError'
  readonly issues: readonly ValidationIssue[]

  constructor(code: KefuErrorCode, issues: readonly ValidationIssue[]) {
    super(code, issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; '), issues)
    this.issues = issues
  }
}
