export { createPluginHost } from './createPluginHost'
export type { BridgeLogEntry, PluginHost, PluginHostOptions, PluginHostStatus } from './createPluginHost'
export { readPluginCall } from './readPluginCall'
export { selectedVisitorOf } from './selectedVisitorOf'
export { pluginPageUrl } from './pluginPageUrl'
export { receivedMessageOf } from './receivedMessageOf'
export { parseApiUrl } from './parseApiUrl'
export type { ApiUrlLink } from './parseApiUrl'
export { PluginError } from '../pluginErrors'
export { BRIDGE_CHANNEL, BRIDGE_VERSION, isBridgeMessage } from '../bridgeProtocol'
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
} from '../bridgeProtocol'
