/** What WeChat's `window.external.PutMsg` / `Notice` return: `{retCode: 0, errMsg: ''}` on success. */
export interface WechatResult {
  readonly retCode: number
  readonly errMsg: string
  /** Ours, not the seed's: which field was wrong or why the call was refused. */
  readonly detail?: string
}

/**
 * The seed names only 0 (success) and 5 (参数错误); the others are ours, chosen not to collide with it.
 */
export const WECHAT_RET_CODE = {
  ok: 0,
  /** The page has not (yet) passed `config` verification, or it failed. */
  notVerified: 1,
  /** The SDK was destroyed. */
  destroyed: 2,
  invalidArgument: 5,
} as const

export const WECHAT_OK: WechatResult = Object.freeze({ retCode: WECHAT_RET_CODE.ok, errMsg: '' })

export function wechatError(retCode: number, errMsg: string, detail?: string): WechatResult {
  return Object.freeze(detail === undefined ? { retCode, errMsg } : { retCode, errMsg, detail })
}
