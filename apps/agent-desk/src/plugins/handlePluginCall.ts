import { KefuError, type ConversationSummary } from '@kefu/core'
import { validateProductCard } from '@kefu/core/cards'
import type { PluginCall } from '@kefu/agent/host'
import type { Desk } from '../desk'
import type { ComposerDraft } from '../ui/composerDraft'
import type { PluginPanelStore } from './pluginPanelStore'

export interface PluginCallContext {
  readonly desk: Desk
  readonly draft: ComposerDraft
  readonly panel: PluginPanelStore
  readonly pluginId: string
}

/** The conversation a plugin's call acts on: the selected one, and it must still be open. */
function openConversation(desk: Desk): ConversationSummary {
  const state = desk.getSnapshot()
  const conversation = state.selectedConversationId ? state.conversations[state.selectedConversationId] : undefined
  if (!conversation) throw new KefuError('not_found', 'no conversation is selected in the workbench')
  if (conversation.status === 'ended') throw new KefuError('conflict', 'the selected conversation has ended')
  return conversation
}

/**
 * Performs a verified plugin call on the workbench. Throws a KefuError (its `code` goes back to the
 * plugin) when it cannot: nothing selected, the chat ended, a bad card, the server refused.
 */
export async function handlePluginCall({ desk, draft, panel, pluginId }: PluginCallContext, call: PluginCall): Promise<unknown> {
  switch (call.method) {
    case 'pushVisitorEvent': {
      const conversation = openConversation(desk)
      // Checked here so the plugin hears exactly which field is wrong; the server checks again.
      const card = validateProductCard({ ...call.args.card, type: 'product' })
      const message = await desk.send(conversation.conversationId, { type: 'product', card })
      return { messageId: message.id }
    }
    case 'sendMessage': {
      const conversation = openConversation(desk)
      const message = await desk.send(conversation.conversationId, call.args.body)
      return { messageId: message.id }
    }
    case 'setVisitorChatSign': {
      const conversation = openConversation(desk)
      await desk.setChatSign(conversation.conversationId, call.args.chatSign)
      return undefined
    }
    case 'putMsg':
      openConversation(desk)
      draft.put(call.args.items)
      return undefined
    case 'notice':
      panel.notice(pluginId, call.args.text || '!')
      return undefined
  }
}
