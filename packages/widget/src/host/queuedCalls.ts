/** One call a page made before the host runtime took over, from whichever queue held it. */
export type QueuedCall =
  /** `_echat(command, …)`: Echat's `_echat.q`. */
  | { readonly api: 'echat'; readonly args: readonly unknown[] }
  /** `zc(command, …)`: Sobot's `cbk`. */
  | { readonly api: 'zc'; readonly args: readonly unknown[] }
  /** `_kefu(command, …)`. */
  | { readonly api: 'kefu'; readonly args: readonly unknown[] }
  /** `ECHAT.method(…)`; `getFileUploadInfo` carries its promise's settlers. */
  | {
      readonly api: 'ECHAT'
      readonly method: string
      readonly args: readonly unknown[]
      readonly resolve?: (value: unknown) => void
      readonly reject?: (error: unknown) => void
    }

type Loose = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const argsOf = (value: unknown): unknown[] => (value && typeof value === 'object' && 'length' in value ? Array.from(value as ArrayLike<unknown>) : [])

/**
 * Empties the page's queues and returns their calls: `_echat.q`, then `cbk`, then `_kefu.q`
 * (`ECHAT.*` and `_kefu(…)`), each in the order the page made them.
 */
export function takeQueuedCalls(w: Loose): QueuedCall[] {
  const calls: QueuedCall[] = []
  const echatQueue = list(w._echat?.q)
  if (w._echat) w._echat.q = []
  for (const args of echatQueue) calls.push({ api: 'echat', args: argsOf(args) })
  const sobotQueue = list(w.cbk)
  w.cbk = []
  for (const args of sobotQueue) calls.push({ api: 'zc', args: argsOf(args) })
  const kefuQueue = list(w._kefu?.q)
  if (w._kefu) w._kefu.q = []
  for (const entry of kefuQueue) {
    const [method, args, resolve, reject] = list(entry) as [string, unknown, ((v: unknown) => void)?, ((e: unknown) => void)?]
    if (!method) calls.push({ api: 'kefu', args: argsOf(args) })
    else calls.push({ api: 'ECHAT', method, args: argsOf(args), ...(resolve ? { resolve } : {}), ...(reject ? { reject } : {}) })
  }
  return calls
}

/** The page's parameter calls: `_echat('initParam', o)`, `zc('config', o)`, `_kefu('config', o)`. */
export function configOf(call: QueuedCall): Record<string, unknown> | undefined {
  if (call.api === 'ECHAT') return undefined
  const [command, value] = call.args
  const isConfig = call.api === 'echat' ? command === 'initParam' : command === 'config' || (call.api === 'kefu' && command === 'initParam')
  return isConfig && value && typeof value === 'object' ? (value as Record<string, unknown>) : isConfig ? {} : undefined
}
