export { createAgentPlugin } from './createAgentPlugin'
export type { AgentPlugin, AgentPluginConfig, AgentPluginOptions, AgentPluginSnapshot, AgentPluginStatus, VisitorEvent } from './agentPlugin'
export { PluginArgumentError, PluginCallError, PluginError } from './pluginErrors'
export { WECHAT_RET_CODE } from './wechatResult'
export type { WechatResult } from './wechatResult'
export type { SendToVisitorArgs, SendToVisitorMethod } from './visitorMessageBody'
export { cardFromVisEvt } from './cardFromVisEvt'
export { readPutMsg } from './putMsgRequest'
export type { PutMsgRequest } from './putMsgRequest'
export { CONTEXT_PARAMS, HOST_ORIGIN_PARAM, paramDataReader, parseParamList } from './paramList'
export type { ContextParam, ParamDataReader } from './paramList'
export { BRIDGE_CHANNEL, BRIDGE_VERSION, isBridgeMessage } from './bridgeProtocol'
export type {
  ComposerItem,
  ContextProof,
  CrmUpdate,
  DebugAction,
  HostEvent,
  HostMessage,
  MapMessageClick,
  PluginCall,
  PluginErrorReason,
  PluginMessage,
  PluginMethod,
  PluginSignature,
  ReceivedMessage,
  SelectedVisitor,
} from './bridgeProtocol'
