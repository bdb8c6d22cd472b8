export { readChatParams, readChatWindowParams } from './readChatParams'
export { chatParamsToQuery } from './chatParamsToQuery'
export { mergeChatParams } from './mergeChatParams'
export { mergeParamRecords } from './mergeParamRecords'
export { chatLinkQuery } from './chatLinkQuery'
export { readLauncherParams } from './readLauncherParams'
export type { LauncherParams } from './readLauncherParams'
export { toChatLocale } from './toChatLocale'
export type {
  ChatLocale,
  ChatParams,
  ChatParamsInput,
  ChatParamsSource,
  ChatRedirect,
  ChatTrace,
  ChatUiOptions,
  ChatWindowParam,
  EntranceOptions,
  InvitationOptions,
  MiniWindowParam,
  ParamProblem,
  SobotSource,
} from './chatParams'
