import type { TraceEntry } from '@kefu/core'
import type { ChatParams } from '../params'

/** Sobot `man_trace`: this page view (`cur_visit_args`) and where it came from (`pre_visit_args`). */
export function pageTrace(params: ChatParams, w: Window): TraceEntry | undefined {
  if (!params.trace?.enabled) return undefined
  const d = w.document
  const cur = params.trace.cur ?? { cur_visit_url: w.location.href, ...(d.title ? { cur_visit_title: d.title } : {}) }
  const pre = params.trace.pre ?? (d.referrer ? { pre_visit_url: d.referrer } : undefined)
  return { cur_visit_args: cur, ...(pre ? { pre_visit_args: pre } : {}) }
}
