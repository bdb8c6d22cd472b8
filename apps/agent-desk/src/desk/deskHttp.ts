import { KefuError, type KefuErrorCode, type ValidationIssue } from '@kefu/core'

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** An HTTP failure: `status` 0 when the server could not be reached; `reason` as the server named it. */
export class DeskHttpError extends KefuError {
  override readonly name: string = 'DeskHttpError'
  readonly status: number
  readonly reason: string
  /** The server's `issues` for a refused body: which field, and why. */
  readonly issues: readonly ValidationIssue[]

  constructor(status: number, code: KefuErrorCode, reason: string, message: string, issues: readonly ValidationIssue[] = []) {
    super(code, message)
    this.status = status
    this.reason = reason
    this.issues = issues
  }
}

const CODE_BY_STATUS: Record<number, KefuErrorCode> = {
  400: 'invalid_argument',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
}

/**
 * Calls the kefu server and parses its JSON. Errors come as `{error: {code, message}}` (admin API) or
 * `{error: reason, message}` (plugin verification); both become a `DeskHttpError`.
 */
export async function deskFetch(fetchImpl: FetchLike, url: string, init: RequestInit = {}): Promise<unknown> {
  let response: Response
  try {
    response = await fetchImpl(url, init)
  } catch (error) {
    throw new DeskHttpError(0, 'server_error', 'network', `the server cannot be reached (${(error as Error).message})`)
  }
  const text = await response.text()
  let body: unknown = undefined
  if (text) {
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
  }
  if (response.ok) return body
  const raw = (body ?? {}) as { error?: unknown; message?: unknown }
  const nested = typeof raw.error === 'object' && raw.error !== null ? (raw.error as { code?: unknown; message?: unknown; issues?: unknown }) : undefined
  const reason = String(nested?.code ?? raw.error ?? CODE_BY_STATUS[response.status] ?? 'server_error')
  const message = String(nested?.message ?? raw.message ?? `${response.status} ${response.statusText}`)
  const code = CODE_BY_STATUS[response.status] ?? 'server_error'
  const issues = Array.isArray(nested?.issues)
    ? (nested.issues as { path?: unknown; message?: unknown }[]).map((i) => ({ path: String(i?.path ?? ''), message: String(i?.message ?? '') }))
    : []
  throw new DeskHttpError(response.status, code, reason, message, issues)
}
