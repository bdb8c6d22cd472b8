import type { EchatChatStatusLabel } from '@kefu/core'

type Echat<A extends string, L> = { readonly eventCategory: 'echat'; readonly eventAction: A; readonly eventLabel: L }
type Analytics<A extends string, L> = { readonly eventCategory: 'analytics'; readonly eventAction: A; readonly eventLabel: L }

/** Analytics labels: the conversation's state when it happened, in the seed's spelling (`chating`). */
export type EchatPhaseLabel = 'chating' | 'end'

/** `echatPageStatus`'s label: 7 the in-page window opened (with the account), 8 it was hidden (empty). */
export type EchatPageStatusLabel =
  | { readonly event: 7; readonly eventValue: { readonly companyId: number | string; readonly companyName: string } }
  | { readonly event: 8; readonly eventValue: '' }

/**
 * One payload of Echat's `_echat('on', { newEvent })`, exactly as the seed gives it.
 * JSON labels (`chatStaffInfo`, `visitorTrackInfo`, `visitorSendMsg`) are strings, as in the seed.
 */
export type EchatEvent =
  | Echat<'chatStatus', EchatChatStatusLabel>
  | Echat<'staffStatus', 1 | 2>
  | Echat<'newMsg', string>
  | Echat<'chatStaffInfo', string>
  | Echat<'queuePostion', number>
  | Echat<'visitorEvaluate', `${0 | 1}-${1 | 2}`>
  | Echat<'visitorHide', ''>
  | (Echat<'echatPageStatus', EchatPageStatusLabel> & { readonly act: 100 })
  | Echat<'visitorTrackInfo', string>
  | Echat<'visitorSendMsg', string>
  | Analytics<'Button Clicked', ''>
  | Analytics<'Served by Agent', string>
  | Analytics<`Chat_Evaluate_${number}` | 'Chat_Evaluate_Cancel' | 'Chat_Comment_submit', EchatPhaseLabel>

export type EchatEventAction = EchatEvent['eventAction']
