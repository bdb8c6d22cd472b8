import type { ChatParams, ChatParamsSource, ParamProblem } from './chatParams'
import { readChatParams } from './readChatParams'
import { toParamRecord } from './toParamRecord'

/**
 * Reads several sources as one, a later source's parameters replacing an earlier one's (as repeated
 * `_echat('initParam', …)` or `zc('config', …)` calls do); undefined values replace nothing.
 */
export function mergeChatParams(...sources: readonly ChatParamsSource[]): ChatParams {
  const problems: ParamProblem[] = []
  const entries = sources.flatMap((source) => Object.entries(toParamRecord(source, problems)).filter(([, value]) => value !== undefined))
  const params = readChatParams(Object.fromEntries(entries))
  return problems.length ? { ...params, problems: [...problems, ...params.problems] } : params
}
