import type { PluginErrorReason } from './bridgeProtocol'

/**
 * Why the plugin cannot be used: what `error(callback)` receives and what calls reject with once
 * verification failed. `errMsg` and `reason` are the seed-friendly fields (`res.errMsg`).
 */
export class PluginError extends Error {
  override readonly name: string = 'PluginError'
  readonly reason: PluginErrorReason
  /** The same text as `message`, under the name the seed's pages read. */
  readonly errMsg: string

  constructor(reason: PluginErrorReason, message: string) {
    super(message)
    this.reason = reason
    this.errMsg = message
  }
}

/** A method was called with a bad argument; thrown synchronously, nothing is sent. */
export class PluginArgumentError extends TypeError {
  override readonly name: string = 'PluginArgumentError'
  /** The SDK method called, e.g. `sendTxtMsgToVisitor`. */
  readonly method: string
  /** The offending argument or field, e.g. `content`, `visEvt.title`. */
  readonly argument: string

  constructor(method: string, argument: string, problem: string) {
    super(`${method}: ${argument} ${problem}`)
    this.method = method
    this.argument = argument
  }
}

/** The workbench refused a call (no visitor selected, chat ended, not verified, …). */
export class PluginCallError extends Error {
  override readonly name: string = 'PluginCallError'
  readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}
