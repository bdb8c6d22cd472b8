import type { ChatParamsSource, ParamProblem } from './chatParams'
import { toParamRecord } from './toParamRecord'

/**
 * Several sources' parameters as one object, a later source's replacing an earlier one's (as repeated
 * `_echat('initParam', …)` or `zc('config', …)` calls do); undefined values replace nothing.
 */
export function mergeParamRecords(sources: readonly ChatParamsSource[], problems: ParamProblem[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {}
  for (const source of sources) {
    for (const [key, value] of Object.entries(toParamRecord(source, problems))) if (value !== undefined) merged[key] = value
  }
  return merged
}
