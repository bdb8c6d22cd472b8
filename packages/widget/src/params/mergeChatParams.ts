import type { ChatParams, ChatParamsSource, ParamProblem } from './chatParams'
import { mergeParamRecords } from './mergeParamRecords'
import { readChatParams } from './readChatParams'

/**
 * Reads several sources as one, a later source's parameters replacing an earlier one's (as repeated
 * `_echat('initParam', …)` or `zc('config', …)` calls do); undefined values replace nothing.
 */
export function mergeChatParams(...sources: readonly ChatParamsSource[]): ChatParams {
  const problems: ParamProblem[] = []
  const params = readChatParams(mergeParamRecords(sources, problems))
  return problems.length ? { ...params, problems: [...problems, ...params.problems] } : params
}
