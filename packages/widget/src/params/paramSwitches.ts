import type { ChatUiOptions, EntranceOptions } from './chatParams'
import type { ParamReader } from './paramReader'

/**
 * How a Sobot switch is spelled. Every boolean switch accepts true/false, 1/0 and those as strings;
 * the kind says which value means on, and how `chatParamsToQuery` writes it:
 * - `on1` / `onTrue`: 1 (true) is on; written 1/0 or true/false, as the seed's table spells it;
 * - `off1` / `offTrue`: inverted, 1 (true) is off;
 * - `hide`: the string `hide` is off, anything else on (written `show`);
 * - `link`: 0 (false) is off, anything else on.
 */
export type SwitchKind = 'on1' | 'onTrue' | 'off1' | 'offTrue' | 'hide' | 'link'

type SwitchOption<T> = { [K in keyof T]-?: NonNullable<T[K]> extends boolean ? K : never }[keyof T] & string
type Switch<T> = readonly [option: SwitchOption<T>, param: string, kind: SwitchKind]

/** The seed's table (参数一览表) wins where its examples differ; see the notes. */
export const UI_SWITCHES: readonly Switch<ChatUiOptions>[] = [
  ['leaveMessageButton', 'leave_msg_flag', 'on1'],
  // Table: "结束会话后是否显示留言入口 1关闭 0开启". The config example says "false开启 true关闭" for the
  // leave-message prompts and the entry after the chat ends: the same polarity (true = 1 = off).
  ['leaveMessageAfterEnd', 'msg_flag', 'off1'],
  ['evaluationButton', 'feedback_flag', 'on1'],
  ['evaluateOnClose', 'show_evaluate', 'on1'],
  ['visitorMayEvaluateAfterAgentEnds', 'satDegree_A', 'onTrue'],
  ['uploads', 'photo_flag', 'on1'],
  ['emoji', 'emoji_state', 'hide'],
  ['autoLink', 'is_link', 'link'],
  ['showAvatars', 'show_face', 'on1'],
  ['topBar', 'top_bar_flag', 'on1'],
  // `refresh` (component only) is read as well when `reload` is absent.
  ['reloadOnOpen', 'reload', 'onTrue'],
  ['robotGuide', 'guide_flag', 'on1'],
  ['delayedHumanButton', 'show_manual', 'on1'],
  // Table: "cut_flag … hide关闭 默认开启".
  ['screenshot', 'cut_flag', 'hide'],
]

export const ENTRANCE_SWITCHES: readonly Switch<EntranceOptions>[] = [
  ['customButtons', 'custom', 'onTrue'],
  ['manual', 'manual', 'onTrue'],
  ['autoExpand', 'auto_expand', 'onTrue'],
  ['openInNewWindow', 'anchor', 'onTrue'],
  ['animatedIcon', 'gif', 'on1'],
  // Only the example documents it: "invite_flag:true //true关闭,默认开启".
  ['allowAgentInvite', 'invite_flag', 'offTrue'],
]

export function readSwitch(reader: ParamReader, param: string, kind: SwitchKind): boolean | undefined {
  if (kind === 'hide') {
    const value = reader.text(param, 20)
    return value === undefined ? undefined : value.toLowerCase() !== 'hide'
  }
  if (kind === 'link') {
    const value = reader.raw[param]
    return reader.has(param) ? typeof value === 'object' || !/^\s*(?:0|false)\s*$/i.test(String(value)) : undefined
  }
  const on = reader.flag(param)
  return on === undefined || kind.startsWith('on') ? on : !on
}

export function writeSwitch(kind: SwitchKind, on: boolean): string {
  if (kind === 'hide') return on ? 'show' : 'hide'
  const bit = kind.startsWith('off') ? !on : on
  return kind.endsWith('True') ? `${bit}` : bit ? '1' : '0'
}
