export { readChatParams } from './readChatParams'
export { chatParamsToQuery } from './chatParamsToQuery'
export { mergeChatParams } from './mergeChatParams'
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
