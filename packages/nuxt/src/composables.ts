/** The composables of `@kefu/vue` the module auto-imports; a test checks this against the package. */
export const KEFU_COMPOSABLES = [
  'useChat',
  'useChatStatus',
  'useUnread',
  'useSendCard',
  'useStaff',
  'useQueuePosition',
  'useMessages',
  'useConnection',
  'useChatWindow',
  'useEvaluation',
  'useChatEvent',
  'useChatSelector',
  'useStoreSelector',
  'useLoadEarlier',
] as const

/** The composables of `@kefu/vue/agent`, for business plugin pages inside the agent workbench. */
export const KEFU_AGENT_COMPOSABLES = [
  'useSelectedVisitor',
  'useVisitorMessages',
  'usePushCard',
  'useAgentPlugin',
  'useAgentPluginSelector',
  'useAgentPluginStatus',
  'useAgentPluginError',
] as const
